//! Duty stations as a feed reports them, and what the console derives from them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// After this many days without an evacuation drill, the drill is overdue.
pub const DRILL_OVERDUE_DAYS: i64 = 365;
/// A station whose last report is older than this is flagged stale.
pub const REPORT_STALE_HOURS: i64 = 24;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Station {
    pub id: String,
    pub name: String,
    pub country: String,
    pub region: String,
    pub lat: f64,
    pub lon: f64,
    pub timezone: String,
    pub security_level: u8,
    pub personnel: u32,
    pub moss_compliance: f64,
    pub evacuation_drill: Option<NaiveDate>,
    pub security_adviser: bool,
    pub updated_at: DateTime<Utc>,
}

/// The level's change over the last 72 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    Raised,
    Lowered,
    None,
}

impl Station {
    /// True when the last drill is more than a year old or was never held.
    pub fn drill_overdue(&self, now: DateTime<Utc>) -> bool {
        match self.evacuation_drill {
            Some(d) => (now.date_naive() - d).num_days() > DRILL_OVERDUE_DAYS,
            None => true,
        }
    }

    /// True when the station has not reported for a day.
    pub fn report_stale(&self, now: DateTime<Utc>) -> bool {
        (now - self.updated_at).num_hours() >= REPORT_STALE_HOURS
    }

    /// The station's wall-clock time, if its zone is a known IANA name.
    pub fn local_time(&self, now: DateTime<Utc>) -> Option<chrono::DateTime<chrono_tz::Tz>> {
        let tz: chrono_tz::Tz = self.timezone.parse().ok()?;
        Some(now.with_timezone(&tz))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn kabul() -> Station {
        Station {
            id: "KBL".into(),
            name: "Kabul".into(),
            country: "AF".into(),
            region: "asia-pacific".into(),
            lat: 34.53,
            lon: 69.17,
            timezone: "Asia/Kabul".into(),
            security_level: 5,
            personnel: 412,
            moss_compliance: 0.86,
            evacuation_drill: NaiveDate::from_ymd_opt(2025, 9, 14),
            security_adviser: true,
            updated_at: Utc.with_ymd_and_hms(2026, 11, 22, 20, 55, 0).unwrap(),
        }
    }

    #[test]
    fn drill_is_overdue_after_a_year() {
        let s = kabul();
        let now = Utc.with_ymd_and_hms(2026, 9, 14, 0, 0, 0).unwrap();
        assert!(!s.drill_overdue(now));
        let later = Utc.with_ymd_and_hms(2026, 9, 16, 0, 0, 0).unwrap();
        assert!(s.drill_overdue(later));
    }

    #[test]
    fn local_time_uses_the_station_zone() {
        let s = kabul();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap();
        let local = s.local_time(now).unwrap();
        assert_eq!(local.format("%H:%M").to_string(), "01:30");
    }
}
