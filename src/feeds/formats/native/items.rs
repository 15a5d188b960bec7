//! The items of a `watchkeeper-json` document, as they come (borrowed from
//! the document) and as the console holds them (checked, inert, owned).

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{ItemResult, Str};
use crate::domain::{
    Officer, OfficerStatus, Severity, SourceAlert, SourceState, Station, StationRef, geo,
};
use crate::feeds::formats::{ParseCtx, parse_date, parse_time};
use crate::feeds::sanitize::{inert_line, inert_line_into, inert_text_into};

/// A one-line field made inert: borrowed still, or the same `String`, when
/// it already was.
fn line(s: Str<'_>) -> Cow<'_, str> {
    inert_line_into(s.0)
}

/// A one-line field made inert and owned; `None` when absent or empty.
fn non_empty(s: Option<Str<'_>>) -> Option<String> {
    s.map(line).filter(|s| !s.is_empty()).map(Cow::into_owned)
}

/// The item's id, for a rejection.
fn own(id: &Option<Cow<'_, str>>) -> Option<String> {
    id.as_deref().map(str::to_owned)
}

fn required<'a>(
    id: &Option<Cow<'_, str>>,
    field: &str,
    v: Option<Str<'a>>,
) -> ItemResult<Cow<'a, str>> {
    match v.map(line) {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err((own(id), format!("missing {field}"))),
    }
}

fn time_field(
    id: &Option<Cow<'_, str>>,
    field: &str,
    v: Option<&Str<'_>>,
) -> ItemResult<Option<DateTime<Utc>>> {
    match v {
        None => Ok(None),
        Some(s) => parse_time(&s.0)
            .map(Some)
            .ok_or_else(|| (own(id), format!("bad {field} {:?}", inert_line(&s.0)))),
    }
}

#[derive(Deserialize)]
pub(super) struct RawStation<'a> {
    #[serde(borrow)]
    id: Option<Str<'a>>,
    #[serde(borrow)]
    name: Option<Str<'a>>,
    #[serde(borrow)]
    country: Option<Str<'a>>,
    #[serde(borrow)]
    region: Option<Str<'a>>,
    lat: Option<f64>,
    lon: Option<f64>,
    #[serde(borrow)]
    timezone: Option<Str<'a>>,
    security_level: Option<i64>,
    personnel: Option<u32>,
    moss_compliance: Option<f64>,
    #[serde(borrow)]
    evacuation_drill: Option<Str<'a>>,
    security_adviser: Option<bool>,
    #[serde(borrow)]
    updated_at: Option<Str<'a>>,
}

pub(super) fn station(
    r: RawStation<'_>,
    ctx: &ParseCtx,
    generated: DateTime<Utc>,
) -> ItemResult<Station> {
    let id = r.id.map(line).filter(|s| !s.is_empty());
    let name = required(&id, "name", r.name)?;
    let Some(id_s) = id.as_deref() else {
        return Err((None, "missing id".into()));
    };
    let (lat, lon) = match (r.lat, r.lon) {
        (Some(lat), Some(lon)) if geo::valid_coords(lat, lon) => (lat, lon),
        (Some(_), Some(_)) => return Err((own(&id), "lat/lon out of range".into())),
        _ => return Err((own(&id), "missing lat/lon".into())),
    };
    let level = match r.security_level {
        Some(l) if l >= 1 && l <= i64::from(ctx.levels) => l as u8,
        Some(l) => {
            return Err((
                own(&id),
                format!("security_level {l} is not on the scale 1–{}", ctx.levels),
            ));
        }
        None => return Err((own(&id), "missing security_level".into())),
    };
    let compliance = r.moss_compliance.unwrap_or(0.0);
    if !(0.0..=1.0).contains(&compliance) {
        return Err((
            own(&id),
            format!("moss_compliance {compliance} is not between 0 and 1"),
        ));
    }
    let drill = match &r.evacuation_drill {
        None => None,
        Some(s) => Some(parse_date(&s.0).ok_or_else(|| {
            (
                own(&id),
                format!("bad evacuation_drill {:?}", inert_line(&s.0)),
            )
        })?),
    };
    let updated_at = time_field(&id, "updated_at", r.updated_at.as_ref())?.unwrap_or(generated);
    Ok(Station {
        id: id_s.to_owned(),
        name: name.into_owned(),
        country: r.country.map(|s| line(s).into_owned()).unwrap_or_default(),
        region: r
            .region
            .map(|s| line(s).into_owned())
            .unwrap_or_else(|| "unassigned".into()),
        lat,
        lon,
        timezone: r
            .timezone
            .map(|s| line(s).into_owned())
            .unwrap_or_else(|| "UTC".into()),
        security_level: level,
        personnel: r.personnel.unwrap_or(0),
        moss_compliance: compliance,
        evacuation_drill: drill,
        security_adviser: r.security_adviser.unwrap_or(false),
        updated_at,
    })
}

#[derive(Deserialize)]
pub(super) struct RawIncident<'a> {
    #[serde(borrow)]
    id: Option<Str<'a>>,
    #[serde(borrow)]
    station: Option<Str<'a>>,
    #[serde(borrow)]
    severity: Option<Str<'a>>,
    #[serde(borrow)]
    category: Option<Str<'a>>,
    #[serde(borrow)]
    title: Option<Str<'a>>,
    #[serde(borrow)]
    detail: Option<Str<'a>>,
    #[serde(borrow)]
    reported_at: Option<Str<'a>>,
    #[serde(borrow)]
    updated_at: Option<Str<'a>>,
    #[serde(borrow)]
    status: Option<Str<'a>>,
    #[serde(borrow)]
    link: Option<Str<'a>>,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// An incident's `status`, in any ASCII case.
