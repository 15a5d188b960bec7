//! `watchkeeper snapshot [--json]`: poll every feed once, merge with the
//! journal, print the state. Exit 3 when a feed failed (the rest is still
//! printed).

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use super::output::Out;
use crate::domain::station::Trend;
use crate::domain::{AlertState, Officer, SourceAlert, Station};
use crate::setup::{Failure, Setup};
use crate::state::Model;
use crate::state::views::{self, RowFilter};

#[derive(Serialize)]
struct StationOut<'a> {
    #[serde(flatten)]
    station: &'a Station,
    trend: Trend,
    open_alerts: u32,
}

#[derive(Serialize)]
struct AlertOut<'a> {
    #[serde(flatten)]
    alert: &'a SourceAlert,
    state: AlertState,
    escalation_level: u32,
    acknowledged_by: Option<&'a str>,
    acknowledged_at: Option<DateTime<Utc>>,
    snoozed_until: Option<DateTime<Utc>>,
    /// The id of the alert leading its group of related alerts (the same
    /// event through several feeds), on every member; absent when alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    related_group: Option<&'a str>,
}

/// A hazard near no duty station (`unmatched_hazards`): it raises no
/// alert, but the officer can still see it. Where it is: the point the
/// source gave, else the area as the source names it.
#[derive(Serialize)]
struct UnmatchedOut<'a> {
    id: &'a str,
    source: &'a str,
    title: &'a str,
    severity: crate::domain::Severity,
    area: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    reported_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct OfficerOut<'a> {
    #[serde(flatten)]
    officer: &'a Officer,
    tasked_to: Option<&'a str>,
}

/// Builds the model a snapshot describes: the journal's record, then one poll of every feed.
pub fn build(setup: &Setup, now: DateTime<Utc>) -> Result<Model, Failure> {
    build_as_of(setup, now, None)
}

/// [`build`], with the journal's record as it was at `until` when given
/// (the handover of a shift that is over); the feeds are polled now.
pub fn build_as_of(
    setup: &Setup,
    now: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
) -> Result<Model, Failure> {
    let mut model = setup.model(now);
    // An empty file is a journal still being created (or whose creator was
    // killed first): no events yet.
    if setup.journal.exists() && !crate::journal::not_yet_written(&setup.journal) {
        let mut j = crate::journal::open_read_only(&setup.journal, &setup.journal_options())
            .map_err(|e| Failure::new(1, e.to_string()))?;
        let keep_from = crate::runtime::keep_from(setup, now);
        let state = match until {
            Some(until) => crate::history::load_until(j.as_mut(), keep_from, until),
            None => crate::history::load(j.as_mut(), keep_from).map(|(state, _, _)| state),
        }
        .map_err(|e| Failure::new(1, e.to_string()))?;
        model.set_journal(state);
    }
    let rt = super::runtime()?;
    let mut updates = rt.block_on(super::poll_all(setup));
    // Stations first, so hazards are matched against them.
    updates.sort_by_key(|u| {
        model
            .feed(&u.feed)
            .map(|f| f.kind != crate::config::FeedKind::Stations)
    });
    for u in updates {
        model.apply_feed(u);
    }
    Ok(model)
}

