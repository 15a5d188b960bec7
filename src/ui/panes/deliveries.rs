//! The "Deliveries" section of an alert's detail: each page of its
//! escalation (person, channel, step) and how it went, failing ones in the
//! error colour with their last error.

use ratatui::text::{Line, Span};

use crate::domain::paging::{Outcome, Purpose};
use crate::paging::plan::attempts;
use crate::ui::Screen;

/// The section's lines (with its heading), or none if nothing was paged.
pub fn section(app: &Screen<'_>, id: &str, heading: Line<'static>) -> Vec<Line<'static>> {
    let t = &app.theme;
    let events: Vec<_> = app
        .model
        .journal
        .events
        .iter()
        .filter(|e| e.kind.alert() == Some(id) && e.kind.delivery().is_some())
        .cloned()
        .collect();
    let all = attempts(&events);
    if all.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::from(""), heading];
    for (d, a) in all {
        let what = match d.purpose {
            Purpose::Escalate => format!("step {}", d.step),
            other => other.to_string(),
        };
        let head = format!(
            "  {:<8} {} ({}) by {}",
            what, d.person, d.contact, d.channel
        );
        let (status, style) = match (&a.last, a.delivered) {
            (Some((n, _, at)), true) => (
                format!("delivered {} (attempt {n})", at.format("%H:%M:%SZ")),
                t.ok,
            ),
            (Some((n, Outcome::Error(e), _)), false) => {
                (format!("failing (attempt {n}): {e}"), t.error)
            }
            _ => match a.claimed {
                Some((n, _)) => (format!("sending (attempt {n})"), t.warning),
                None => ("due".to_string(), t.dim),
            },
        };
        lines.push(Line::from(vec![
            Span::raw(head),
            Span::raw("  "),
            Span::styled(status, style),
        ]));
    }
    lines
}

/// Every page whose latest attempt failed and that is not delivered yet,
/// one line each, for the feeds view.
pub fn failing(app: &Screen<'_>) -> Vec<Line<'static>> {
    let events: Vec<_> = app
        .model
        .journal
        .events
        .iter()
        .filter(|e| e.kind.delivery().is_some())
        .cloned()
        .collect();
    attempts(&events)
        .into_iter()
        .filter_map(|(d, a)| match (&a.last, a.delivered) {
            (Some((n, Outcome::Error(e), at)), false) => Some(Line::from(vec![
                Span::styled(format!("{} by {}", d.person, d.channel), app.theme.error),
                Span::raw(format!(
                    " ({}) for {} {}: attempt {n} at {} failed: {e}",
                    d.contact,
                    d.alert,
                    d.purpose,
                    at.format("%H:%M:%SZ")
                )),
            ])),
            _ => None,
        })
        .collect()
}
