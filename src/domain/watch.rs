//! The 24-hour watch cycle (SPEC §2 "Watch cycle"): which shift is on, when
//! it hands over, which watch day it belongs to.
//!
//! Pure arithmetic: `now` is always passed in, the clock is never read.
//!
//! Shift start times are local times in the watch's time zone. Each shift
//! ends where the next one starts; the last wraps to the first of the next
//! watch day. Local times are resolved with the zone's rules:
//! - a start time that does not exist that day (spring-forward gap) starts at
//!   the first valid instant after the gap (the transition itself);
//! - an ambiguous start time (fall-back overlap) uses the earlier instant.
//!
//! So a shift spanning a change is an hour (or 30 minutes, on Lord Howe)
//! shorter or longer in real time, which is what the officers on it work.
//! Two starts inside the same gap resolve to the same instant: the first of
//! them lasts no time at all that day, is never current and is skipped by
//! [`WatchCycle::previous`] and [`WatchCycle::next`].

use chrono::{
    DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone,
    Timelike, Utc,
};
use chrono_tz::Tz;

/// A shift as configured: a name and a local start time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftDef {
    pub name: String,
    pub start: NaiveTime,
}

/// The configured cycle. Build it with [`WatchCycle::new`], which checks
/// the shifts and puts them in watch-day order. The fields are public for
/// reading; a cycle built by hand must keep `shifts` non-empty, with
/// distinct starts, in watch-day order (otherwise the answers are wrong,
/// though nothing panics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchCycle {
    pub tz: Tz,
    pub day_starts: NaiveTime,
    /// In watch-day order: the first shift starting at or after `day_starts`,
    /// then the rest by local start time, wrapping past midnight.
    pub shifts: Vec<ShiftDef>,
}

/// One occurrence of a shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftInstance {
    pub name: String,
    /// Position in [`WatchCycle::shifts`] (watch-day order).
    pub index: usize,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    /// The watch day: the local date on which the watch day (starting at
    /// `day_starts`) containing this shift's start began.
    pub day: NaiveDate,
}

/// One shift occurrence by its nominal schedule: watch day and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    day: NaiveDate,
    index: usize,
}

/// Bound on the steps taken to settle on the current slot. From the first
/// guess a couple of steps suffice in any real zone; the bound only makes
/// termination obvious.
const MAX_STEPS: usize = 64;

impl WatchCycle {
    /// Checks and orders the shifts (any order in input). Errors on no
    /// shifts, two shifts starting at the same time, or a leap-second time.
    pub fn new(tz: Tz, day_starts: NaiveTime, shifts: Vec<ShiftDef>) -> Result<WatchCycle, String> {
        if shifts.is_empty() {
            return Err("the watch needs at least one shift".into());
        }
        if day_starts.nanosecond() >= 1_000_000_000 {
            return Err(format!("day_starts {day_starts} is a leap second"));
        }
        if let Some(s) = shifts
            .iter()
            .find(|s| s.start.nanosecond() >= 1_000_000_000)
        {
            return Err(format!("shift {:?} starts on a leap second", s.name));
        }
        let mut shifts = shifts;
        // Watch-day order: by time elapsed since day_starts.
        shifts.sort_by_key(|s| (s.start < day_starts, s.start));
        if let Some(w) = shifts.windows(2).find(|w| w[0].start == w[1].start) {
            return Err(format!(
                "shifts {:?} and {:?} both start at {}",
                w[0].name,
                w[1].name,
                w[0].start.format("%H:%M")
            ));
        }
        Ok(WatchCycle {
            tz,
            day_starts,
            shifts,
        })
    }

    /// The shift on at `now`: the one whose start most recently passed.
    /// Always `starts <= now < ends`.
    pub fn current(&self, now: DateTime<Utc>) -> ShiftInstance {
        self.instance(self.current_slot(now))
    }

    /// The shift before the current one (it ends where the current starts).
    pub fn previous(&self, now: DateTime<Utc>) -> ShiftInstance {
        let cur = self.current_slot(now);
        let cur_start = self.start_of(cur);
        let mut slot = self.pred(cur);
        // Skip shifts swallowed whole by a DST gap.
        for _ in 0..MAX_STEPS {
            if self.start_of(slot) < cur_start {
                break;
            }
            slot = self.pred(slot);
        }
        self.instance(slot)
    }

    /// The shift after the current one (it starts where the current ends).
    pub fn next(&self, now: DateTime<Utc>) -> ShiftInstance {
        let mut slot = self.succ(self.current_slot(now));
        // Skip shifts swallowed whole by a DST gap: take the last slot
        // starting at the handover instant.
        let handover = self.start_of(slot);
        for _ in 0..MAX_STEPS {
            let after = self.succ(slot);
            if self.start_of(after) > handover {
                break;
            }
            slot = after;
        }
        self.instance(slot)
    }

    /// Time left until the current shift ends (handover); always positive.
    pub fn until_handover(&self, now: DateTime<Utc>) -> TimeDelta {
        self.start_of(self.succ(self.current_slot(now))) - now
    }

