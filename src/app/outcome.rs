//! The result of a bulk action (or an undo of one), once every alert's
//! answer is in: a summary that fits the message line, counts grouped by
//! reason with the failed ones named first, and the whole result kept as
//! one watch-log entry in the journal, so it can be read again in the log
//! view (and in `watchkeeper log`) after the message has gone.

use super::bulk::{Batch, LastAction};
use super::{App, Effect, Flash, FlashKind};
use crate::domain::event::{Appended, EventKind};
use crate::domain::lifecycle::Refusal;

/// One alert of a batch that was not done, and why.
#[derive(Debug, Clone)]
pub(crate) struct Refused {
    pub alert: String,
    pub why: Why,
    /// The full reason, as a single action would have said it.
    pub message: String,
}

/// Why an alert of a batch was not done, as the summary groups them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    /// Another officer (or an earlier action) came first: "already
    /// acknowledged" by `by`.
    Taken { what: String, by: String },
    /// The lifecycle does not allow it now (no next escalation step…).
    NotNow,
    /// The journal could not record it: the officer must look at it.
    Failed,
}

impl Refused {
    /// A refusal decided by the console before anything was sent.
    pub(crate) fn decided(alert: &str, refusal: Option<&Refusal>, message: String) -> Refused {
        let why = match refusal {
            Some(Refusal::AlreadyAcknowledged { by, .. }) => Why::Taken {
                what: "already acknowledged".into(),
                by: by.clone().unwrap_or_else(|| "?".into()),
            },
            Some(Refusal::AlreadyResolved { by, .. }) => Why::Taken {
                what: "already resolved".into(),
                by: by.clone().unwrap_or_else(|| "?".into()),
            },
            _ => Why::NotNow,
        };
        Refused {
            alert: alert.to_string(),
            why,
            message,
        }
    }
}

impl App {
    pub(crate) fn start_batch(
        &mut self,
        done_word: &'static str,
        refused: Vec<Refused>,
        undo: bool,
    ) -> u64 {
        let id = self.next_request;
        self.next_request += 1;
        self.batches.insert(
            id,
            Batch {
                done_word,
                outstanding: 0,
                recorded: Vec::new(),
                refused,
                undo,
            },
        );
        id
    }

    /// The number of answers a batch still waits for goes up by one.
    pub(crate) fn batch_sent(&mut self, batch: u64) {
        if let Some(b) = self.batches.get_mut(&batch) {
            b.outstanding += 1;
        }
    }

    /// One journal answer of a batch; the summary once all are in.
    pub(crate) fn batch_answer(
        &mut self,
        batch: u64,
        asked: &EventKind,
        result: Result<Appended, String>,
        effects: &mut Vec<Effect>,
    ) {
        let Some(b) = self.batches.get_mut(&batch) else {
            return;
        };
        b.outstanding = b.outstanding.saturating_sub(1);
        let alert = asked.alert().or(asked.station()).unwrap_or("?").to_string();
        match result {
            Ok(Appended::Recorded(e)) => b.recorded.push(e),
            Ok(Appended::Conflict(winner)) => b.refused.push(Refused {
                alert,
                why: Why::Taken {
                    what: format!("already {}", winner.kind.label()),
                    by: winner.officer.clone(),
                },
                message: super::actions::conflict_message(asked, &winner),
            }),
            Err(err) => b.refused.push(Refused {
                message: format!("{alert}: journal: {err} — not recorded"),
                alert,
                why: Why::Failed,
            }),
        }
        if b.outstanding == 0 {
            self.finish_batch(batch, effects);
        }
    }

