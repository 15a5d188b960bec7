//! Feed formats: each turns a document's bytes into domain items, pure.

pub mod cap;
pub mod cap_atom;
pub mod gdacs;
pub mod gdacs_geojson;
mod geojson;
pub mod native;
pub mod usgs;
mod xml;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::sanitize::inert_line;
use super::{Parsed, Payload, Rejection};
use crate::config::{FeedFormat, FeedKind};
use crate::domain::{Severity, SourceAlert};

/// One item's alert, or its id (when known) and why it was rejected.
pub(crate) type ItemResult<T> = Result<T, (Option<String>, String)>;

/// The alerts of `items` at or above the feed's `min_severity`, and each
/// item `read` refused, with its index and reason.
pub(crate) fn collect<T>(
    items: impl IntoIterator<Item = T>,
    ctx: &ParseCtx,
    read: impl Fn(T, &ParseCtx) -> ItemResult<SourceAlert>,
) -> Parsed {
    let mut alerts = Vec::new();
    let mut rejected = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        match read(item, ctx) {
            Ok(a) => alerts.push(a),
            Err((id, reason)) => rejected.push(Rejection { index, id, reason }),
        }
    }
    alerts.retain(|a| a.severity >= ctx.min_severity);
    Parsed {
        payload: Payload::Alerts(alerts),
        rejected,
        superseded: Vec::new(),
    }
}

/// What a parser needs to know about the feed it reads.
#[derive(Debug, Clone)]
pub struct ParseCtx {
    pub feed_id: String,
    pub kind: FeedKind,
    /// Number of levels on the configured risk scale (levels are 1..=levels).
    pub levels: u8,
    /// Items below this severity are dropped (not counted as rejected).
    pub min_severity: Severity,
    /// Used when a document or item gives no time of its own, and to tell
    /// whether a CAP alert has expired.
    pub now: DateTime<Utc>,
    /// CAP `status` `Exercise` and `Test` are kept too (feed `include_exercises`).
    pub include_exercises: bool,
    /// The console language (`[console] language`, e.g. `en`): picks the
    /// CAP `<info>` block to show.
    pub language: String,
}

impl ParseCtx {
    /// A context for `feed` as configured, with the console's language.
    pub fn for_feed(
        cfg: &crate::config::FeedConfig,
        levels: u8,
        language: &str,
        now: DateTime<Utc>,
    ) -> ParseCtx {
        ParseCtx {
            feed_id: cfg.id.clone(),
            kind: cfg.kind,
            levels,
            min_severity: cfg.min_severity,
            now,
            include_exercises: cfg.include_exercises,
            language: language.to_string(),
        }
    }
}

/// Parses one document of `format`. `cap-atom` yields only what the index
/// itself carries (entries with embedded CAP fields); fetching the linked
/// alerts is the transport's (see [`cap_atom`]).
///
/// Error messages and rejection reasons can quote the document (a parser's
/// "found `…`"): they are made inert here, whatever the format.
pub fn parse(format: FeedFormat, bytes: &[u8], ctx: &ParseCtx) -> Result<Parsed, FormatError> {
    let parsed = match format {
        FeedFormat::WatchkeeperJson => native::parse(bytes, ctx),
        FeedFormat::Cap => cap::parse(bytes, ctx),
        FeedFormat::CapAtom => cap_atom::parse(bytes, ctx),
        FeedFormat::UsgsGeojson => usgs::parse(bytes, ctx),
        FeedFormat::GdacsRss => gdacs::parse(bytes, ctx),
        FeedFormat::GdacsGeojson => gdacs_geojson::parse(bytes, ctx),
    };
    let mut parsed = parsed.map_err(|e| FormatError(inert_line(&e.0)))?;
    parsed.reject_duplicate_ids();
    for r in &mut parsed.rejected {
        r.reason = inert_line(&r.reason);
        r.id = r.id.as_deref().map(inert_line);
    }
    Ok(parsed)
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

/// Parses the times feeds write in practice: RFC 3339, RFC 2822 (RSS
/// `pubDate`), or an ISO date-time without offset (taken as UTC).
pub fn parse_time_lenient(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    parse_time(s)
        .or_else(|| {
            DateTime::parse_from_rfc2822(s)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        })
        .or_else(|| {
            ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
                .map(|t| t.and_utc())
        })
}

/// Parses `YYYY-MM-DD` (a full timestamp is accepted and its date used).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| parse_time(s).map(|t| t.date_naive()))
}
