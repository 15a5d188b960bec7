//! Sorted and filtered row lists for the panes, computed from the model
//! when it changes (not on every frame).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::Model;
use super::filter::{AlertFacts, Filter, StationFacts};
use super::related::{self, Related};
use crate::domain::related::Rule;
use crate::domain::{AlertState, OfficerStatus, Severity, Station};

/// The orders `s` cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AlertSort {
    /// New before acknowledged, then most severe, then newest.
    #[default]
    Priority,
    Newest,
    Station,
}

impl AlertSort {
    pub fn next(self) -> AlertSort {
        match self {
            AlertSort::Priority => AlertSort::Newest,
            AlertSort::Newest => AlertSort::Station,
            AlertSort::Station => AlertSort::Priority,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AlertSort::Priority => "priority",
            AlertSort::Newest => "newest",
            AlertSort::Station => "station",
        }
    }
}

/// Alerts by severity, for the status bar and station rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeverityCounts(pub [u32; 5]);

impl SeverityCounts {
    pub fn add(&mut self, s: Severity) {
        self.0[s as usize] += 1;
    }
    pub fn get(&self, s: Severity) -> u32 {
        self.0[s as usize]
    }
    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }
    pub fn worst(&self) -> Option<Severity> {
        Severity::ALL_DESC.into_iter().find(|&s| self.get(s) > 0)
    }
}

/// Everything the panes list, computed once per model revision.
#[derive(Debug, Default, Clone)]
pub struct Rows {
    /// Indexes into `model.alerts.entries`.
    pub alerts: Vec<usize>,
    /// Indexes into `model.stations`.
    pub stations: Vec<usize>,
    /// Indexes into `model.roster`.
    pub roster: Vec<usize>,
    /// Unacknowledged alerts by severity (status bar): the whole watch, or
    /// the desk, whatever the `/` filter shows. Snoozed ones are not counted.
    pub unacked: SeverityCounts,
    /// The alerts the list would show without the `/` filter ("12 of 109 shown").
    pub unfiltered: usize,
    /// Open (unresolved, not retired) alerts per station id.
    pub per_station: HashMap<String, SeverityCounts>,
    /// Earliest future moment when a snooze, mute or clear expires: the
    /// rows must be recomputed then even if nothing else changes.
    pub next_expiry: Option<DateTime<Utc>>,
    /// Related alerts shown as one row (`[related]`).
    pub related: Related,
}

impl Rows {
    /// Every alert the list shows, in list order: `alerts` has one row for
    /// a folded group of related alerts, this has each of its members.
    pub fn listed(&self) -> impl Iterator<Item = usize> + '_ {
        self.alerts
            .iter()
            .flat_map(move |i| match self.related.folded(*i) {
                Some(g) => g.members.iter(),
                None => std::slice::from_ref(i).iter(),
            })
            .copied()
    }

    /// How many alerts the list shows (`listed().count()`, from the
    /// groups rather than by walking the rows).
    pub fn listed_count(&self) -> usize {
        let folded: usize = self
            .related
            .groups
            .values()
            .filter(|g| !g.expanded)
            .map(|g| g.members.len() - 1)
            .sum();
        self.alerts.len() + folded
    }
}

/// Which rows a console shows.
#[derive(Debug, Clone, Default)]
pub struct RowFilter {
    /// Only this desk's (region's) stations and their alerts.
    pub desk: Option<String>,
    /// The parsed `/` expression (its `raw` text is shown in the pane title).
    pub query: Option<Filter>,
    pub sort: AlertSort,
    /// Alerts grouped by their (first) station: most at-risk station first,
    /// `sort` within each group. The alerts pane draws a header per group.
    pub group: bool,
    /// The officer's login: what `owner:me` means.
    pub officer: String,
    /// Related alerts as one row, by this rule; `None`: every alert its own row.
    pub related: Option<Rule>,
    /// Alert ids whose related group is opened (`→`).
    pub expanded: HashSet<String>,
}

impl RowFilter {
    /// The filter text as typed, if a filter is on.
    pub fn text(&self) -> Option<&str> {
        self.query.as_ref().map(|q| q.raw.as_str())
    }
}

fn station_facts(s: &Station) -> StationFacts<'_> {
    StationFacts {
        id: &s.id,
        name: &s.name,
        region: &s.region,
        level: s.security_level,
    }
}

