//! Feed health as the console shows it: ok, stale or failing, with its age.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::{FeedConfig, FeedFormat};
use crate::domain::SourceAlert;
use crate::domain::feed::FeedKind;

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
}

impl FeedHealth {
    pub fn new(cfg: &FeedConfig, started: DateTime<Utc>) -> FeedHealth {
        FeedHealth {
            id: cfg.id.clone(),
            kind: cfg.kind,
            format: cfg.format,
            interval: cfg.interval,
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
        }
    }

    /// No successful poll for three intervals.
    pub fn stale(&self, now: DateTime<Utc>) -> bool {
        let limit = chrono::Duration::from_std(self.interval * 3).unwrap_or(chrono::Duration::MAX);
        let since = self.last_success.unwrap_or(self.started);
        now - since > limit
    }

    pub fn status(&self, now: DateTime<Utc>) -> FeedStatus {
        if self.error.is_some() {
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