    /// Says the result on the message line and keeps it in the log.
    pub(crate) fn finish_batch(&mut self, batch: u64, effects: &mut Vec<Effect>) {
        let Some(b) = self.batches.remove(&batch) else {
            return;
        };
        self.cursor.pin = super::Pin::Once;
        let (kind, text) = match (b.recorded.as_slice(), b.refused.is_empty()) {
            // One alert (a single `o` that was asked first): said as a
            // single action is.
            ([one], true) => (FlashKind::Ok, super::actions::done_message(one)),
            _ => {
                let log_key = self
                    .settings
                    .keymap
                    .keys_for(crate::keymap::Action::ViewLog)
                    .first()
                    .map(|k| format!(" ({})", k.label()))
                    .unwrap_or_default();
                summary(&b, &log_key, self.size.0 as usize)
            }
        };
        let secs = if b.refused.is_empty() { 4 } else { 30 };
        self.flash = Some(Flash {
            kind,
            text: text.clone(),
            until: self.now + chrono::Duration::seconds(secs),
        });
        self.dirty = true;
        if b.recorded.len() + b.refused.len() > 1 && self.can_record().is_ok() {
            let effect = self.send(EventKind::WatchLog, Some(full_result(&b)), false, None);
            if let Effect::Append { request, .. } = &effect {
                self.result_entries.insert(*request, text);
            }
            effects.push(effect);
        }
        if b.undo {
            self.last_action = None;
        } else if !b.recorded.is_empty() {
            self.last_action = Some(LastAction { events: b.recorded });
        }
    }

    /// The journal's answer to a batch result's log entry: quiet when it
    /// is kept (the result is on the message line), said when it is not.
    pub(crate) fn result_entry_answer(&mut self, request: u64, result: &Result<Appended, String>) {
        let Some(said) = self.result_entries.remove(&request) else {
            return;
        };
        if let Err(err) = result {
            self.flash = Some(Flash {
                kind: FlashKind::Error,
                text: format!(
                    "{}; NOT kept in the log: journal: {err}",
                    said.split(" — all in the log").next().unwrap_or(&said)
                ),
                until: self.now + chrono::Duration::seconds(30),
            });
            self.dirty = true;
        }
    }
}

/// The groups of a batch's result, most urgent first: the failed ones
/// (named), the done ones, those another officer took (by name), those not
/// possible now.
fn groups(b: &Batch) -> Vec<(String, Vec<&Refused>)> {
    let failed: Vec<&Refused> = b.refused.iter().filter(|r| r.why == Why::Failed).collect();
    let mut out = Vec::new();
    if !failed.is_empty() {
        out.push((format!("{} FAILED (journal error)", failed.len()), failed));
    }
    // Taken, grouped by what came first, naming every officer.
    let mut taken: Vec<(&str, Vec<&str>, Vec<&Refused>)> = Vec::new();
    for r in &b.refused {
        if let Why::Taken { what, by } = &r.why {
            match taken.iter_mut().find(|(w, _, _)| w == what) {
                Some((_, names, rs)) => {
                    if !names.contains(&by.as_str()) {
                        names.push(by);
                    }
                    rs.push(r);
                }
                None => taken.push((what, vec![by], vec![r])),
            }
        }
    }
    for (what, names, rs) in taken {
        out.push((format!("{} {what} by {}", rs.len(), names.join(", ")), rs));
    }
    let not_now: Vec<&Refused> = b.refused.iter().filter(|r| r.why == Why::NotNow).collect();
    if !not_now.is_empty() {
        out.push((format!("{} not possible now", not_now.len()), not_now));
    }
    out
}

/// "✗ 1 FAILED (journal error): storm:STORM-0104; 29 acknowledged; 20
/// already acknowledged by bob — all in the log (5)", fitted to
/// `width`: the alerts not done are named while they fit, the failed ones
/// first (at least one of them, whatever the width, the pointer to the log
/// dropped to make room).
fn summary(b: &Batch, log_key: &str, width: usize) -> (FlashKind, String) {
    let failed = has_failed(b);
    let (kind, mark) = match (failed, b.refused.is_empty()) {
        (true, _) => (FlashKind::Error, "✗ "),
        (false, true) => (FlashKind::Ok, "✓ "),
        (false, false) => (FlashKind::Info, ""),
    };
    let mut gs = groups(b);
    gs.insert(
        usize::from(failed),
        (format!("{} {}", b.recorded.len(), b.done_word), Vec::new()),
    );
    let tail = match (b.refused.is_empty(), b.recorded.iter().map(|e| e.at).max()) {
        (false, _) => format!(" — all in the log{log_key}"),
        (true, Some(t)) => format!(" — in the journal at {}", super::actions::clock(t)),
        (true, None) => String::new(),
    };
    // How many ids of each group are named.
    let mut named = vec![0; gs.len()];
    let line = |named: &[usize], tail: &str| {
        let parts: Vec<String> = gs
            .iter()
            .zip(named)
            .map(|((head, rs), &k)| {
                if k == 0 {
                    return head.clone();
                }
                let ids: Vec<&str> = rs[..k].iter().map(|r| r.alert.as_str()).collect();
                match rs.len() - k {
                    0 => format!("{head}: {}", ids.join(", ")),
                    more => format!("{head}: {} +{more} more", ids.join(", ")),
                }
            })
            .collect();
        format!("{mark}{}{tail}", parts.join("; "))
    };
    'groups: for g in 0..gs.len() {
        for k in 1..=gs[g].1.len() {
            named[g] = k;
            let must = failed && g == 0 && k == 1;
            if !must && line(&named, &tail).chars().count() > width {
                named[g] = k - 1;
                break 'groups;
            }
        }
    }
    let text = line(&named, &tail);
    if text.chars().count() <= width {
        return (kind, text);
    }
    // Still too long (the failed one named whatever the width): the
    // pointer to the log gives way before any count does.
    (kind, line(&named, ""))
}