/// The SPEC's snapshot object.
pub fn to_json(setup: &Setup, model: &Model, now: DateTime<Utc>) -> serde_json::Value {
    let filter = RowFilter {
        desk: setup.desk.clone(),
        related: setup.config.related,
        ..RowFilter::default()
    };
    let rows = views::compute(model, &filter, now);
    let group_of = |id: &str| {
        let entry = model.alerts.position(id)?;
        let (lead, _) = rows.related.group_of(entry)?;
        Some(model.alerts.entries[lead].alert.id.as_str())
    };
    let shift = setup.watch.current(now);
    let feeds: Vec<_> = model
        .feeds
        .iter()
        .map(|f| {
            json!({
                "id": f.id, "kind": f.kind.as_str(), "format": f.format.as_str(),
                "ok": f.error.is_none() && f.last_success.is_some(),
                "stale": f.stale(now), "error": f.problem(now), "items": f.items, "rejected": f.rejected,
                "fetched_at": f.last_success,
            })
        })
        .collect();
    let stations: Vec<_> = rows
        .stations
        .iter()
        .map(|&i| {
            let s = &model.stations[i];
            StationOut {
                station: s,
                trend: model.journal.trend(&s.id, s.security_level, now),
                open_alerts: rows.per_station.get(&s.id).map_or(0, |c| c.total()),
            }
        })
        .collect();
    let alerts: Vec<_> = model
        .alerts
        .entries
        .iter()
        .filter(|e| !model.status(e, now).retired)
        .filter(|e| {
            setup.desk.as_ref().is_none_or(|d| {
                e.alert
                    .stations
                    .iter()
                    .any(|s| model.station(&s.id).is_some_and(|st| &st.region == d))
            })
        })
        .map(|e| {
            let st = model.status(e, now);
            let j = st.journal;
            AlertOut {
                alert: &e.alert,
                state: st.state,
                escalation_level: j.map_or(0, |j| j.escalation_level),
                acknowledged_by: j.and_then(|j| j.acked_by.as_deref()),
                acknowledged_at: j.and_then(|j| j.acked_at),
                snoozed_until: j.and_then(|j| j.snoozed_until).filter(|t| *t > now),
                related_group: group_of(&e.alert.id),
            }
        })
        .collect();
    let roster: Vec<_> = model
        .roster
        .iter()
        .map(|o| OfficerOut {
            officer: o,
            tasked_to: model
                .journal
                .taskings
                .get(&o.id)
                .map(|t| t.station.as_str()),
        })
        .collect();
    // Near no station, so no desk applies: every one is listed.
    let unmatched: Vec<_> = model
        .feeds
        .iter()
        .flat_map(|f| f.unmatched.iter())
        .map(|a| UnmatchedOut {
            id: &a.id,
            source: &a.source,
            title: &a.title,
            severity: a.severity,
            area: a.area_desc.as_deref(),
            lat: a.lat,
            lon: a.lon,
            reported_at: a.reported_at,
        })
        .collect();
    json!({
        "generated_at": now,
        "watch": { "day": shift.day, "shift": shift.name, "starts": shift.starts, "ends": shift.ends },
        "feeds": feeds,
        "stations": stations,
        "alerts": alerts,
        "unmatched_hazards": unmatched,
        "roster": roster,
    })
}

pub fn run(setup: &Setup, as_json: bool) -> Result<(), Failure> {
    let now = Utc::now();
    let model = build(setup, now)?;
    let mut out = Out::new();
    if as_json {
        let v = to_json(setup, &model, now);
        out.line(serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        print_text(&mut out, setup, &model, now);
    }
    out.finish()?;
    super::feeds_failed(&model, "")
}

fn print_text(out: &mut Out, setup: &Setup, model: &Model, now: DateTime<Utc>) {
    let rows = views::compute(
        model,
        &RowFilter {
            desk: setup.desk.clone(),
            ..RowFilter::default()
        },
        now,
    );
    let shift = setup.watch.current(now);
    out.line(format!(
        "watchkeeper snapshot {} · shift {} · {} · {}",
        now.format("%Y-%m-%d %H:%M:%SZ"),
        shift.name,
        crate::domain::words::count(rows.stations.len(), "station", "stations"),
        crate::domain::words::count(rows.alerts.len(), "open alert", "open alerts")
    ));
    for f in &model.feeds {
        out.line(format!(
            "feed {:<14} {:<8} items {:>4} rejected {:>3} {}",
            f.id,
            f.status(now).as_str(),
            f.items,
            f.rejected,
            f.problem(now).unwrap_or_default()
        ));
    }
    for &i in &rows.alerts {
        let e = &model.alerts.entries[i];
        let st = model.status(e, now);
        let by = st.journal.and_then(|j| j.acked_by.as_deref()).unwrap_or("");
        out.line(format!(
            "{:<8} {:<12} {:<28} {:<5} {} {by}",
            e.alert.severity.as_str(),
            st.state.as_str(),
            e.alert.id,
            e.alert.primary_station().unwrap_or("-"),
            e.alert.title
        ));
    }
}
