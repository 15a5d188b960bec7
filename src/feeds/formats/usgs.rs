//! `usgs-geojson`: the USGS earthquake summary GeoJSON (a FeatureCollection),
//! or one event's detail feed (a single Feature).
//!
//! Each feature is an item; the document is read once as raw items so a
//! bad feature is rejected with its reason and the rest load. Lenient where
//! USGS varies: `mag` may be null (severity `info`, "magnitude unknown") or
//! a numeric string, `status` may be any case (`deleted` clears the alert),
//! `place` may be missing. Coordinates are `[lon, lat, depth]`.
//!
//! Severity: `properties.alert` red→critical, orange→high, yellow→medium,
//! green→low; otherwise by magnitude (≥7 high, ≥6 medium, ≥4.5 low, else
//! info). Category is `earthquake`, or the event `type` for other seismic
//! events the "all" feeds list (`quarry-blast`, `explosion`…).

use chrono::{DateTime, Utc};
use serde_json::Value;
use serde_json::value::RawValue;

use super::geojson::{self, num, text};
use super::{FormatError, ItemResult, ParseCtx, collect};
use crate::domain::{Severity, SourceAlert, SourceState, geo};
use crate::feeds::Parsed;
use crate::feeds::sanitize::{inert_line, inert_text};

/// Parses a USGS summary (or detail) GeoJSON document.
pub fn parse(bytes: &[u8], ctx: &ParseCtx) -> Result<Parsed, FormatError> {
    let text = geojson::text_of(bytes)?;
    let doc = geojson::document(text)?;
    let kind = doc.kind().map(str::to_string);
    let single;
    let items: Vec<&RawValue> = match (kind.as_deref(), doc.features) {
        (_, Some(f)) => f,
        (Some("Feature"), None) => {
            single = serde_json::from_str::<&RawValue>(text)
                .map_err(|e| FormatError(format!("not a GeoJSON document: {e}")))?;
            vec![single]
        }
        _ => {
            return Err(FormatError(
                "not a USGS GeoJSON document: no \"features\" array and not a Feature".into(),
            ));
        }
    };
    Ok(collect(items, ctx, |raw, ctx| feature(raw.get(), ctx)))
}

fn millis(v: Option<&Value>) -> Option<DateTime<Utc>> {
    num(v).and_then(|ms| DateTime::from_timestamp_millis(ms as i64))
}

fn feature(raw: &str, ctx: &ParseCtx) -> ItemResult<SourceAlert> {
    let f: Value =
        serde_json::from_str(raw).map_err(|e| (None, inert_line(&format!("bad feature: {e}"))))?;
    let props = f.get("properties").filter(|p| p.is_object());
    let prop = |name: &str| props.and_then(|p| p.get(name));
    let id = text(f.get("id")).or_else(|| text(prop("code")));
    let Some(source_id) = id.clone() else {
        return Err((None, "missing id".into()));
    };
    let coords = f
        .get("geometry")
        .and_then(|g| g.get("coordinates"))
        .and_then(Value::as_array);
    let (lon, lat) = match coords.map(|c| (num(c.first()), num(c.get(1)))) {
        Some((Some(lon), Some(lat))) => (lon, lat),
        _ => return Err((id, "missing coordinates".into())),
    };
    if !geo::valid_coords(lat, lon) {
        return Err((id, format!("coordinates out of range ({lat}, {lon})")));
    }
    let depth = coords.and_then(|c| num(c.get(2)));
    let mag = num(prop("mag"));
    let pager = text(prop("alert")).map(|s| s.to_ascii_lowercase());
    let severity = match pager.as_deref() {
        Some("red") => Severity::Critical,
        Some("orange") => Severity::High,
        Some("yellow") => Severity::Medium,
        Some("green") => Severity::Low,
        _ => match mag {
            Some(m) if m >= 7.0 => Severity::High,
            Some(m) if m >= 6.0 => Severity::Medium,
            Some(m) if m >= 4.5 => Severity::Low,
            _ => Severity::Info,
        },
    };
    let status = text(prop("status")).map(|s| s.to_ascii_lowercase());
    let kind = text(prop("type"))
        .map(|s| s.to_lowercase())
        .unwrap_or_else(|| "earthquake".into());
    let place = text(prop("place"));
    let title = match (mag, &place) {
        (Some(m), Some(p)) => format!("M{m:.1} {kind} — {p}"),
        (Some(m), None) => format!("M{m:.1} {kind}"),
        (None, Some(p)) => format!("{} (magnitude unknown), {p}", capitalised(&kind)),
        (None, None) => format!("{} (magnitude unknown)", capitalised(&kind)),
    };
    let mut detail = vec![match (mag, text(prop("magType"))) {
        (Some(m), Some(t)) => format!("Magnitude: {m} {t}"),
        (Some(m), None) => format!("Magnitude: {m}"),
        (None, _) => "Magnitude: unknown".to_string(),
    }];
    if let Some(d) = depth {
        detail.push(format!("Depth: {d:.1} km"));
    }
    let tsunami = num(prop("tsunami")).is_some_and(|t| t != 0.0);
    detail.push(format!(
        "Tsunami flag: {}",
        if tsunami { "yes" } else { "no" }
    ));
    detail.push(format!(
        "Status: {}",
        status.as_deref().unwrap_or("unknown")
    ));
    if let Some(p) = &pager {
        detail.push(format!("PAGER alert: {p}"));
    }
    if let Some(n) = num(prop("felt")).filter(|n| *n > 0.0) {
        detail.push(format!("Felt reports: {n}"));
    }
    let reported_at = millis(prop("time")).unwrap_or(ctx.now);
    let updated_at = millis(prop("updated"))
        .unwrap_or(reported_at)
        .max(reported_at);
    Ok(SourceAlert {
        id: format!("{}:{source_id}", ctx.feed_id),
        severity,
        category: kind.replace(' ', "-"),
        title,
        detail: inert_text(&detail.join("\n")),
        reported_at,
        updated_at,
        source: ctx.feed_id.clone(),
        link: text(prop("url")),
        lat: Some(lat),
        lon: Some(lon),
        stations: Vec::new(),
        source_state: if status.as_deref() == Some("deleted") {
            SourceState::Cleared
        } else {
            SourceState::Open
        },
        areas: Vec::new(),
        implausible: None,
        area_desc: None,
    })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
