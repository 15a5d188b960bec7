//! Escalation policy: which steps are due for an unacknowledged alert.
//! Pure: the caller passes the steps' delays, when the alert was raised,
//! the step it already reached and `now`.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// The steps (1-based) past `level` whose delay since `raised` has run out
/// by `now`, in order. `afters` are the policy's delays, step 1 first.
pub fn due_steps(
    afters: &[Duration],
    raised: DateTime<Utc>,
    now: DateTime<Utc>,
    level: u32,
) -> Vec<u32> {
    afters
        .iter()
        .enumerate()
        .map(|(i, after)| (i as u32 + 1, *after))
        .filter(|&(step, after)| step > level && at(raised, after) <= now)
        .map(|(step, _)| step)
        .collect()
}

/// When the next step after `level` falls due, if there is one.
pub fn next_due(afters: &[Duration], raised: DateTime<Utc>, level: u32) -> Option<DateTime<Utc>> {
    afters.get(level as usize).map(|after| at(raised, *after))
}

fn at(raised: DateTime<Utc>, after: Duration) -> DateTime<Utc> {
    raised + chrono::Duration::from_std(after).unwrap_or(chrono::Duration::MAX / 2)
}

/// "Raised" is the later of the source's reported time and the first sight
/// by any console (the journal's `raised` event), so a console started after
/// an outage does not escalate history in one burst.
pub fn raised_at(reported: DateTime<Utc>, first_seen: DateTime<Utc>) -> DateTime<Utc> {
    reported.max(first_seen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn mins(m: u64) -> Duration {
        Duration::from_secs(m * 60)
    }

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, h, m, 0).unwrap()
    }

    const POLICY: [u64; 3] = [5, 15, 30];

    fn afters() -> Vec<Duration> {
        POLICY.iter().map(|&m| mins(m)).collect()
    }

    #[test]
    fn steps_fall_due_as_their_delay_runs_out() {
        let raised = t(21, 0);
        assert!(due_steps(&afters(), raised, t(21, 4), 0).is_empty());
        assert_eq!(due_steps(&afters(), raised, t(21, 5), 0), [1]);
        assert_eq!(due_steps(&afters(), raised, t(21, 20), 1), [2]);
        assert!(
            due_steps(&afters(), raised, t(21, 20), 2).is_empty(),
            "each step once"
        );
    }

    #[test]
    fn a_long_silence_brings_every_due_step_in_order() {
        assert_eq!(due_steps(&afters(), t(21, 0), t(23, 0), 0), [1, 2, 3]);
        assert!(
            due_steps(&afters(), t(21, 0), t(23, 0), 3).is_empty(),
            "no step beyond the policy"
        );
    }

    #[test]
    fn next_due_is_the_following_step_or_none_at_the_top() {
        assert_eq!(next_due(&afters(), t(21, 0), 0), Some(t(21, 5)));
        assert_eq!(next_due(&afters(), t(21, 0), 2), Some(t(21, 30)));
        assert_eq!(next_due(&afters(), t(21, 0), 3), None);
    }

    #[test]
    fn raised_is_the_later_of_reported_and_first_seen() {
        assert_eq!(
            raised_at(t(10, 0), t(21, 0)),
            t(21, 0),
            "history seen late climbs from first sight"
        );
        assert_eq!(raised_at(t(21, 3), t(21, 0)), t(21, 3));
    }
}