pub fn compute(model: &Model, filter: &RowFilter, now: DateTime<Utc>) -> Rows {
    let mut rows = Rows::default();
    let in_desk = |station: &str| match &filter.desk {
        None => true,
        Some(d) => model.station(station).is_some_and(|s| &s.region == d),
    };
    let query = filter.query.as_ref();
    let want_snoozed = query.is_some_and(Filter::wants_snoozed);
    let mut next_expiry: Option<DateTime<Utc>> = None;
    let mut consider = |t: DateTime<Utc>| {
        if t > now && next_expiry.is_none_or(|n| t < n) {
            next_expiry = Some(t);
        }
    };
    for (i, e) in model.alerts.entries.iter().enumerate() {
        let st = model.status(e, now);
        if let Some(t) = st.journal.and_then(|j| j.snoozed_until) {
            consider(t);
        }
        if let Some(t) = e.cleared_at {
            consider(t + model.clear_after);
        }
        if st.state == AlertState::Resolved || st.retired {
            continue;
        }
        if filter.desk.is_some() && !e.alert.stations.iter().any(|s| in_desk(&s.id)) {
            continue;
        }
        for s in &e.alert.stations {
            rows.per_station
                .entry(s.id.clone())
                .or_default()
                .add(e.alert.severity);
        }
        if !st.snoozed {
            rows.unfiltered += 1;
            if st.state == AlertState::New && !st.cleared {
                rows.unacked.add(e.alert.severity);
            }
        }
        if st.snoozed && !want_snoozed {
            continue;
        }
        if let Some(q) = query {
            let a = &e.alert;
            let facts = AlertFacts {
                id: &a.id,
                title: &a.title,
                category: &a.category,
                severity: Some(a.severity),
                stations: a
                    .stations
                    .iter()
                    .map(|r| match model.station(&r.id) {
                        Some(s) => station_facts(s),
                        None => StationFacts {
                            id: &r.id,
                            ..StationFacts::default()
                        },
                    })
                    .collect(),
                new: st.state == AlertState::New && !st.cleared,
                acknowledged: st.state == AlertState::Acknowledged && !st.cleared,
                cleared: st.cleared,
                snoozed: st.snoozed,
                escalated: st.journal.is_some_and(|j| j.escalation_level > 0),
                owner: st.journal.and_then(|j| j.owner.as_deref()),
                me: &filter.officer,
            };
            if !q.matches_alert(&facts) {
                continue;
            }
        }
        rows.alerts.push(i);
    }
    for m in model.journal.mutes.values() {
        consider(m.until);
    }
    rows.next_expiry = next_expiry;
    sort_alerts(model, &mut rows.alerts, filter.sort, now);
    if filter.group {
        group_alerts(model, &mut rows.alerts);
    }
    if let Some(rule) = &filter.related {
        rows.related = related::apply(model, &mut rows.alerts, rule, &filter.expanded, now);
    }

    rows.stations = (0..model.stations.len())
        .filter(|&i| in_desk(&model.stations[i].id))
        .filter(|&i| query.is_none_or(|q| q.matches_station(&station_facts(&model.stations[i]))))
        .collect();
    let per = &rows.per_station;
    rows.stations.sort_by(|&a, &b| {
        let (sa, sb) = (&model.stations[a], &model.stations[b]);
        sb.security_level
            .cmp(&sa.security_level)
            .then_with(|| {
                let ca = per.get(&sa.id).map_or(0, |c| c.total());
                let cb = per.get(&sb.id).map_or(0, |c| c.total());
                cb.cmp(&ca)
            })
            .then_with(|| sa.name.cmp(&sb.name))
    });

    rows.roster = (0..model.roster.len()).collect();
    rows.roster.sort_by(|&a, &b| {
        let (oa, ob) = (&model.roster[a], &model.roster[b]);
        status_rank(oa.status)
            .cmp(&status_rank(ob.status))
            .then_with(|| oa.readiness_hours.cmp(&ob.readiness_hours))
            .then_with(|| oa.callsign.cmp(&ob.callsign))
    });
    rows
}

/// The station an alert is grouped under: its first affected station.
pub fn group_of(model: &Model, entry_index: usize) -> Option<&str> {
    model
        .alerts
        .entries
        .get(entry_index)
        .and_then(|e| e.alert.primary_station())
}

/// Orders already-sorted alerts by station (highest risk level first, then
/// id; alerts with no station last), keeping the order within each station.
fn group_alerts(model: &Model, rows: &mut [usize]) {
    rows.sort_by_cached_key(|&i| match group_of(model, i) {
        Some(id) => {
            let level = model.station(id).map_or(0, |s| s.security_level);
            (0u8, std::cmp::Reverse(level), id.to_string())
        }
        None => (1, std::cmp::Reverse(0), String::new()),
    });
}

fn status_rank(s: OfficerStatus) -> u8 {
    match s {
        OfficerStatus::Available => 0,
        OfficerStatus::Standby => 1,
        OfficerStatus::Deployed => 2,
        OfficerStatus::Leave => 3,
        OfficerStatus::Unavailable => 4,
    }
}

fn sort_alerts(model: &Model, rows: &mut [usize], sort: AlertSort, now: DateTime<Utc>) {
    let entries = &model.alerts.entries;
    let key_state = |i: usize| {
        let e = &entries[i];
        let st = model.status(e, now);
        // New before acknowledged; source-cleared ones sink to the bottom.
        (st.cleared, st.state != AlertState::New)
    };
    match sort {
        AlertSort::Priority => {
            // The journal state is looked up once per row, not per comparison.
            let mut keyed: Vec<((bool, bool), usize)> =
                rows.iter().map(|&i| (key_state(i), i)).collect();
            keyed.sort_by(|&(ka, a), &(kb, b)| {
                let (ea, eb) = (&entries[a].alert, &entries[b].alert);
                ka.cmp(&kb)
                    .then_with(|| eb.severity.cmp(&ea.severity))
                    .then_with(|| eb.reported_at.cmp(&ea.reported_at))
                    .then_with(|| ea.id.cmp(&eb.id))
            });
            for (slot, (_, i)) in rows.iter_mut().zip(keyed) {
                *slot = i;
            }
        }
        AlertSort::Newest => rows.sort_by(|&a, &b| {
            let (ea, eb) = (&entries[a].alert, &entries[b].alert);
            eb.reported_at
                .cmp(&ea.reported_at)
                .then_with(|| ea.id.cmp(&eb.id))
        }),
        AlertSort::Station => rows.sort_by(|&a, &b| {
            let (ea, eb) = (&entries[a].alert, &entries[b].alert);
            ea.primary_station()
                .cmp(&eb.primary_station())
                .then_with(|| eb.severity.cmp(&ea.severity))
                .then_with(|| ea.id.cmp(&eb.id))
        }),
    }
}
