//! Alert severity: the one ordered scale every feed maps onto.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// `critical` > `high` > `medium` > `low` > `info`. The derived order runs
/// from least to most severe, so `Severity::Critical > Severity::High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// Most severe first: the order the status bar and reports list them in.
    pub const ALL_DESC: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Four-letter label for narrow table columns.
    pub fn short(self) -> &'static str {
        match self {
            Severity::Info => "INFO",
            Severity::Low => "LOW",
            Severity::Medium => "MED",
            Severity::High => "HIGH",
            Severity::Critical => "CRIT",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a severity name that is not on the scale.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity {0:?} (expected critical, high, medium, low or info)")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Case-insensitive in ASCII, without lowercasing a copy (feeds
        // parse this once per item).
        let t = s.trim();
        Severity::ALL_DESC
            .into_iter()
            .find(|sev| t.eq_ignore_ascii_case(sev.as_str()))
            .ok_or_else(|| UnknownSeverity(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn critical_outranks_everything() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::Low > Severity::Info);
        assert_eq!(Severity::ALL_DESC[0], Severity::Critical);
    }

    #[test]
    fn parses_names_case_insensitively_and_rejects_others() {
        assert_eq!("High".parse::<Severity>(), Ok(Severity::High));
        assert!("severe".parse::<Severity>().is_err());
    }
}
