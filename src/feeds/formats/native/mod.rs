//! `watchkeeper-json`: the native format for stations, incidents and roster.
//!
//! The document is read once into borrowed raw items; each item is then
//! parsed on its own, so one bad item is skipped and counted while the rest
//! load. Every string is made inert before it leaves this module.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{FormatError, ParseCtx, parse_date, parse_time};
use crate::config::FeedKind;
use crate::domain::{
    Officer, OfficerStatus, Severity, SourceAlert, SourceState, Station, StationRef, geo,
};
use crate::feeds::sanitize::{inert_line, inert_text};
use crate::feeds::{Parsed, Payload, Rejection};

#[derive(Deserialize)]
struct Document<'a> {
    #[serde(default)]
    generated_at: Option<String>,
    #[serde(borrow, default)]
    stations: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    incidents: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    officers: Option<Vec<&'a RawValue>>,
}

/// Parses one `watchkeeper-json` document of the feed's kind.
pub fn parse(bytes: &[u8], ctx: &ParseCtx) -> Result<Parsed, FormatError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| FormatError(format!("not UTF-8 at byte {}", e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Document<'_> = serde_json::from_str(text)
        .map_err(|e| FormatError(format!("not a watchkeeper-json document: {e}")))?;
    let generated = doc
        .generated_at
        .as_deref()
        .and_then(parse_time)
        .unwrap_or(ctx.now);
    let (key, items) = match ctx.kind {
        FeedKind::Stations => ("stations", doc.stations),
        FeedKind::Incidents | FeedKind::Hazards => ("incidents", doc.incidents),
        FeedKind::Roster => ("officers", doc.officers),
    };
    let items = items.ok_or_else(|| FormatError(format!("document has no \"{key}\" array")))?;
    let mut rejected = Vec::new();
    let payload = match ctx.kind {
        FeedKind::Stations => Payload::Stations(collect(&items, &mut rejected, |raw| {
            station(raw, ctx, generated)
        })),
        FeedKind::Incidents | FeedKind::Hazards => {
            let mut alerts = collect(&items, &mut rejected, |raw| incident(raw, ctx, generated));
            alerts.retain(|a| a.severity >= ctx.min_severity);
            Payload::Alerts(alerts)
        }
        FeedKind::Roster => Payload::Roster(collect(&items, &mut rejected, officer)),
    };
    Ok(Parsed {
        payload,
        rejected,
        superseded: Vec::new(),
    })
}

type ItemResult<T> = Result<T, (Option<String>, String)>;

fn collect<T>(
    items: &[&RawValue],
    rejected: &mut Vec<Rejection>,
    mut f: impl FnMut(&str) -> ItemResult<T>,
) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    for (index, raw) in items.iter().enumerate() {
        match f(raw.get()) {
            Ok(item) => out.push(item),
            Err((id, reason)) => rejected.push(Rejection { index, id, reason }),
        }
    }
    out
}

/// Parses an item, turning a serde error into a short reason.
fn item<'a, T: Deserialize<'a>>(raw: &'a str) -> ItemResult<T> {
    serde_json::from_str(raw).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line").next().unwrap_or(&msg).to_string();
        (None, msg)
    })
}

fn required(id: &Option<String>, field: &str, v: Option<String>) -> ItemResult<String> {
    match v.map(|s| inert_line(&s)) {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err((id.clone(), format!("missing {field}"))),
    }
}

fn time_field(
    id: &Option<String>,
    field: &str,
    v: Option<&str>,
) -> ItemResult<Option<chrono::DateTime<chrono::Utc>>> {
    match v {
        None => Ok(None),
        Some(s) => parse_time(s)
            .map(Some)
            .ok_or_else(|| (id.clone(), format!("bad {field} {:?}", inert_line(s)))),
    }
}

#[derive(Deserialize)]
struct RawStation {
    id: Option<String>,
    name: Option<String>,
    country: Option<String>,
    region: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    timezone: Option<String>,
    security_level: Option<i64>,
    personnel: Option<u32>,
    moss_compliance: Option<f64>,
    evacuation_drill: Option<String>,
    security_adviser: Option<bool>,
    updated_at: Option<String>,
}

