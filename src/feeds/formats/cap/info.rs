//! One CAP `<info>` block to the fields an officer reads: severity, title,
//! detail (urgency, certainty, description, instruction, areas), category,
//! link, expiry and the area shapes.

use chrono::{DateTime, Utc};

use super::super::parse_time_lenient;
use super::super::xml::Element;
use crate::domain::area::implausible;
use crate::domain::{Area, Implausible, Severity, geo};
use crate::feeds::sanitize::{inert_line, inert_text};

/// Geocodes listed per area in the detail before "+N more".
const MAX_GEOCODES: usize = 12;

/// What an `<info>` block contributes to an alert, already inert.
#[derive(Debug, Clone, PartialEq)]
pub struct InfoFields {
    pub severity: Severity,
    pub category: String,
    /// What happened, where ([`title`]); `None` when the block has neither
    /// headline nor event.
    pub title: Option<String>,
    /// The `<areaDesc>` of each `<area>`, joined with "; " (`None`: none).
    pub area_desc: Option<String>,
    pub detail: String,
    pub link: Option<String>,
    pub expires: Option<DateTime<Utc>>,
    pub areas: Vec<Area>,
    /// A shape left out because its coordinates read as lon,lat.
    pub implausible: Option<Implausible>,
}

/// The block to show: the one whose `language` is the console language
/// (exactly, else by primary subtag, so `en` matches `en-US`), else the
/// first. A block without `language` is `en-US`, as CAP says.
pub fn pick<'a>(infos: &[&'a Element], language: &str) -> Option<&'a Element> {
    let want = language.trim().to_ascii_lowercase();
    let lang_of = |i: &Element| {
        i.text_of("language")
            .unwrap_or("en-US")
            .to_ascii_lowercase()
            .replace('_', "-")
    };
    let primary = |s: &str| s.split('-').next().unwrap_or_default().to_string();
    infos
        .iter()
        .find(|i| lang_of(i) == want)
        .or_else(|| {
            infos
                .iter()
                .find(|i| primary(&lang_of(i)) == primary(&want))
        })
        .or_else(|| infos.first())
        .copied()
}

/// CAP severity to the console's scale; anything unrecognised is `info`.
pub fn severity(s: Option<&str>) -> Severity {
    match s.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("extreme") => Severity::Critical,
        Some("severe") => Severity::High,
        Some("moderate") => Severity::Medium,
        Some("minor") => Severity::Low,
        _ => Severity::Info,
    }
}

/// Reads one `<info>` block. Unreadable `<circle>`/`<polygon>` values are
/// dropped (the alert keeps its other shapes) and noted in the detail.
pub fn read(info: &Element) -> InfoFields {
    let line = |name: &str| info.text_of(name).map(inert_line).filter(|s| !s.is_empty());
    let event = line("event");
    let area_desc = {
        let descs: Vec<String> = info
            .children("area")
            .filter_map(|a| a.text_of("areaDesc").map(inert_line))
            .filter(|d| !d.is_empty())
            .collect();
        (!descs.is_empty()).then(|| descs.join("; "))
    };
    let title = title(line("headline"), event.clone(), area_desc.as_deref());
    let category = line("category")
        .or_else(|| event.clone())
        .map(|s| s.to_lowercase())
        .unwrap_or_else(|| "other".into());

    let mut parts = vec![format!(
        "Urgency: {} · Certainty: {}",
        line("urgency").unwrap_or_else(|| "Unknown".into()),
        line("certainty").unwrap_or_else(|| "Unknown".into()),
    )];
    for name in ["description", "instruction"] {
        if let Some(t) = info.text_of(name).map(paragraph).filter(|t| !t.is_empty()) {
            parts.push(t);
        }
    }
    let mut areas = Vec::new();
    let mut dropped = 0usize;
    let mut area_lines = Vec::new();
    let mut swapped = None;
    for area in info.children("area") {
        dropped += read_shapes(area, &mut areas, &mut swapped);
        if let Some(l) = area_line(area) {
            area_lines.push(l);
        }
    }
    if dropped > 0 {
        let s = if dropped == 1 { "" } else { "s" };
        area_lines.push(format!("({dropped} unreadable area shape{s} ignored)"));
    }
    if !area_lines.is_empty() {
        parts.push(area_lines.join("\n"));
    }
    InfoFields {
        severity: severity(info.text_of("severity")),
        category,
        title,
        area_desc,
        detail: inert_text(&parts.join("\n\n")),
        link: line("web"),
        expires: info.text_of("expires").and_then(parse_time_lenient),
        areas,
        implausible: swapped,
    }
}

/// Headlines this short that share no word with the event name only a
/// place (SMHI's are "Värmlands län"): the event goes in front.
const PLACE_ONLY_WORDS: usize = 4;

/// The title says what happened: the headline when it does; a short
/// headline that shares no word with the event (a place name, as SMHI's
/// "Värmlands län") after the event ("heavy snow — Värmlands län"); with no
/// headline, the event with the area it names (an area given only as a
/// numeric code is left out).
pub fn title(
    headline: Option<String>,
    event: Option<String>,
    area: Option<&str>,
) -> Option<String> {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    match (headline, event) {
        (Some(h), Some(e)) => {
            let ew = words(&e);
            // An event too short to compare ("E") cannot tell.
            let shares = ew.is_empty() || words(&h).iter().any(|w| ew.contains(w));
            let short = h.split_whitespace().count() <= PLACE_ONLY_WORDS;
            Some(if shares || !short {
                h
            } else {
                format!("{e} — {h}")
            })
        }
        (Some(h), None) => Some(h),
        (None, Some(e)) => {
            let named = area.filter(|a| a.chars().any(char::is_alphabetic));
            Some(match named {
                Some(a) => format!("{e} — {a}"),
                None => e,
            })
        }
        (None, None) => None,
    }
}

