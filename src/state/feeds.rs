//! Feed health as the console shows it: ok, stale or failing, with its age.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::{FeedConfig, FeedFormat};
use crate::domain::feed::FeedKind;
use crate::domain::{Implausible, SourceAlert};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedStatus {
    /// Not polled yet.
    Pending,
    Ok,
    Stale,
    Failing,
}

impl FeedStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedStatus::Pending => "pending",
            FeedStatus::Ok => "ok",
            FeedStatus::Stale => "stale",
            FeedStatus::Failing => "failing",
        }
    }
}

#[derive(Debug, Clone)]
pub struct FeedHealth {
    pub id: String,
    pub kind: FeedKind,
    pub format: FeedFormat,
    pub interval: Duration,
    /// The feed's poll timeout: with no answer by then it is failing, never
    /// pending for ever.
    pub timeout: Duration,
    pub match_radius_km: f64,
    pub started: DateTime<Utc>,
    pub last_attempt: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
    /// The last poll failed with this.
    pub error: Option<String>,
    /// Kept after recovery, for the feeds view.
    pub last_error: Option<(DateTime<Utc>, String)>,
    pub latency: Option<Duration>,
    pub items: usize,
    pub rejected: usize,
    pub rejected_summary: Option<String>,
    /// Hazards near no duty station: shown in the feeds view, no alert.
    pub unmatched: Vec<SourceAlert>,
    /// Items of the last poll whose coordinates cannot be right (lon/lat
    /// swapped?), by the source's id: flagged here, not plotted.
    pub implausible: Vec<(String, Implausible)>,
}

impl FeedHealth {
    pub fn new(cfg: &FeedConfig, started: DateTime<Utc>) -> FeedHealth {
        FeedHealth {
            id: cfg.id.clone(),
            kind: cfg.kind,
            format: cfg.format,
            interval: cfg.interval,
            timeout: cfg.timeout,
            match_radius_km: cfg.match_radius_km,
            started,
            last_attempt: None,
            last_success: None,
            error: None,
            last_error: None,
            latency: None,
            items: 0,
            rejected: 0,
            rejected_summary: None,
            unmatched: Vec::new(),
            implausible: Vec::new(),
        }
    }

    /// No successful poll for three intervals.
    pub fn stale(&self, now: DateTime<Utc>) -> bool {
        let limit = chrono::Duration::from_std(self.interval * 3).unwrap_or(chrono::Duration::MAX);
        let since = self.last_success.unwrap_or(self.started);
        now - since > limit
    }

    /// Never polled successfully nor failed, and its timeout has passed
    /// since it started: a poll that never answered.
    pub fn unanswered(&self, now: DateTime<Utc>) -> bool {
        let limit = chrono::Duration::from_std(self.timeout).unwrap_or(chrono::Duration::MAX);
        self.error.is_none() && self.last_success.is_none() && now - self.started > limit
    }

    /// What is wrong with the feed, if anything: the last poll's error, or
    /// no answer past its timeout.
    pub fn problem(&self, now: DateTime<Utc>) -> Option<String> {
        self.error.clone().or_else(|| {
            self.unanswered(now).then(|| {
                format!(
                    "no answer within its timeout ({})",
                    crate::domain::duration::human(self.timeout)
                )
            })
        })
    }

    pub fn status(&self, now: DateTime<Utc>) -> FeedStatus {
        if self.error.is_some() || self.unanswered(now) {
            FeedStatus::Failing
        } else if self.stale(now) {
            FeedStatus::Stale
        } else if self.last_success.is_none() {
            FeedStatus::Pending
        } else {
            FeedStatus::Ok
        }
    }
}

impl FeedHealth {
    /// The first implausible item, "ID: why", and how many more.
    pub fn implausible_summary(&self) -> Option<String> {
        let (id, why) = self.implausible.first()?;
        Some(format!("{id}: {why}{}", self.more_implausible()))
    }

    /// The same in a few words for a table's cell, the problem before the
    /// id so that a narrow cell keeps it: "lon/lat swapped? ID".
    pub fn implausible_note(&self) -> Option<String> {
        let (id, why) = self.implausible.first()?;
        Some(format!("{} {id}{}", why.short(), self.more_implausible()))
    }

    fn more_implausible(&self) -> String {
        match self.implausible.len().saturating_sub(1) {
            0 => String::new(),
            n => format!(" (+{n} more)"),
        }
    }
}

/// The hazards near no duty station, feed by feed in the configured order:
/// the list the feeds view shows and its cursor moves in.
pub fn unmatched(feeds: &[FeedHealth]) -> impl Iterator<Item = &SourceAlert> {
    feeds.iter().flat_map(|f| f.unmatched.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_with_no_answer_past_its_timeout_is_failing_not_pending() {
        let cfg = crate::config::builtin().expect("the shipped config").feeds[0].clone();
        let t0 = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let h = FeedHealth::new(&cfg, t0);
        let timeout = chrono::Duration::from_std(cfg.timeout).unwrap_or_default();
        assert_eq!(h.status(t0), FeedStatus::Pending);
        assert_eq!(h.problem(t0), None);
        let later = t0 + timeout + chrono::Duration::seconds(1);
        assert_eq!(h.status(later), FeedStatus::Failing);
        assert!(
            h.problem(later)
                .is_some_and(|p| p.contains("no answer within its timeout")),
            "{:?}",
            h.problem(later)
        );
    }
}