fn station(
    raw: &str,
    ctx: &ParseCtx,
    generated: chrono::DateTime<chrono::Utc>,
) -> ItemResult<Station> {
    let r: RawStation = item(raw)?;
    let id = r.id.map(|s| inert_line(&s)).filter(|s| !s.is_empty());
    let name = required(&id, "name", r.name)?;
    let id_s = required(&id, "id", id.clone())?;
    let (lat, lon) = match (r.lat, r.lon) {
        (Some(lat), Some(lon)) if geo::valid_coords(lat, lon) => (lat, lon),
        (Some(_), Some(_)) => return Err((id, "lat/lon out of range".into())),
        _ => return Err((id, "missing lat/lon".into())),
    };
    let level = match r.security_level {
        Some(l) if l >= 1 && l <= i64::from(ctx.levels) => l as u8,
        Some(l) => {
            return Err((
                id,
                format!("security_level {l} is not on the scale 1–{}", ctx.levels),
            ));
        }
        None => return Err((id, "missing security_level".into())),
    };
    let compliance = r.moss_compliance.unwrap_or(0.0);
    if !(0.0..=1.0).contains(&compliance) {
        return Err((
            id,
            format!("moss_compliance {compliance} is not between 0 and 1"),
        ));
    }
    let drill = match r.evacuation_drill.as_deref() {
        None => None,
        Some(s) => Some(parse_date(s).ok_or_else(|| {
            (
                id.clone(),
                format!("bad evacuation_drill {:?}", inert_line(s)),
            )
        })?),
    };
    let updated_at = time_field(&id, "updated_at", r.updated_at.as_deref())?.unwrap_or(generated);
    Ok(Station {
        id: id_s,
        name,
        country: r.country.map(|s| inert_line(&s)).unwrap_or_default(),
        region: r
            .region
            .map(|s| inert_line(&s))
            .unwrap_or_else(|| "unassigned".into()),
        lat,
        lon,
        timezone: r
            .timezone
            .map(|s| inert_line(&s))
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
struct RawIncident {
    id: Option<String>,
    station: Option<String>,
    severity: Option<String>,
    category: Option<String>,
    title: Option<String>,
    detail: Option<String>,
    reported_at: Option<String>,
    updated_at: Option<String>,
    status: Option<String>,
    link: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
}

fn incident(
    raw: &str,
    ctx: &ParseCtx,
    generated: chrono::DateTime<chrono::Utc>,
) -> ItemResult<SourceAlert> {
    let r: RawIncident = item(raw)?;
    let id = r.id.map(|s| inert_line(&s)).filter(|s| !s.is_empty());
    let source_id = required(&id, "id", id.clone())?;
    let severity: Severity = match r.severity.as_deref() {
        Some(s) => s
            .parse()
            .map_err(|_| (id.clone(), format!("unknown severity {:?}", inert_line(s))))?,
        None => return Err((id, "missing severity".into())),
    };
    let title = required(&id, "title", r.title)?;
    let coords = match (r.lat, r.lon) {
        (Some(lat), Some(lon)) if geo::valid_coords(lat, lon) => Some((lat, lon)),
        (None, None) => None,
        _ => return Err((id, "lat/lon missing one half or out of range".into())),
    };
    let station = r.station.map(|s| inert_line(&s)).filter(|s| !s.is_empty());
    if station.is_none() && coords.is_none() {
        return Err((id, "no station and no lat/lon".into()));
    }
    let source_state = match r.status.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("open") | Some("active") | Some("ongoing") => SourceState::Open,
        Some("cleared") | Some("closed") | Some("resolved") => SourceState::Cleared,
        Some(other) => return Err((id, format!("unknown status {:?}", inert_line(other)))),
    };
    let updated = time_field(&id, "updated_at", r.updated_at.as_deref())?;
    let reported = time_field(&id, "reported_at", r.reported_at.as_deref())?;
    let reported_at = reported.or(updated).unwrap_or(generated);
    Ok(SourceAlert {
        id: format!("{}:{}", ctx.feed_id, source_id),
        severity,
        category: r
            .category
            .map(|s| inert_line(&s))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "other".into()),
        title,
        detail: r.detail.map(|s| inert_text(&s)).unwrap_or_default(),
        reported_at,
        updated_at: updated.unwrap_or(reported_at),
        source: ctx.feed_id.clone(),
        link: r.link.map(|s| inert_line(&s)).filter(|s| !s.is_empty()),
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
    })
}

#[derive(Deserialize)]
struct RawOfficer {
    id: Option<String>,
    name: Option<String>,
    callsign: Option<String>,
    home: Option<String>,
    status: Option<String>,
    deployed_to: Option<String>,
    available_from: Option<String>,
    available_until: Option<String>,
    readiness_hours: Option<u32>,
    #[serde(default)]
    skills: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
}

fn officer(raw: &str) -> ItemResult<Officer> {
    let r: RawOfficer = item(raw)?;
    let id = r.id.map(|s| inert_line(&s)).filter(|s| !s.is_empty());
    let id_s = required(&id, "id", id.clone())?;
    let name = required(&id, "name", r.name)?;
    let status = match r.status.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("available") => OfficerStatus::Available,
        Some("standby") => OfficerStatus::Standby,
        Some("deployed") => OfficerStatus::Deployed,
        Some("leave") => OfficerStatus::Leave,
        Some("unavailable") => OfficerStatus::Unavailable,
        Some(other) => return Err((id, format!("unknown status {:?}", inert_line(other)))),
        None => return Err((id, "missing status".into())),
    };
    Ok(Officer {
        callsign: r
            .callsign
            .map(|s| inert_line(&s))
            .unwrap_or_else(|| id_s.clone()),
        id: id_s,
        name,
        home: r.home.map(|s| inert_line(&s)).unwrap_or_default(),
        status,
        deployed_to: r
            .deployed_to
            .map(|s| inert_line(&s))
            .filter(|s| !s.is_empty()),
        available_from: time_field(&id, "available_from", r.available_from.as_deref())?,
        available_until: time_field(&id, "available_until", r.available_until.as_deref())?,
        readiness_hours: r.readiness_hours.unwrap_or(0),
        skills: r.skills.iter().map(|s| inert_line(s)).collect(),
        languages: r.languages.iter().map(|s| inert_line(s)).collect(),
    })
}