/// Text laid out by the XML's indentation, tidied: `<br>` tags (common in
/// escaped HTML descriptions) become line breaks, each line is trimmed and
/// runs of blank lines collapse to one.
fn paragraph(s: &str) -> String {
    let mut text = s.to_string();
    for br in ["<br />", "<br/>", "<br>", "<BR />", "<BR/>", "<BR>"] {
        text = text.replace(br, "\n");
    }
    let mut out: Vec<&str> = Vec::new();
    for l in text.lines().map(str::trim) {
        if !(l.is_empty() && out.last().is_none_or(|p| p.is_empty())) {
            out.push(l);
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// "Area: <areaDesc> — SAME 006037, …" for the detail; geocodes are kept
/// only as text.
fn area_line(area: &Element) -> Option<String> {
    let desc = area.text_of("areaDesc").map(inert_line).unwrap_or_default();
    let mut codes = Vec::new();
    for g in area.children("geocode") {
        // Pairs are usually one per <geocode>; NWS Atom puts several
        // valueName/value pairs in one.
        let names = g.children("valueName").map(|e| inert_line(&e.text));
        let values = g.children("value").map(|e| inert_line(&e.text));
        codes.extend(names.zip(values).map(|(n, v)| format!("{n} {v}")));
    }
    if desc.is_empty() && codes.is_empty() {
        return None;
    }
    let mut l = format!("Area: {desc}");
    if !codes.is_empty() {
        let more = codes.len().saturating_sub(MAX_GEOCODES);
        codes.truncate(MAX_GEOCODES);
        l.push_str(" — ");
        l.push_str(&codes.join(", "));
        if more > 0 {
            l.push_str(&format!(" (+{more} more)"));
        }
    }
    Some(l)
}

/// Adds the area's circles and polygons; returns how many were unreadable.
/// Empty elements (`<polygon/>`) are no shape, not an error.
fn read_shapes(area: &Element, out: &mut Vec<Area>, swapped: &mut Option<Implausible>) -> usize {
    let mut dropped = 0;
    let mut unreadable = |text: &str| {
        dropped += 1;
        if swapped.is_none() {
            *swapped = swapped_point(text);
        }
    };
    for c in area
        .children("circle")
        .filter(|c| !c.text.trim().is_empty())
    {
        match circle(&c.text) {
            Some(a) => out.push(a),
            None => unreadable(&c.text),
        }
    }
    for p in area
        .children("polygon")
        .filter(|p| !p.text.trim().is_empty())
    {
        match polygon(&p.text) {
            Some(a) => out.push(a),
            None => unreadable(&p.text),
        }
    }
    dropped
}

/// The first point of an unreadable shape whose latitude is beyond ±90 and
/// would be valid as a longitude: the shape was written lon,lat.
fn swapped_point(shape: &str) -> Option<Implausible> {
    tokens(shape).iter().find_map(|t| {
        let (a, o) = t.split_once(',')?;
        let (lat, lon) = (a.parse::<f64>().ok()?, o.parse::<f64>().ok()?);
        implausible(lat, lon, &[])
    })
}

/// `"lat,lon"`, tolerating spaces after the comma.
fn point(s: &str) -> Option<(f64, f64)> {
    let (a, o) = s.split_once(',')?;
    let (lat, lon) = (a.trim().parse::<f64>().ok()?, o.trim().parse::<f64>().ok()?);
    geo::valid_coords(lat, lon).then_some((lat, lon))
}

/// Tokens of `"lat,lon lat,lon"` with any space after a comma removed.
fn tokens(s: &str) -> Vec<String> {
    let joined = s.split(',').map(str::trim).collect::<Vec<_>>().join(",");
    joined.split_whitespace().map(str::to_string).collect()
}

/// `<circle>`: `"lat,lon radius_km"`.
pub fn circle(s: &str) -> Option<Area> {
    let t = tokens(s);
    let [centre, radius] = t.as_slice() else {
        return None;
    };
    let (lat, lon) = point(centre)?;
    let radius_km: f64 = radius.parse().ok()?;
    (radius_km.is_finite() && radius_km >= 0.0).then_some(Area::Circle {
        lat,
        lon,
        radius_km,
    })
}

/// `<polygon>`: `"lat,lon lat,lon ..."`, at least three distinct vertices.
pub fn polygon(s: &str) -> Option<Area> {
    let ring: Vec<(f64, f64)> = tokens(s).iter().map(|t| point(t)).collect::<Option<_>>()?;
    let mut distinct = ring.clone();
    distinct.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    distinct.dedup();
    (distinct.len() >= 3).then_some(Area::Polygon(ring))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_parse_leniently_and_refuse_nonsense() {
        assert_eq!(
            circle(" 32.9525, -115.5527  0 "),
            Some(Area::Circle {
                lat: 32.9525,
                lon: -115.5527,
                radius_km: 0.0
            })
        );
        assert_eq!(circle("95,10 5"), None);
        assert_eq!(circle("1,2"), None);
        assert_eq!(circle("1,2 -3"), None);
        let p = polygon("38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14");
        assert!(matches!(p, Some(Area::Polygon(v)) if v.len() == 5));
        assert_eq!(polygon("1,2 3,4 1,2"), None);
        assert_eq!(polygon("1,2 3,4 5,x"), None);
    }

    #[test]
    fn paragraphs_lose_indentation_and_html_breaks() {
        assert_eq!(
            paragraph("\n   A minor quake\n      near Brawley.<br />Reviewed.\n\n\n  End  \n"),
            "A minor quake\nnear Brawley.\nReviewed.\n\nEnd"
        );
    }
}
