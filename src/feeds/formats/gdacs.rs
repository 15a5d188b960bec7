//! `gdacs-rss`: the GDACS RSS feed (gdacs.org/xml/rss.xml and its 24h/7d
//! variants).
//!
//! Each `<item>` is an event episode: severity from `gdacs:alertlevel`
//! (Red→critical, Orange→high, Green→low, anything else info), category
//! from `gdacs:eventtype`, point from `geo:Point` (else `georss:point`, else
//! `geo:lat`/`geo:long`), `gdacs:iscurrent` false → cleared. The id is
//! `<eventtype><eventid>-<episodeid>` (e.g. `TC1000643-1`), else the
//! `<guid>`. An item is rejected only when it has no id or no usable point.

use chrono::{DateTime, Utc};

use super::xml::{self, Element};
use super::{FormatError, ItemResult, ParseCtx, parse_time_lenient};
use crate::domain::{Severity, SourceAlert, SourceState, geo};
use crate::feeds::Parsed;
use crate::feeds::sanitize::{inert_line, inert_text};

/// Parses one GDACS RSS document.
pub fn parse(bytes: &[u8], ctx: &ParseCtx) -> Result<Parsed, FormatError> {
    let root = xml::parse(bytes)?;
    if root.name != "rss" {
        return Err(FormatError(format!(
            "not an RSS document: root element is <{}>",
            inert_line(&root.name)
        )));
    }
    let channel = root
        .child("channel")
        .ok_or_else(|| FormatError("RSS document has no <channel>".into()))?;
    Ok(super::collect(channel.children("item"), ctx, item))
}

/// Event type code to category (shared with `gdacs-geojson`).
pub(super) fn category(code: &str) -> String {
    match code.to_ascii_uppercase().as_str() {
        "EQ" => "earthquake".into(),
        "TC" => "tropical-cyclone".into(),
        "FL" => "flood".into(),
        "VO" => "volcano".into(),
        "DR" => "drought".into(),
        "WF" => "wildfire".into(),
        "TS" => "tsunami".into(),
        "" => "other".into(),
        other => other.to_ascii_lowercase(),
    }
}

/// GDACS alert level to severity (shared with `gdacs-geojson`).
pub(super) fn level_severity(level: Option<&str>) -> Severity {
    match level.map(str::to_ascii_lowercase).as_deref() {
        Some("red") => Severity::Critical,
        Some("orange") => Severity::High,
        Some("green") => Severity::Low,
        _ => Severity::Info,
    }
}

/// The item's point, `(lat, lon)`.
fn point(item: &Element) -> Option<(f64, f64)> {
    let num = |e: &Element, n: &str| e.text_of(n).and_then(|t| t.parse::<f64>().ok());
    let from_geo = |e: &Element| Some((num(e, "lat")?, num(e, "long")?));
    let from_georss = || {
        let t = item.text_of("point")?;
        let mut it = t.split_whitespace().map(|v| v.parse::<f64>().ok());
        Some((it.next()??, it.next()??))
    };
    item.child("Point")
        .and_then(from_geo)
        .or_else(from_georss)
        .or_else(|| from_geo(item))
        .filter(|&(lat, lon)| geo::valid_coords(lat, lon))
}

fn item(el: &Element, ctx: &ParseCtx) -> ItemResult<SourceAlert> {
    let line = |n: &str| el.text_of(n).map(inert_line).filter(|s| !s.is_empty());
    let event_type = line("eventtype").unwrap_or_default();
    let id = match (line("eventid"), line("episodeid")) {
        (Some(ev), Some(ep)) if !event_type.is_empty() => Some(format!("{event_type}{ev}-{ep}")),
        _ => line("guid"),
    };
    let Some(source_id) = id.clone() else {
        return Err((None, "missing id (gdacs:eventid or guid)".into()));
    };
    let Some((lat, lon)) = point(el) else {
        return Err((id, "missing coordinates".into()));
    };
    let level = line("alertlevel");
    let severity = level_severity(level.as_deref());
    let title = line("title")
        .or_else(|| line("eventname"))
        .unwrap_or_else(|| format!("GDACS {}", category(&event_type)));
    let mut detail = Vec::new();
    if let Some(d) = el.text_of("description") {
        detail.push(d.trim().to_string());
    }
    let facts = [
        ("Alert level", level.clone()),
        ("Severity", line("severity")),
        ("Population", line("population")),
        ("Country", line("country")),
        ("Alert score", line("alertscore")),
    ];
    let facts: Vec<String> = facts
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}: {v}")))
        .collect();
    if !facts.is_empty() {
        detail.push(facts.join("\n"));
    }
    let time = |n: &str| el.text_of(n).and_then(parse_time_lenient);
    let published: Option<DateTime<Utc>> = time("pubDate");
    let reported_at = time("fromdate").or(published).unwrap_or(ctx.now);
    let updated_at = published
        .or(time("todate"))
        .unwrap_or(reported_at)
        .max(reported_at);
    let current = line("iscurrent").map(|s| s.to_ascii_lowercase());
    Ok(SourceAlert {
        id: format!("{}:{source_id}", ctx.feed_id),
        severity,
        category: category(&event_type),
        title,
        detail: inert_text(&detail.join("\n\n")),
        reported_at,
        updated_at,
        source: ctx.feed_id.clone(),
        link: line("link"),
        lat: Some(lat),
        lon: Some(lon),
        stations: Vec::new(),
        source_state: if current.as_deref() == Some("false") {
            SourceState::Cleared
        } else {
            SourceState::Open
        },
        areas: Vec::new(),
        implausible: None,
        area_desc: None,
    })
}
