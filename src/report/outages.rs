//! Feed outages in the shift, from `feed_failed` / `feed_recovered` events,
//! and each feed's status now.
//!
//! Every console and daemon polls the feeds itself, so one outage is often
//! journaled several times. A failure (or recovery) of a feed within a
//! minute of one already counted for the same feed is the same outage seen
//! from another console, and is dropped. What remains is paired in time
//! order: a failure opens an outage, the next recovery closes it; a recovery
//! with nothing open before it ends an outage that began before the shift.

use chrono::{DateTime, Duration, Utc};

use super::Ctx;
use super::md::{esc, full, hm, span, table};
use crate::domain::event::EventKind;

/// Events of one feed and kind closer than this are one observation.
const SAME_OUTAGE: Duration = Duration::minutes(1);

#[derive(Debug, PartialEq)]
struct Outage<'a> {
    feed: &'a str,
    /// `None`: it began before the shift.
    failed: Option<DateTime<Utc>>,
    error: Option<&'a str>,
    recovered: Option<DateTime<Utc>>,
}

fn outages<'a>(cx: &Ctx<'a>) -> Vec<Outage<'a>> {
    // Per feed: last counted failure / recovery time, and the open outage.
    let mut last_fail: Vec<(&str, DateTime<Utc>)> = Vec::new();
    let mut last_recover: Vec<(&str, DateTime<Utc>)> = Vec::new();
    let mut out: Vec<Outage> = Vec::new();
    let recent = |list: &[(&str, DateTime<Utc>)], feed: &str, at: DateTime<Utc>| {
        list.iter()
            .rev()
            .find(|(f, _)| *f == feed)
            .is_some_and(|(_, t)| at - *t < SAME_OUTAGE)
    };
    for e in &cx.events {
        match &e.kind {
            EventKind::FeedFailed { feed, error } => {
                if recent(&last_fail, feed, e.at) {
                    continue;
                }
                last_fail.push((feed, e.at));
                let open = out.iter().any(|o| o.feed == feed && o.recovered.is_none());
                if !open {
                    out.push(Outage {
                        feed,
                        failed: Some(e.at),
                        error: Some(error),
                        recovered: None,
                    });
                }
            }
            EventKind::FeedRecovered { feed } => {
                if recent(&last_recover, feed, e.at) {
                    continue;
                }
                last_recover.push((feed, e.at));
                let seen = out.iter().any(|o| o.feed == feed);
                match out
                    .iter_mut()
                    .find(|o| o.feed == feed && o.recovered.is_none())
                {
                    Some(o) => o.recovered = Some(e.at),
                    // Nothing counted for this feed yet: it failed before the shift.
                    None if !seen => out.push(Outage {
                        feed,
                        failed: None,
                        error: None,
                        recovered: Some(e.at),
                    }),
                    // A late recovery from a console that polls less often.
                    None => {}
                }
            }
            _ => {}
        }
    }
    out
}

pub fn section(cx: &Ctx) -> Option<String> {
    let list = outages(cx);
    let mut out = String::new();
    if list.is_empty() {
        out.push_str("No outages recorded during the shift.\n");
    } else {
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|o| {
                let failing_now = cx.model.feed(o.feed).is_some_and(|f| f.error.is_some());
                vec![
                    esc(o.feed),
                    o.failed
                        .map_or("before the shift".to_string(), |t| hm(t, cx.base)),
                    match o.recovered {
                        Some(t) => hm(t, cx.base),
                        None if failing_now => "still failing".to_string(),
                        None => "not recorded".to_string(),
                    },
                    match (o.failed, o.recovered) {
                        (Some(a), Some(b)) => span(a, b),
                        _ => String::new(),
                    },
                    o.error.map(esc).unwrap_or_default(),
                ]
            })
            .collect();
        out.push_str(&table(
            &["Feed", "Failed", "Recovered", "Duration", "Error"],
            &rows,
        ));
    }
    out.push_str("\nFeed status now:\n\n");
    let rows: Vec<Vec<String>> = cx
        .model
        .feeds
        .iter()
        .map(|f| {
            vec![
                esc(&f.id),
                f.kind.as_str().to_string(),
                f.status(cx.now).as_str().to_string(),
                f.last_success.map_or("never".to_string(), full),
                f.error.as_deref().map(esc).unwrap_or_default(),
            ]
        })
        .collect();
    if rows.is_empty() {
        out.push_str("No feeds are configured.\n");
    } else {
        out.push_str(&table(
            &["Feed", "Kind", "Status", "Last success", "Error"],
            &rows,
        ));
    }
    Some(out)
}
