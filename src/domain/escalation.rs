//! Escalation policy: which steps are due for an unacknowledged alert.
//! Pure: the caller passes the steps' delays, when the alert was raised,
//! the step it already reached and `now`.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::domain::severity::Severity;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationPolicy {
    pub severity: Severity,
    /// Non-empty; `after` strictly increasing.
    pub steps: Vec<EscalationStep>,
    /// An acknowledged alert not resolved within this returns to `new`
    /// and climbs the steps again (`None`: an acknowledgement holds).
    pub ack_timeout: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationStep {
    pub after: Duration,
    pub to: String,
}

/// Steps for a severity: its own policy, else the nearest more severe one
/// that has steps.
pub fn policy_steps(
    policies: &[EscalationPolicy],
    severity: Severity,
) -> Option<&[EscalationStep]> {
    policies
        .iter()
        .filter(|p| p.severity >= severity && !p.steps.is_empty())
        .min_by_key(|p| p.severity)
        .map(|p| p.steps.as_slice())
}

/// The acknowledgement timeout for a severity: that of the policy naming
/// it (as for the automatic climb, only severities a policy names).
pub fn ack_timeout(policies: &[EscalationPolicy], severity: Severity) -> Option<Duration> {
    policies
        .iter()
        .find(|p| p.severity == severity)
        .and_then(|p| p.ack_timeout)
}

/// The step a manual escalation takes an alert to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStep {
    /// 1-based.
    pub step: u32,
    /// Who the step escalates to.
    pub target: String,
}

/// Why an alert cannot be escalated further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoNextStep {
    /// No policy covers the alert's severity.
    NoPolicy,
    /// The alert already reached the policy's last step.
    AtTop { level: u32 },
}

impl NoNextStep {
    /// What the officer is told, naming the alert.
    pub fn message(&self, alert: &str) -> String {
        match self {
            NoNextStep::NoPolicy => "no escalation policy is configured".to_string(),
            NoNextStep::AtTop { level } => {
                format!("{alert} is already at the top escalation step ({level})")
            }
        }
    }
}

/// The next escalation step for an alert of `severity` that has reached
/// `level` (0: never escalated). The key, the `:` command and the CLI all
/// ask this.
pub fn next_step(
    policies: &[EscalationPolicy],
    severity: Severity,
    level: u32,
) -> Result<NextStep, NoNextStep> {
    let steps = policy_steps(policies, severity).ok_or(NoNextStep::NoPolicy)?;
    let step = steps
        .get(level as usize)
        .ok_or(NoNextStep::AtTop { level })?;
    Ok(NextStep {
        step: level + 1,
        target: step.to.clone(),
    })
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

    fn policy(severity: Severity, to: &[&str]) -> EscalationPolicy {
        EscalationPolicy {
            severity,
            steps: to
                .iter()
                .enumerate()
                .map(|(i, t)| EscalationStep {
                    after: mins(5 * (i as u64 + 1)),
                    to: t.to_string(),
                })
                .collect(),
            ack_timeout: None,
        }
    }

    #[test]
    fn next_step_climbs_the_nearest_more_severe_policy_to_its_top() {
        let policies = [
            policy(Severity::Critical, &["duty manager"]),
            policy(Severity::High, &["desk lead", "security advisor"]),
        ];
        let n = next_step(&policies, Severity::Medium, 0).unwrap();
        assert_eq!((n.step, n.target.as_str()), (1, "desk lead"));
        let n = next_step(&policies, Severity::High, 1).unwrap();
        assert_eq!((n.step, n.target.as_str()), (2, "security advisor"));
        let top = next_step(&policies, Severity::High, 2).unwrap_err();
        assert_eq!(
            top.message("demo:7"),
            "demo:7 is already at the top escalation step (2)"
        );
        assert_eq!(
            next_step(&policies[..1], Severity::Critical, 0)
                .unwrap()
                .target,
            "duty manager"
        );
    }

    #[test]
    fn next_step_without_a_covering_policy_says_so() {
        let policies = [policy(Severity::Medium, &["desk lead"])];
        let err = next_step(&policies, Severity::Critical, 0).unwrap_err();
        assert_eq!(err, NoNextStep::NoPolicy);
        assert_eq!(err.message("x"), "no escalation policy is configured");
    }
}
