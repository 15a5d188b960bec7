//! Feed vocabulary: what a feed carries and what one poll yielded. The
//! transports and parsers in `feeds` produce these; the state merges them.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::domain::{Officer, SourceAlert, Station};

/// What a feed carries (`kind` in a `[[feeds]]` entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedKind {
    Stations,
    Incidents,
    Roster,
    Hazards,
}

impl FeedKind {
    pub const ALL: &'static [FeedKind] = &[
        FeedKind::Stations,
        FeedKind::Incidents,
        FeedKind::Roster,
        FeedKind::Hazards,
    ];

    /// The spelling used in the config file.
    pub fn as_str(self) -> &'static str {
        match self {
            FeedKind::Stations => "stations",
            FeedKind::Incidents => "incidents",
            FeedKind::Roster => "roster",
            FeedKind::Hazards => "hazards",
        }
    }

    /// Parses the config spelling (exact, lower case).
    pub fn from_name(s: &str) -> Option<FeedKind> {
        FeedKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// `a | b | c`, for error messages.
    pub fn choices() -> String {
        FeedKind::ALL
            .iter()
            .map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

impl fmt::Display for FeedKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one successful poll yielded.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Stations(Vec<Station>),
    /// Incidents and hazards. Hazards may carry no station yet: the state
    /// geo-matches them against the duty stations it knows.
    Alerts(Vec<SourceAlert>),
    Roster(Vec<Officer>),
}

impl Payload {
    pub fn len(&self) -> usize {
        match self {
            Payload::Stations(v) => v.len(),
            Payload::Alerts(v) => v.len(),
            Payload::Roster(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An item skipped because it failed to parse; the rest of the poll loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Position in the document (0-based).
    pub index: usize,
    /// The item's id, when it had a readable one.
    pub id: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub payload: Payload,
    pub rejected: Vec<Rejection>,
    /// Alert ids (`<feed id>:<source id>`) this poll replaces or cancels
    /// (CAP `Update`/`Cancel` through `<references>`): the merge clears
    /// them unless the poll itself carries them. Empty for other formats.
    pub superseded: Vec<String>,
}

/// How a poll went.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedOutcome {
    Data(Parsed),
    /// The same bytes as last time (or 304): nothing to merge, nothing to redraw.
    Unchanged,
    Failed(String),
}

/// One poll's result, sent from a feed task to the app.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedUpdate {
    pub feed: String,
    pub fetched_at: DateTime<Utc>,
    pub latency: Duration,
    pub outcome: FeedOutcome,
}

/// Summarises rejections for a feed's status line: "2 items rejected: missing id".
pub fn rejection_summary(rejected: &[Rejection]) -> Option<String> {
    let first = rejected.first()?;
    let n = rejected.len();
    let noun = if n == 1 { "item" } else { "items" };
    Some(format!("{n} {noun} rejected: {}", first.reason))
}

impl Parsed {
    /// Rejects every item whose id an earlier item of the same poll already
    /// has: one item must not silently replace another (a low item hiding a
    /// high one). The first stays; each later one is a rejection saying so.
    pub fn reject_duplicate_ids(&mut self) {
        fn keep_first<T>(items: &mut Vec<T>, id: impl Fn(&T) -> &str) -> Vec<Rejection> {
            let mut first: std::collections::HashMap<String, usize> =
                std::collections::HashMap::new();
            let mut rejected = Vec::new();
            let mut pos = 0usize;
            items.retain(|item| {
                let i = pos;
                pos += 1;
                let id = id(item);
                match first.get(id) {
                    None => {
                        first.insert(id.to_string(), i);
                        true
                    }
                    Some(&earlier) => {
                        rejected.push(Rejection {
                            index: i,
                            id: Some(id.to_string()),
                            reason: format!(
                                "duplicate id {id:?} (item {} has it too): the later one is rejected",
                                earlier + 1
                            ),
                        });
                        false
                    }
                }
            });
            rejected
        }
        let rejected = match &mut self.payload {
            Payload::Alerts(v) => keep_first(v, |a| a.id.as_str()),
            Payload::Stations(v) => keep_first(v, |s| s.id.as_str()),
            Payload::Roster(v) => keep_first(v, |o| o.id.as_str()),
        };
        self.rejected.extend(rejected);
    }

    /// A poll's result with nothing superseded.
    pub fn new(payload: Payload, rejected: Vec<Rejection>) -> Parsed {
        Parsed {
            payload,
            rejected,
            superseded: Vec::new(),
        }
    }
}
