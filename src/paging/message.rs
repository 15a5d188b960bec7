//! What a page says: severity, title, stations, age, step and the id to act
//! on, and, when an acknowledgement expired and the alert climbs again, who
//! acknowledged it and how long before the page. Feed text is made inert here: control characters (CR/LF included)
//! never reach a mail header, a webhook or a log line; JSON is built by serde.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::domain::Severity;
use crate::domain::paging::Purpose;

use super::plan::{Due, ExpiredAck};

/// What the delivering process knows of an alert from its feeds.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertInfo {
    pub severity: Severity,
    pub title: String,
    pub stations: Vec<String>,
    /// When it was raised (for its age).
    pub raised: DateTime<Utc>,
}

/// One page, rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// One line, no control characters: a mail subject, a chat `text` start.
    pub subject: String,
    /// Several lines.
    pub body: String,
    /// The structured alert for webhooks and file sinks.
    pub json: Value,
}

/// Replaces every control character (CR, LF, ESC, ...) with a space.
pub fn inert(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn age(from: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - from).num_seconds().max(0);
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// `2h`, `2h30m`, `45m`, `40s`: how long before `now`.
fn ago(from: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let text = crate::domain::duration::format_compact((now - from).to_std().unwrap_or_default());
    match text.strip_suffix("00m") {
        Some(hours) if hours.ends_with('h') => hours.to_string(),
        _ => text,
    }
}

/// "acknowledged by alice 2h ago, not resolved": why a step pages again.
fn expired_text(ack: &ExpiredAck, now: DateTime<Utc>) -> String {
    format!(
        "acknowledged by {} {} ago, not resolved",
        inert(&ack.acknowledged_by),
        ago(ack.acknowledged_at, now)
    )
}

pub fn render(due: &Due, info: Option<&AlertInfo>, now: DateTime<Utc>) -> Message {
    let d = &due.delivery;
    let id = inert(&d.alert);
    let severity = info.map_or("unknown".to_string(), |i| i.severity.to_string());
    let title = info.map_or_else(|| id.clone(), |i| inert(&i.title));
    let stations: Vec<String> =
        info.map_or_else(Vec::new, |i| i.stations.iter().map(|s| inert(s)).collect());
    let since = info.map_or(due.escalated_at, |i| i.raised);
    let what = match d.purpose {
        Purpose::Escalate => format!("escalation step {} ({})", d.step, inert(&d.contact)),
        Purpose::Acknowledge => "acknowledged in watchkeeper".to_string(),
        Purpose::Resolve => "resolved in watchkeeper".to_string(),
    };
    // A step of a climb that an expired acknowledgement started says so,
    // or it reads as a duplicate of the first page.
    let again = due
        .expired_ack
        .as_ref()
        .filter(|_| d.purpose == Purpose::Escalate);
    let mut subject = format!("[{}] {title} - {what}", severity.to_uppercase());
    if let Some(ack) = again {
        subject.push_str(&format!(" - {}", expired_text(ack, now)));
    }
    let station_line = if stations.is_empty() {
        "-".to_string()
    } else {
        stations.join(", ")
    };
    let again_line = again.map_or_else(String::new, |ack| {
        format!(
            "Paged again: {} (acknowledged at {})\n",
            expired_text(ack, now),
            ack.acknowledged_at.format("%Y-%m-%d %H:%M:%SZ")
        )
    });
    let body = format!(
        "{subject}\n\
         Severity: {severity}\n\
         Title: {title}\n\
         Stations: {station_line}\n\
         Age: {}\n\
         Step: {what}\n\
         {again_line}\
         Alert id: {id}\n\
         Acknowledge: watchkeeper ack {id}\n",
        age(since, now)
    );
    let mut json = json!({
        "id": d.alert,
        "severity": severity,
        "title": title,
        "stations": stations,
        "age_seconds": (now - since).num_seconds().max(0),
        "step": d.step,
        "purpose": d.purpose,
        "contact": d.contact,
        "person": d.person,
        "attempt": due.attempt,
    });
    if let Some(ack) = again {
        json["reason"] = json!("ack_expired");
        json["acknowledged_by"] = json!(ack.acknowledged_by);
        json["acknowledged_at"] = json!(crate::domain::event::format_at(ack.acknowledged_at));
    }
    Message {
        subject: inert(&subject),
        body,
        json,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::config::Channel;
    use crate::domain::paging::{ChannelKind, Delivery};
    use crate::paging::plan::ExpiredAck;

    fn due(purpose: Purpose, by: &str) -> Due {
        let now = Utc.timestamp_opt(1_750_000_000, 0).unwrap();
        Due {
            delivery: Delivery {
                alert: "cap:a:1".into(),
                step: 1,
                purpose,
                contact: "desk".into(),
                person: "Ana".into(),
                channel: ChannelKind::Log,
                climb: 1,
            },
            attempt: 1,
            channel: Channel::Log,
            escalated_at: now,
            expired_ack: Some(ExpiredAck {
                acknowledged_by: by.into(),
                acknowledged_at: now - Duration::hours(2),
            }),
        }
    }

    #[test]
    fn a_page_after_an_expired_ack_says_who_acknowledged_it_and_when() {
        let now = Utc.timestamp_opt(1_750_000_000, 0).unwrap();
        let m = render(&due(Purpose::Escalate, "alice"), None, now);
        assert!(
            m.subject
                .ends_with("escalation step 1 (desk) - acknowledged by alice 2h ago, not resolved"),
            "{}",
            m.subject
        );
        assert_eq!(m.json["reason"], "ack_expired");
        assert_eq!(m.json["acknowledged_by"], "alice");
        assert_eq!(m.json["acknowledged_at"], "2025-06-15T13:06:40.000Z");
        // A login with line breaks cannot add a mail header.
        let m = render(&due(Purpose::Escalate, "eve\r\nBcc: x@evil"), None, now);
        assert!(!m.subject.contains(['\r', '\n']), "{:?}", m.subject);
        // PagerDuty's acknowledge / resolve follow-ups are not re-pages.
        let m = render(&due(Purpose::Resolve, "alice"), None, now);
        assert!(!m.subject.contains("acknowledged by"), "{}", m.subject);
        assert!(m.json.get("reason").is_none(), "{}", m.json);
    }
}