    /// The watch day containing `now`: the local date whose `day_starts`
    /// most recently passed.
    pub fn watch_day(&self, now: DateTime<Utc>) -> NaiveDate {
        let date = now.with_timezone(&self.tz).date_naive();
        // After a fall-back across midnight the local date can be behind a
        // watch day that has already begun, so look one day ahead too.
        let mut day = date.pred_opt().unwrap_or(date);
        for candidate in [date, date.succ_opt().unwrap_or(date)] {
            if resolve(self.tz, candidate.and_time(self.day_starts)) <= now {
                day = candidate;
            }
        }
        day
    }

    /// The last slot whose start is at or before `now`.
    fn current_slot(&self, now: DateTime<Utc>) -> Slot {
        // First guess by local wall-clock time, then settle by instants
        // (they differ only around DST changes).
        let local = now.with_timezone(&self.tz).naive_local();
        let day = if local.time() >= self.day_starts {
            local.date()
        } else {
            local.date().pred_opt().unwrap_or(local.date())
        };
        let mut slot = match (0..self.shifts.len())
            .rev()
            .map(|index| Slot { day, index })
            .find(|&s| self.naive_start(s) <= local)
        {
            Some(s) => s,
            None => self.pred(Slot { day, index: 0 }),
        };
        for _ in 0..MAX_STEPS {
            if self.start_of(slot) <= now {
                break;
            }
            slot = self.pred(slot);
        }
        for _ in 0..MAX_STEPS {
            let after = self.succ(slot);
            if self.start_of(after) > now {
                break;
            }
            slot = after;
        }
        slot
    }

    fn instance(&self, slot: Slot) -> ShiftInstance {
        let name = self.shifts.get(slot.index).map(|s| s.name.clone());
        ShiftInstance {
            name: name.unwrap_or_default(),
            index: slot.index,
            starts: self.start_of(slot),
            ends: self.start_of(self.succ(slot)),
            day: slot.day,
        }
    }

    /// The local wall-clock start of a slot.
    fn naive_start(&self, slot: Slot) -> NaiveDateTime {
        // (A hand-built cycle with no shifts has one all day.)
        let start = self
            .shifts
            .get(slot.index)
            .map_or(self.day_starts, |s| s.start);
        let date = if start >= self.day_starts {
            slot.day
        } else {
            slot.day.succ_opt().unwrap_or(slot.day)
        };
        date.and_time(start)
    }

    fn start_of(&self, slot: Slot) -> DateTime<Utc> {
        resolve(self.tz, self.naive_start(slot))
    }

    fn succ(&self, slot: Slot) -> Slot {
        if slot.index + 1 < self.shifts.len() {
            Slot {
                day: slot.day,
                index: slot.index + 1,
            }
        } else {
            Slot {
                day: slot.day.succ_opt().unwrap_or(slot.day),
                index: 0,
            }
        }
    }

    fn pred(&self, slot: Slot) -> Slot {
        if slot.index > 0 {
            Slot {
                day: slot.day,
                index: slot.index - 1,
            }
        } else {
            Slot {
                day: slot.day.pred_opt().unwrap_or(slot.day),
                index: self.shifts.len().saturating_sub(1),
            }
        }
    }
}

/// "06:00–14:00": a shift's hours in the watch's local time (the actual
/// local times, so a start pushed past a DST gap shows as 03:00).
pub fn hours_label(shift: &ShiftInstance, tz: Tz) -> String {
    format!(
        "{}\u{2013}{}",
        shift.starts.with_timezone(&tz).format("%H:%M"),
        shift.ends.with_timezone(&tz).format("%H:%M")
    )
}

/// A local wall-clock time as an instant: the earlier one when ambiguous,
/// the end of the gap when it does not exist.
fn resolve(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => gap_end(tz, local),
    }
}

/// The first instant after the gap that swallows `local`: the transition.
fn gap_end(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let offset_at = |utc: NaiveDateTime| -> i64 {
        i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
    };
    let shift = |t: NaiveDateTime, secs: i64| t.checked_add_signed(TimeDelta::seconds(secs));
    // Offsets well before and after the gap.
    let before = shift(local, -86_400).map(offset_at);
    let after = shift(local, 86_400).map(offset_at);
    if let (Some(before), Some(after)) = (before, after) {
        // Wall clock at a UTC instant, compared to `local` in seconds.
        let past = |utc: NaiveDateTime| shift(utc, offset_at(utc)).is_some_and(|l| l > local);
        if let (Some(mut lo), Some(mut hi)) = (shift(local, -after), shift(local, -before)) {
            // lo is before the transition, hi at or after it.
            if lo < hi && !past(lo) && past(hi) {
                while hi - lo > TimeDelta::seconds(1) {
                    let mid = lo + (hi - lo) / 2;
                    if past(mid) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                // Transitions fall on whole seconds.
                let hi = hi.with_nanosecond(0).unwrap_or(hi);
                return hi.and_utc();
            }
        }
    }
    // Unusual shape (two transitions within a day): walk the wall clock
    // forward a minute at a time to the first time that exists.
    for minutes in 1..=48 * 60 {
        if let Some(t) = shift(local, minutes * 60) {
            match tz.from_local_datetime(&t) {
                LocalResult::Single(x) => return x.with_timezone(&Utc),
                LocalResult::Ambiguous(a, b) => return a.min(b).with_timezone(&Utc),
                LocalResult::None => {}
            }
        }
    }
    local.and_utc()
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;
