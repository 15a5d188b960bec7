//! Feed formats: each turns a document's bytes into domain items, pure.

pub mod native;

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::FeedKind;
use crate::domain::Severity;

/// What a parser needs to know about the feed it reads.
#[derive(Debug, Clone)]
pub struct ParseCtx {
    pub feed_id: String,
    pub kind: FeedKind,
    /// Number of levels on the configured risk scale (levels are 1..=levels).
    pub levels: u8,
    /// Items below this severity are dropped (not counted as rejected).
    pub min_severity: Severity,
    /// Used when a document or item gives no time of its own.
    pub now: DateTime<Utc>,
}

/// A whole-document failure: the feed keeps its previous data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FormatError(pub String);

/// Parses an RFC 3339 time (any offset) to UTC.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Parses `YYYY-MM-DD` (a full timestamp is accepted and its date used).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| parse_time(s).map(|t| t.date_naive()))
}
