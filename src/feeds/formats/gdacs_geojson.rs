//! `gdacs-geojson`: the GDACS API event list
//! (`gdacsapi/api/events/geteventlist/…`), a GeoJSON FeatureCollection.
//!
//! Each feature is an event episode and comes out as the same alert the
//! `gdacs-rss` feed gives for it: id `<eventtype><eventid>-<episodeid>`
//! (e.g. `EQ1554511-1721183`), severity from `alertlevel` (Red→critical,
//! Orange→high, Green→low, anything else info), category from `eventtype`,
//! `iscurrent` false → cleared. Title from `name` (else `eventname`),
//! detail from `htmldescription` / `description` plus the alert level,
//! severity text, country and alert score. Times are written without a
//! zone and are UTC: reported at `fromdate`, updated at `datemodified`
//! (else `todate`). The point is the `Point` geometry's `[lon, lat]`; for
//! another geometry, the centre of the feature's `bbox`. A feature without
//! an id or a usable point is rejected with its reason; the rest load.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::gdacs::{category, level_severity};
use super::geojson::{self, num, text};
use super::{FormatError, ItemResult, ParseCtx, collect, parse_time_lenient};
use crate::domain::{SourceAlert, SourceState, geo};
use crate::feeds::Parsed;
use crate::feeds::sanitize::{inert_line, inert_text};

/// Parses one GDACS API event list.
pub fn parse(bytes: &[u8], ctx: &ParseCtx) -> Result<Parsed, FormatError> {
    let doc = geojson::document(geojson::text_of(bytes)?)?;
    let kind = doc.kind().map(str::to_string);
    let items = match (kind.as_deref(), doc.features) {
        (Some("FeatureCollection") | None, Some(f)) => f,
        (Some("Feature"), _) => {
            return Err(FormatError(
                "a single GeoJSON Feature, not a FeatureCollection: \
                 gdacs-geojson reads the GDACS event list (geteventlist)"
                    .into(),
            ));
        }
        (Some(other), _) => {
            return Err(FormatError(format!(
                "not a GeoJSON FeatureCollection: \"type\" is {:?}",
                inert_line(other)
            )));
        }
        (None, None) => {
            return Err(FormatError(
                "not a GeoJSON FeatureCollection: no \"features\" array".into(),
            ));
        }
    };
    Ok(collect(items, ctx, |raw, ctx| feature(raw.get(), ctx)))
}

/// `(lat, lon)` of the feature: its `Point`, else its `bbox` centre.
fn point(f: &Value) -> Result<(f64, f64), String> {
    let geometry = f.get("geometry").filter(|g| g.is_object());
    let gtype = geometry.and_then(|g| text(g.get("type")));
    let (lat, lon) = if gtype.as_deref() == Some("Point") {
        let c = geometry
            .and_then(|g| g.get("coordinates"))
            .and_then(Value::as_array);
        match c.map(|c| (num(c.first()), num(c.get(1)))) {
            Some((Some(lon), Some(lat))) => (lat, lon),
            _ => return Err("missing coordinates (Point without [lon, lat])".into()),
        }
    } else {
        let what = match &gtype {
            Some(t) => format!("{t} geometry"),
            None => "no geometry".to_string(),
        };
        bbox_centre(f.get("bbox"))
            .ok_or_else(|| format!("missing coordinates ({what} and no usable bbox)"))?
    };
    if !geo::valid_coords(lat, lon) {
        return Err(format!("coordinates out of range ({lat}, {lon})"));
    }
    Ok((lat, lon))
}

/// The centre of `[min_lon, min_lat, max_lon, max_lat]`, across the
/// antimeridian when `min_lon > max_lon`.
fn bbox_centre(v: Option<&Value>) -> Option<(f64, f64)> {
    let b = v?.as_array()?;
    let (w, s, e, n) = (
        num(b.first())?,
        num(b.get(1))?,
        num(b.get(2))?,
        num(b.get(3))?,
    );
    let mut lon = if w <= e {
        (w + e) / 2.0
    } else {
        (w + e + 360.0) / 2.0
    };
    if lon > 180.0 {
        lon -= 360.0;
    }
    Some(((s + n) / 2.0, lon))
}

fn feature(raw: &str, ctx: &ParseCtx) -> ItemResult<SourceAlert> {
    let f: Value =
        serde_json::from_str(raw).map_err(|e| (None, inert_line(&format!("bad feature: {e}"))))?;
    if !f.is_object() {
        return Err((None, "bad feature: not a JSON object".into()));
    }
    let props = f.get("properties").filter(|p| p.is_object());
    let prop = |name: &str| props.and_then(|p| p.get(name));
    let event_type = text(prop("eventtype")).unwrap_or_default();
    let id = match (text(prop("eventid")), text(prop("episodeid"))) {
        (Some(ev), Some(ep)) if !event_type.is_empty() => format!("{event_type}{ev}-{ep}"),
        _ => {
            let partial = text(prop("eventid")).map(|ev| format!("{event_type}{ev}"));
            return Err((
                partial,
                "missing id (eventtype, eventid and episodeid)".into(),
            ));
        }
    };
    let (lat, lon) = point(&f).map_err(|reason| (Some(id.clone()), reason))?;
    let level = text(prop("alertlevel"));
    let title = text(prop("name"))
        .or_else(|| text(prop("eventname")))
        .unwrap_or_else(|| format!("GDACS {}", category(&event_type)));
    let mut detail: Vec<String> = Vec::new();
    for key in ["htmldescription", "description"] {
        if let Some(Value::String(d)) = prop(key) {
            let d = inert_text(d).trim().to_string();
            if !d.is_empty() && d != title && !detail.contains(&d) {
                detail.push(d);
            }
        }
    }
    let severity_text = prop("severitydata").and_then(|s| text(s.get("severitytext")));
    let facts = [
        ("Alert level", level.clone()),
        ("Severity", severity_text),
        ("Country", text(prop("country"))),
        ("Alert score", text(prop("alertscore"))),
    ];
    let facts: Vec<String> = facts
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}: {v}")))
        .collect();
    if !facts.is_empty() {
        detail.push(facts.join("\n"));
    }
    let time = |n: &str| -> Option<DateTime<Utc>> {
        prop(n).and_then(Value::as_str).and_then(parse_time_lenient)
    };
    let reported_at = time("fromdate")
        .or_else(|| time("datemodified"))
        .unwrap_or(ctx.now);
    let updated_at = time("datemodified")
        .or_else(|| time("todate"))
        .unwrap_or(reported_at)
        .max(reported_at);
    let cleared = match prop("iscurrent") {
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("false"),
        _ => false,
    };
    Ok(SourceAlert {
        id: format!("{}:{id}", ctx.feed_id),
        severity: level_severity(level.as_deref()),
        category: category(&event_type),
        title,
        detail: inert_text(&detail.join("\n\n")),
        reported_at,
        updated_at,
        source: ctx.feed_id.clone(),
        link: prop("url").and_then(|u| text(u.get("report"))),
        lat: Some(lat),
        lon: Some(lon),
        stations: Vec::new(),
        source_state: if cleared {
            SourceState::Cleared
        } else {
            SourceState::Open
        },
        areas: Vec::new(),
        implausible: None,
        area_desc: None,
    })
}
