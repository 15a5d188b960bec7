//! Small text formats shared by the panes.

use chrono::{DateTime, Utc};

/// Compact age: `45s`, `12m`, `3h05m`, `2d04h`.
pub fn age(now: DateTime<Utc>, t: DateTime<Utc>) -> String {
    let secs = (now - t).num_seconds().max(0) as u64;
    crate::domain::duration::format_compact(std::time::Duration::from_secs(secs))
}

/// `21:45Z` for times today, `11-20 21:45Z` otherwise.
pub fn when(now: DateTime<Utc>, t: DateTime<Utc>) -> String {
    if now.date_naive() == t.date_naive() {
        t.format("%H:%MZ").to_string()
    } else {
        t.format("%m-%d %H:%MZ").to_string()
    }
}

pub use crate::domain::duration::until;

/// Full time for detail views: `2026-11-22 21:45:07Z`.
pub fn full(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%SZ").to_string()
}

pub use crate::domain::words::count;
