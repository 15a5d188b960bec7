//! Who is on watch: each console's `heartbeat` events (one a minute while
//! it is open, a last one as it closes) folded into sessions by officer and
//! host. Heartbeats are folded here and not kept with the journal's other
//! events, so they neither fill the log view nor the memory a long journal
//! takes.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A console counts as on watch this long after its last heartbeat.
pub const ON_WATCH: Duration = Duration::seconds(150);
/// Sessions that ended this long before the newest heartbeat are dropped
/// (the handover looks back one shift; a week is plenty).
const KEEP: Duration = Duration::days(8);

/// One console's time on watch: from its first heartbeat to its last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub officer: String,
    pub host: String,
    pub desk: Option<String>,
    pub from: DateTime<Utc>,
    pub last: DateTime<Utc>,
    /// Its last heartbeat was the closing one.
    pub closed: bool,
}

impl Session {
    /// `jdoe (europe)` or `jdoe`.
    pub fn label(&self) -> String {
        match &self.desk {
            Some(desk) => format!("{} ({desk})", self.officer),
            None => self.officer.clone(),
        }
    }

    fn open_at(&self, now: DateTime<Utc>) -> bool {
        !self.closed && self.last <= now + ON_WATCH && now - self.last <= ON_WATCH
    }
}

/// Every recent session, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    pub sessions: Vec<Session>,
}

impl Presence {
    /// Folds one heartbeat of `officer` at `host`, recorded at `at`.
    pub fn heartbeat(
        &mut self,
        officer: &str,
        host: &str,
        desk: Option<&str>,
        closing: bool,
        at: DateTime<Utc>,
    ) {
        let same = self.sessions.iter_mut().rev().find(|s| {
            s.officer == officer && s.host == host && !s.closed && at - s.last <= ON_WATCH
        });
        match same {
            Some(s) => {
                s.last = s.last.max(at);
                s.desk = desk.map(str::to_string);
                s.closed = closing;
            }
            None => self.sessions.push(Session {
                officer: officer.to_string(),
                host: host.to_string(),
                desk: desk.map(str::to_string),
                from: at,
                last: at,
                closed: closing,
            }),
        }
        self.sessions.retain(|s| at - s.last <= KEEP);
    }

    /// Officers other than `me` with a console open at `now`, by login
    /// (one entry per login, its latest desk), sorted.
    pub fn others_on_watch(&self, me: &str, now: DateTime<Utc>) -> Vec<&Session> {
        let mut out: Vec<&Session> = Vec::new();
        for s in self.sessions.iter().rev() {
            if s.officer != me && s.open_at(now) && out.iter().all(|o| o.officer != s.officer) {
                out.push(s);
            }
        }
        out.sort_by(|a, b| a.officer.cmp(&b.officer));
        out
    }

    /// Sessions that overlap `[from, to)`, oldest first.
    pub fn during(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<&Session> {
        self.sessions
            .iter()
            .filter(|s| s.from < to && s.last >= from)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(m: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap() + Duration::minutes(m)
    }

    #[test]
    fn heartbeats_a_minute_apart_are_one_session_and_a_gap_starts_another() {
        let mut p = Presence::default();
        for m in 0..5 {
            p.heartbeat("jdoe", "desk-1", Some("europe"), false, t(m));
        }
        assert_eq!(p.sessions.len(), 1);
        assert_eq!((p.sessions[0].from, p.sessions[0].last), (t(0), t(4)));
        p.heartbeat("jdoe", "desk-1", Some("europe"), false, t(30));
        assert_eq!(p.sessions.len(), 2, "a console restarted after a gap");
    }

    #[test]
    fn on_watch_is_others_heard_from_in_the_last_two_and_a_half_minutes() {
        let mut p = Presence::default();
        p.heartbeat("me", "desk-1", None, false, t(0));
        p.heartbeat("jdoe", "desk-2", Some("europe"), false, t(0));
        p.heartbeat("asmith", "desk-3", None, false, t(1));
        p.heartbeat("bgone", "desk-4", None, false, t(0));
        p.heartbeat("bgone", "desk-4", None, true, t(1));
        let names = |now| -> Vec<String> {
            p.others_on_watch("me", now)
                .iter()
                .map(|s| s.label())
                .collect()
        };
        assert_eq!(names(t(2)), ["asmith", "jdoe (europe)"]);
        assert_eq!(names(t(3)), ["asmith"], "jdoe silent for 3 minutes");
        assert!(names(t(10)).is_empty());
    }

    #[test]
    fn during_lists_the_sessions_that_overlap_a_shift() {
        let mut p = Presence::default();
        p.heartbeat("night", "h", None, false, t(-120));
        p.heartbeat("night", "h", None, true, t(-119));
        p.heartbeat("day", "h", None, false, t(10));
        let who: Vec<&str> = p
            .during(t(0), t(480))
            .iter()
            .map(|s| s.officer.as_str())
            .collect();
        assert_eq!(who, ["day"]);
    }
}