fn source_state(s: &str) -> Option<SourceState> {
    let is = |names: &[&str]| names.iter().any(|n| s.eq_ignore_ascii_case(n));
    if is(&["open", "active", "ongoing"]) {
        Some(SourceState::Open)
    } else if is(&["cleared", "closed", "resolved"]) {
        Some(SourceState::Cleared)
    } else {
        None
    }
}

pub(super) fn incident(
    r: RawIncident<'_>,
    ctx: &ParseCtx,
    generated: DateTime<Utc>,
) -> ItemResult<SourceAlert> {
    let id = r.id.map(line).filter(|s| !s.is_empty());
    let Some(source_id) = id.as_deref() else {
        return Err((None, "missing id".into()));
    };
    let severity: Severity = match &r.severity {
        Some(s) => {
            s.0.parse()
                .map_err(|_| (own(&id), format!("unknown severity {:?}", inert_line(&s.0))))?
        }
        None => return Err((own(&id), "missing severity".into())),
    };
    let title = required(&id, "title", r.title)?;
    let coords = match (r.lat, r.lon) {
        (Some(lat), Some(lon)) if geo::valid_coords(lat, lon) => Some((lat, lon)),
        (None, None) => None,
        _ => {
            return Err((own(&id), "lat/lon missing one half or out of range".into()));
        }
    };
    let station = non_empty(r.station);
    if station.is_none() && coords.is_none() {
        return Err((own(&id), "no station and no lat/lon".into()));
    }
    let source_state = match &r.status {
        None => SourceState::Open,
        Some(s) => source_state(&s.0).ok_or_else(|| {
            let other = s.0.to_ascii_lowercase();
            (own(&id), format!("unknown status {:?}", inert_line(&other)))
        })?,
    };
    let updated = time_field(&id, "updated_at", r.updated_at.as_ref())?;
    let reported = time_field(&id, "reported_at", r.reported_at.as_ref())?;
    let reported_at = reported.or(updated).unwrap_or(generated);
    let mut alert_id = String::with_capacity(ctx.feed_id.len() + 1 + source_id.len());
    alert_id.push_str(&ctx.feed_id);
    alert_id.push(':');
    alert_id.push_str(source_id);
    Ok(SourceAlert {
        id: alert_id,
        severity,
        category: non_empty(r.category).unwrap_or_else(|| "other".into()),
        title: title.into_owned(),
        detail: r
            .detail
            .map(|s| inert_text_into(s.0).into_owned())
            .unwrap_or_default(),
        reported_at,
        updated_at: updated.unwrap_or(reported_at),
        source: ctx.feed_id.clone(),
        link: non_empty(r.link),
        lat: coords.map(|c| c.0),
        lon: coords.map(|c| c.1),
        stations: station
            .map(|id| {
                vec![StationRef {
                    id,
                    distance_km: None,
                }]
            })
            .unwrap_or_default(),
        source_state,
        areas: Vec::new(),
        implausible: None,
        area_desc: None,
    })
}

#[derive(Deserialize)]
pub(super) struct RawOfficer<'a> {
    #[serde(borrow)]
    id: Option<Str<'a>>,
    #[serde(borrow)]
    name: Option<Str<'a>>,
    #[serde(borrow)]
    callsign: Option<Str<'a>>,
    #[serde(borrow)]
    home: Option<Str<'a>>,
    #[serde(borrow)]
    status: Option<Str<'a>>,
    #[serde(borrow)]
    deployed_to: Option<Str<'a>>,
    #[serde(borrow)]
    available_from: Option<Str<'a>>,
    #[serde(borrow)]
    available_until: Option<Str<'a>>,
    readiness_hours: Option<u32>,
    #[serde(borrow, default)]
    skills: Vec<Str<'a>>,
    #[serde(borrow, default)]
    languages: Vec<Str<'a>>,
}

/// An officer's `status`, in any ASCII case.
fn officer_status(s: &str) -> Option<OfficerStatus> {
    [
        ("available", OfficerStatus::Available),
        ("standby", OfficerStatus::Standby),
        ("deployed", OfficerStatus::Deployed),
        ("leave", OfficerStatus::Leave),
        ("unavailable", OfficerStatus::Unavailable),
    ]
    .into_iter()
    .find(|(name, _)| s.eq_ignore_ascii_case(name))
    .map(|(_, status)| status)
}

pub(super) fn officer(r: RawOfficer<'_>) -> ItemResult<Officer> {
    let id = r.id.map(line).filter(|s| !s.is_empty());
    let Some(id_s) = id.as_deref() else {
        return Err((None, "missing id".into()));
    };
    let id_s = id_s.to_owned();
    let name = required(&id, "name", r.name)?;
    let status = match &r.status {
        Some(s) => officer_status(&s.0).ok_or_else(|| {
            let other = s.0.to_ascii_lowercase();
            (own(&id), format!("unknown status {:?}", inert_line(&other)))
        })?,
        None => return Err((own(&id), "missing status".into())),
    };
    let lines = |v: Vec<Str<'_>>| v.into_iter().map(|s| line(s).into_owned()).collect();
    Ok(Officer {
        callsign: r
            .callsign
            .map(|s| line(s).into_owned())
            .unwrap_or_else(|| id_s.clone()),
        id: id_s,
        name: name.into_owned(),
        home: r.home.map(|s| line(s).into_owned()).unwrap_or_default(),
        status,
        deployed_to: non_empty(r.deployed_to),
        available_from: time_field(&id, "available_from", r.available_from.as_ref())?,
        available_until: time_field(&id, "available_until", r.available_until.as_ref())?,
        readiness_hours: r.readiness_hours.unwrap_or(0),
        skills: lines(r.skills),
        languages: lines(r.languages),
    })
}