/// The whole result, as kept in the watch log: every group with every id,
/// the failed and the not possible ones with their reasons, the done ones
/// last.
fn full_result(b: &Batch) -> String {
    let mut parts = Vec::new();
    let done: Vec<&str> = b
        .recorded
        .iter()
        .map(|e| e.kind.alert().or(e.kind.station()).unwrap_or("?"))
        .collect();
    let gs = groups(b);
    for (i, (head, rs)) in gs.iter().enumerate() {
        // Failed or not possible: each with its own reason.
        if i == 0 && rs.first().is_some_and(|r| r.why == Why::Failed)
            || rs.first().is_some_and(|r| r.why == Why::NotNow)
        {
            let why: Vec<&str> = rs.iter().map(|r| r.message.as_str()).collect();
            parts.push(format!("{head}: {}", why.join(", ")));
        } else {
            let ids: Vec<&str> = rs.iter().map(|r| r.alert.as_str()).collect();
            parts.push(format!("{head}: {}", ids.join(", ")));
        }
    }
    let done_part = if done.is_empty() {
        format!("0 {}", b.done_word)
    } else {
        format!("{} {}: {}", done.len(), b.done_word, done.join(", "))
    };
    // The done ones last: what needs a look comes first.
    parts.push(done_part);
    format!("bulk result: {}", parts.join("; "))
}

fn has_failed(b: &Batch) -> bool {
    b.refused.iter().any(|r| r.why == Why::Failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::Event;

    fn refused(i: usize, why: Why) -> Refused {
        let alert = format!("storm:STORM-{i:04}");
        Refused {
            message: format!("{alert}: something"),
            alert,
            why,
        }
    }

    #[test]
    fn a_storm_result_fits_120_columns_naming_the_failed_first() {
        let at = chrono::DateTime::UNIX_EPOCH;
        let recorded = (0..100)
            .map(|i| Event {
                seq: i,
                at,
                officer: "alice".into(),
                host: "ops-1".into(),
                kind: EventKind::Acknowledged {
                    alert: format!("storm:STORM-{i:04}"),
                },
                note: None,
            })
            .collect();
        let mut refused: Vec<Refused> = (100..130).map(|i| refused(i, Why::Failed)).collect();
        for (i, by) in (130..150).zip(["bob", "carol"].into_iter().cycle()) {
            let what = "already acknowledged".to_string();
            let by = by.to_string();
            refused.push(self::refused(i, Why::Taken { what, by }));
        }
        let b = Batch {
            done_word: "acknowledged",
            outstanding: 0,
            recorded,
            refused,
            undo: false,
        };
        let (kind, text) = summary(&b, " (5)", 120);
        assert_eq!(kind, FlashKind::Error);
        assert_eq!(
            text,
            "✗ 30 FAILED (journal error): storm:STORM-0100 +29 more; \
             100 acknowledged; 20 already acknowledged by bob, carol"
        );
        assert!(text.chars().count() <= 120);
        // Too narrow for any name but one: the first failed one still shows.
        let (_, narrow) = summary(&b, " (5)", 40);
        assert!(
            narrow.starts_with("✗ 30 FAILED (journal error): storm:STORM-0100 +29 more;"),
            "{narrow}"
        );
        let full = full_result(&b);
        assert!(full.contains("storm:STORM-0129: something; 20 already acknowledged by bob, carol: storm:STORM-0130"), "{full}");
        assert!(full.ends_with("storm:STORM-0099"), "the done ones last");
    }
}
