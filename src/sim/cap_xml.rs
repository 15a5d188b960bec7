//! The demo world's hazards as standard documents: an Atom index whose
//! entries link (relatively) to one CAP 1.2 alert per hazard, as
//! `serve-demo` publishes them.
//!
//! Mapping back from the native hazard: severity critical→Extreme,
//! high→Severe, medium→Moderate, low→Minor, info→Unknown; the area is a
//! `<circle>` around the point. A cleared hazard is published as an
//! `Update` that references the original alert and `expires` at the
//! clearing time (so it reads as cleared).

use serde::Deserialize;

/// Who the demo's CAP alerts come from.
pub const SENDER: &str = "demo@watchkeeper.invalid";

/// One hazard as the native hazards document has it.
#[derive(Debug, Clone, Deserialize)]
pub struct Hazard {
    pub id: String,
    pub severity: String,
    pub title: String,
    pub detail: String,
    pub reported_at: String,
    pub updated_at: String,
    pub status: String,
    pub link: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Deserialize)]
struct HazardsDoc {
    incidents: Vec<Hazard>,
}

/// Reads the native hazards document (as `World::document` writes it).
pub fn hazards(json: &[u8]) -> Vec<Hazard> {
    serde_json::from_slice::<HazardsDoc>(json)
        .map(|d| d.incidents)
        .unwrap_or_default()
}

/// The path of a hazard's CAP document, relative to the server root.
pub fn cap_path(id: &str) -> String {
    format!("cap/{id}.xml")
}

