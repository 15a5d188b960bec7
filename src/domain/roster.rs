//! The surge roster: standby security officers who can deploy at short notice.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum OfficerStatus {
    Available,
    Standby,
    Deployed,
    Leave,
    Unavailable,
}

impl OfficerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OfficerStatus::Available => "available",
            OfficerStatus::Standby => "standby",
            OfficerStatus::Deployed => "deployed",
            OfficerStatus::Leave => "leave",
            OfficerStatus::Unavailable => "unavailable",
        }
    }

    /// Can be tasked now (or within readiness hours).
    pub fn deployable(self) -> bool {
        matches!(self, OfficerStatus::Available | OfficerStatus::Standby)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Officer {
    pub id: String,
    pub name: String,
    pub callsign: String,
    pub home: String,
    pub status: OfficerStatus,
    pub deployed_to: Option<String>,
    pub available_from: Option<DateTime<Utc>>,
    pub available_until: Option<DateTime<Utc>>,
    pub readiness_hours: u32,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
}

impl Officer {
    /// Where the officer is now: the deployment, else home.
    pub fn location(&self) -> &str {
        self.deployed_to.as_deref().unwrap_or(&self.home)
    }
}