/// The Atom index: one entry per hazard, links relative to the index.
pub fn atom(list: &[Hazard], generated_at: &str) -> String {
    let updated = list
        .iter()
        .map(|h| h.updated_at.as_str())
        .max()
        .unwrap_or(generated_at);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         \x20 <id>urn:watchkeeper:demo:hazards</id>\n\
         \x20 <title>watchkeeper demo hazards (CAP 1.2)</title>\n\
         \x20 <updated>{}</updated>\n\
         \x20 <link rel=\"self\" href=\"hazards.atom\"/>\n",
        esc(updated)
    );
    for h in list {
        out.push_str(&format!(
            "  <entry>\n    <id>urn:watchkeeper:demo:{id}</id>\n    <title>{title}</title>\n    \
             <updated>{updated}</updated>\n    \
             <link rel=\"alternate\" type=\"application/cap+xml\" href=\"{href}\"/>\n  </entry>\n",
            id = esc(&h.id),
            title = esc(&h.title),
            updated = esc(&h.updated_at),
            href = esc(&cap_path(&h.id)),
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// One CAP 1.2 alert for a hazard.
pub fn cap(h: &Hazard) -> String {
    let cleared = h.status == "cleared";
    let (identifier, sent, msg_type) = if cleared {
        (
            format!("{}-cleared", h.id),
            cap_time(&h.updated_at),
            "Update",
        )
    } else {
        (h.id.clone(), cap_time(&h.reported_at), "Alert")
    };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n\
         \x20 <identifier>{}</identifier>\n\
         \x20 <sender>{SENDER}</sender>\n\
         \x20 <sent>{}</sent>\n\
         \x20 <status>Actual</status>\n\
         \x20 <msgType>{msg_type}</msgType>\n\
         \x20 <scope>Public</scope>\n",
        esc(&identifier),
        esc(&sent)
    );
    if cleared {
        out.push_str(&format!(
            "  <references>{SENDER},{},{}</references>\n",
            esc(&h.id),
            esc(&cap_time(&h.reported_at))
        ));
    }
    let (severity, urgency, radius) = match h.severity.as_str() {
        "critical" => ("Extreme", "Immediate", 150),
        "high" => ("Severe", "Immediate", 100),
        "medium" => ("Moderate", "Expected", 75),
        "low" => ("Minor", "Future", 50),
        _ => ("Unknown", "Unknown", 25),
    };
    out.push_str(&format!(
        "  <info>\n    <language>en</language>\n    <category>{cat}</category>\n    \
         <event>{title}</event>\n    <urgency>{urgency}</urgency>\n    \
         <severity>{severity}</severity>\n    <certainty>Observed</certainty>\n",
        cat = category(&h.title),
        title = esc(&h.title),
    ));
    if cleared {
        out.push_str(&format!(
            "    <expires>{}</expires>\n",
            esc(&cap_time(&h.updated_at))
        ));
    }
    out.push_str(&format!(
        "    <senderName>watchkeeper demo world</senderName>\n    <headline>{title}</headline>\n    \
         <description>{detail}</description>\n    <web>{link}</web>\n    <area>\n      \
         <areaDesc>{title}</areaDesc>\n      <circle>{lat},{lon} {radius}</circle>\n    </area>\n  \
         </info>\n</alert>\n",
        title = esc(&h.title),
        detail = esc(&h.detail),
        link = esc(&h.link),
        lat = h.lat,
        lon = h.lon,
    ));
    out
}

/// CAP's category for a demo hazard, from its title.
fn category(title: &str) -> &'static str {
    let t = title.to_ascii_lowercase();
    if t.contains("earthquake") || t.starts_with("volcano") {
        "Geo"
    } else if t.starts_with("wildfire") {
        "Fire"
    } else if t.contains("storm") || t.contains("cyclone") || t.contains("flood") {
        "Met"
    } else {
        "Other"
    }
}

/// CAP writes times with a numeric offset, never `Z`.
fn cap_time(rfc3339: &str) -> String {
    match rfc3339.strip_suffix('Z') {
        Some(t) => format!("{t}+00:00"),
        None => rfc3339.to_string(),
    }
}

/// Escapes text for XML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hz(severity: &str, status: &str) -> Hazard {
        Hazard {
            id: "HZ-42".into(),
            severity: severity.into(),
            title: "Flood warning: Indus <upper> & co".into(),
            detail: "Line one\nLine two".into(),
            reported_at: "2026-11-22T20:00:00Z".into(),
            updated_at: "2026-11-22T20:40:00Z".into(),
            status: status.into(),
            link: "https://incidents.example.org/hazards/HZ-42".into(),
            lat: 30.5,
            lon: 70.25,
        }
    }

    #[test]
    fn severities_map_back_to_cap() {
        for (ours, theirs) in [
            ("critical", "Extreme"),
            ("high", "Severe"),
            ("medium", "Moderate"),
            ("low", "Minor"),
            ("info", "Unknown"),
        ] {
            let x = cap(&hz(ours, "open"));
            assert!(x.contains(&format!("<severity>{theirs}</severity>")), "{x}");
        }
    }

    #[test]
    fn an_open_hazard_is_an_alert_with_a_circle_and_escaped_text() {
        let x = cap(&hz("high", "open"));
        assert!(x.contains("<identifier>HZ-42</identifier>"));
        assert!(x.contains("<sent>2026-11-22T20:00:00+00:00</sent>"));
        assert!(x.contains("<msgType>Alert</msgType>"));
        assert!(x.contains("<circle>30.5,70.25 100</circle>"));
        assert!(x.contains("<category>Met</category>"));
        assert!(x.contains("Flood warning: Indus &lt;upper&gt; &amp; co"));
        assert!(!x.contains("<expires>") && !x.contains("<references>"));
    }

    #[test]
    fn a_cleared_hazard_is_an_update_that_has_expired() {
        let x = cap(&hz("high", "cleared"));
        assert!(x.contains("<identifier>HZ-42-cleared</identifier>"));
        assert!(x.contains("<msgType>Update</msgType>"));
        assert!(x.contains(&format!(
            "<references>{SENDER},HZ-42,2026-11-22T20:00:00+00:00</references>"
        )));
        assert!(x.contains("<expires>2026-11-22T20:40:00+00:00</expires>"));
    }

    #[test]
    fn the_index_links_relatively_to_each_alert() {
        let a = atom(&[hz("low", "open")], "2026-11-22T21:00:00Z");
        assert!(a.contains("href=\"cap/HZ-42.xml\""));
        assert!(a.contains("<updated>2026-11-22T20:40:00Z</updated>"));
        assert_eq!(a.matches("<entry>").count(), 1);
    }
}
