//! Marks and bulk actions. `Space` marks alerts (by id, so marks survive a
//! re-sort or a filter change); with marks, `a` `A` `e` `r` `z` `o` act on
//! every marked alert after one confirmation naming how many and which
//! severities. Each alert is its own journal event, decided by the
//! lifecycle as a single action is; the result, counted by reason, is
//! said and kept by `outcome`.

use chrono::{DateTime, Utc};

use super::mode::{BulkVerb, Confirm};
use super::outcome::Refused;
use super::{App, Effect, FlashKind, Mode, Pane, PromptKind, PromptTarget, Refusal};
use crate::domain::Severity;
use crate::domain::event::{Event, EventKind};
use crate::domain::ids::AlertId;
use crate::domain::lifecycle::Command;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// Several journal requests sent as one action, reported once all are answered.
#[derive(Debug, Clone)]
pub(crate) struct Batch {
    /// "acknowledged", "undone"…
    pub done_word: &'static str,
    pub outstanding: usize,
    pub recorded: Vec<Event>,
    /// The alerts not done, and why.
    pub refused: Vec<Refused>,
    /// An undo: what it records is not itself undone by `u`.
    pub undo: bool,
}

/// Your own last action: what `u` takes back (one event, or a whole batch).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LastAction {
    pub events: Vec<Event>,
}

impl App {
    /// `Space`: marks or unmarks the alert under the cursor and moves down,
    /// so a run of alerts is marked with `Space Space Space`.
    pub(crate) fn toggle_mark(&mut self) {
        if self.focus != Pane::Alerts || self.detail.is_some() {
            self.flash(
                FlashKind::Error,
                "marks are on alerts: Tab to the alerts pane first",
            );
            return;
        }
        // A folded group of related alerts: all its members at once.
        let ids: Vec<String> = match self.folded_targets() {
            Some(ids) => ids.iter().map(|id| id.as_str().to_string()).collect(),
            None => match self.current_alert() {
                Some(e) => vec![e.alert.id.clone()],
                None => return,
            },
        };
        if ids.iter().all(|id| self.marks.contains(id)) {
            for id in &ids {
                self.marks.remove(id);
            }
        } else {
            self.marks.extend(ids);
        }
        let next = self.selection(Pane::Alerts) + 1;
        if next < self.rows.alerts.len() {
            self.cursor.pin = super::Pin::No;
            self.cursor.selected.insert(Pane::Alerts, next);
            self.cursor.selected_alert = self
                .rows
                .alerts
                .get(next)
                .map(|&i| self.model.alerts.entries[i].alert.id.clone());
        }
    }

    /// Esc with marks (and nothing else to dismiss) clears them.
    pub(crate) fn clear_marks(&mut self) -> bool {
        if self.marks.is_empty() {
            return false;
        }
        let n = self.marks.len();
        self.marks.clear();
        self.flash(FlashKind::Info, format!("{n} marks cleared"));
        true
    }

    /// Whether the next alert action is a bulk one: marks, and no detail
    /// open (an open detail's alert is what its keys act on).
    pub(crate) fn bulk_ready(&self) -> bool {
        (!self.marks.is_empty() && self.detail.is_none()) || self.folded_targets().is_some()
    }

    /// What a bulk action acts on: the marked alerts, in a stable (id)
    /// order, or else every member of the folded related group under the
    /// cursor.
    fn marked(&self) -> Vec<AlertId> {
        if self.marks.is_empty() {
            return self.folded_targets().unwrap_or_default();
        }
        self.marks.iter().filter_map(AlertId::new).collect()
    }

    /// A key action on the marked alerts: the ones with a note or a time
    /// ask for it once, then the confirmation.
    pub(crate) fn bulk_action(&mut self, action: crate::keymap::Action) -> Result<(), String> {
        use crate::keymap::Action;
        let alerts = self.marked();
        let prompt = |kind| (kind, PromptTarget::Marked(alerts.clone()));
        let (kind, target) = match action {
            Action::Acknowledge => return self.ask(BulkVerb::Acknowledge, alerts, None),
            Action::Own => return self.ask(BulkVerb::Own, alerts, None),
            Action::AcknowledgeWithNote => prompt(PromptKind::AckNote),
            Action::Escalate => prompt(PromptKind::Escalate),
            Action::Resolve => prompt(PromptKind::Resolve),
            Action::Snooze => prompt(PromptKind::Snooze),
            _ if self.marks.is_empty() => {
                return Err(
                    "that key acts on one alert: → opens the group of related alerts".into(),
                );
            }
            _ => return Err("that key acts on one alert: Esc clears the marks first".into()),
        };
        // Refused now (e.g. every marked alert resolved elsewhere) rather
        // than after the note is typed.
        self.bulk_question(bulk_verb(kind), &alerts)?;
        self.open_prompt(kind, target);
        Ok(())
    }

    /// A marked prompt's Enter: the confirmation, with the note or time.
    pub(crate) fn submit_marked(
        &mut self,
        kind: PromptKind,
        alerts: &[AlertId],
        input: &str,
    ) -> Result<(), String> {
        if kind == PromptKind::Snooze {
            // The duration, then an optional note, as for one alert.
            let (d, note) = self.snooze_input(input)?;
            return self.ask(BulkVerb::Snooze(d), alerts.to_vec(), note);
        }
        let note = (!input.is_empty()).then(|| input.to_string());
        self.ask(bulk_verb(kind), alerts.to_vec(), note)
    }

    /// Puts the confirmation for `verb` on `alerts`.
    pub(crate) fn ask(
        &mut self,
        verb: BulkVerb,
        alerts: Vec<AlertId>,
        note: Option<String>,
    ) -> Result<(), String> {
        let question = self.bulk_question(verb, &alerts)?;
        self.mode = Mode::Confirm(Confirm {
            question,
            verb,
            alerts,
            note,
        });
        self.dirty = true;
        Ok(())
    }

    /// "Acknowledge 12 alerts (3 CRIT, 9 HIGH)?", or why none of them can be.
    fn bulk_question(&self, verb: BulkVerb, alerts: &[AlertId]) -> Result<String, String> {
        let mut refusals = Vec::new();
        let mut others: Vec<&str> = Vec::new();
        let mut hidden = 0;
        for id in alerts {
            if let Err(why) = self.bulk_decide(verb, id) {
                refusals.push(why.message);
            }
            if !self.marks.is_empty() && self.row_of_alert(id.as_str()).is_none() {
                hidden += 1;
            }
            if verb == BulkVerb::Own
                && let Some(o) = self
                    .model
                    .journal
                    .alert(id.as_str())
                    .and_then(|j| j.owned_by_other(&self.settings.officer))
                && !others.contains(&o)
            {
                others.push(o);
            }
        }
        if refusals.len() == alerts.len() {
            let first = refusals.first().cloned().unwrap_or_default();
            let which = if self.marks.is_empty() {
                "related"
            } else {
                "marked"
            };
            return Err(match alerts.len() {
                1 => first,
                n => format!("none of the {n} {which} alerts can be: {first}"),
            });
        }
        let sevs = self.severities(alerts.iter().map(AlertId::as_str));
        let what = if self.marks.is_empty() {
            "related alerts"
        } else {
            "alerts"
        };
        let mut q = match alerts {
            [one] => format!("{} {one}", verb.ask()),
            many => format!("{} {} {what}", verb.ask(), many.len()),
        };
        if !sevs.is_empty() {
            q.push_str(&format!(" ({sevs})"));
        }
        if let BulkVerb::Snooze(d) = verb {
            q.push_str(&format!(" for {}", spoken(d)));
        }
        if hidden > 0 {
            q.push_str(&format!(", {hidden} not shown by the filter"));
        }
        if !others.is_empty() {
            let whose = if alerts.len() == 1 {
                "owned by"
            } else {
                "some owned by"
            };
            q.push_str(&format!(", {whose} {}", others.join(", ")));
        }
        if !refusals.is_empty() {
            q.push_str(&format!(", {} will be refused", refusals.len()));
        }
        q.push('?');
        Ok(q)
    }

    /// What `verb` records on one alert, or why not: the lifecycle's
    /// decision (as for a single action), with its reason kept for the
    /// batch's result.
    fn bulk_decide(&self, verb: BulkVerb, id: &AlertId) -> Result<EventKind, Refused> {
        let officer = self.settings.officer.clone();
        let refused = |message| Refused::decided(id.as_str(), None, message);
        let command = match verb {
            BulkVerb::Acknowledge => Command::Acknowledge,
            BulkVerb::Resolve => Command::Resolve,
            BulkVerb::Snooze(d) => Command::Snooze(d),
            BulkVerb::Own => Command::Own { officer: &officer },
            BulkVerb::Escalate => self.escalation(id).map_err(refused)?,
        };
        self.decide(id, command).map_err(|message| {
            let life = self.model.journal.alert(id.as_str()).map(|j| &j.life);
            let why = crate::domain::lifecycle::check(life, &command).err();
            Refused::decided(id.as_str(), why.as_ref(), message)
        })
    }

    /// A key while a confirmation is up: only y/Enter and n/Esc answer it;
    /// anything else (type-ahead meant for somewhere else) cancels it
    /// without acting and holds the keyboard until Esc.
    pub(crate) fn on_confirm_key(&mut self, c: Confirm, key: KeyEvent, effects: &mut Vec<Effect>) {
        self.dirty = true;
        match key.code {
            KeyCode::Char('y') | KeyCode::Enter => {
                self.mode = Mode::Normal;
                if let Err(why) = self.can_record() {
                    self.flash(FlashKind::Error, why);
                    return;
                }
                self.run_bulk(c, effects);
            }
            KeyCode::Char('n') | KeyCode::Esc => {
                self.mode = Mode::Normal;
                self.flash(FlashKind::Info, "cancelled: nothing recorded");
            }
            _ => {
                let mut r = Refusal {
                    reason: format!(
                        "\"{}\" not confirmed (only y/Enter or n/Esc answer it): nothing done",
                        c.question.trim_end_matches('?')
                    ),
                    ignored: String::new(),
                };
                r.ignore(&super::update::typed(&key));
                self.mode = Mode::Refused(r);
            }
        }
    }

    /// Sends one event per alert (each decided again: another console may
    /// have acted while the question was up) as one batch.
    fn run_bulk(&mut self, c: Confirm, effects: &mut Vec<Effect>) {
        let mut kinds = Vec::new();
        let mut refused = Vec::new();
        for id in &c.alerts {
            match self.bulk_decide(c.verb, id) {
                Ok(kind) => kinds.push(kind),
                Err(why) => refused.push(why),
            }
        }
        for id in &c.alerts {
            self.marks.remove(id.as_str());
        }
        let n = kinds.len();
        let batch = self.start_batch(c.verb.done(), refused, false);
        for kind in kinds {
            effects.push(self.request_in(kind, c.note.clone(), Some(batch)));
        }
        if n == 0 {
            self.finish_batch(batch, effects);
        } else {
            let what = c.verb.done();
            self.flash(FlashKind::Info, format!("{n} being {what}…"));
        }
    }

    /// Remembers a single recorded action of this officer for `u`.
    pub(crate) fn remember_action(&mut self, e: &Event) {
        self.last_action = if is_undo(&e.kind) {
            None
        } else {
            Some(LastAction {
                events: vec![e.clone()],
            })
        };
    }

    /// "3 CRIT, 9 HIGH": how many of these alerts are of each severity.
    pub fn severities<'a>(&self, ids: impl Iterator<Item = &'a str>) -> String {
        let mut counts = [0usize; 5];
        for id in ids {
            if let Some(e) = self.model.alerts.get(id) {
                counts[e.alert.severity as usize] += 1;
            }
        }
        let sevs: Vec<String> = Severity::ALL_DESC
            .into_iter()
            .filter(|&s| counts[s as usize] > 0)
            .map(|s| format!("{} {}", counts[s as usize], s.short()))
            .collect();
        sevs.join(", ")
    }

    /// How many of the marked alerts the pane title names.
    pub fn marked_count(&self) -> usize {
        self.marks.len()
    }

    /// When the last action was recorded, if there is one to undo.
    pub fn last_action_at(&self) -> Option<DateTime<Utc>> {
        self.last_action
            .as_ref()
            .and_then(|l| l.events.iter().map(|e| e.at).max())
    }
}

/// The verb of a marked prompt.
fn bulk_verb(kind: PromptKind) -> BulkVerb {
    match kind {
        PromptKind::Escalate => BulkVerb::Escalate,
        PromptKind::Resolve => BulkVerb::Resolve,
        PromptKind::Snooze => BulkVerb::Snooze(std::time::Duration::ZERO),
        _ => BulkVerb::Acknowledge,
    }
}

/// A snooze's length as the officer would type it: `15m`, `2h`, `1d`,
/// `1h30m`.
fn spoken(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        _ if s % 86_400 == 0 => format!("{}d", s / 86_400),
        _ if s % 3600 == 0 => format!("{}h", s / 3600),
        _ if s >= 3600 && s % 60 == 0 => format!("{}h{}m", s / 3600, (s % 3600) / 60),
        _ if s % 60 == 0 => format!("{}m", s / 60),
        _ => crate::domain::duration::format_compact(d),
    }
}

/// An event that takes an earlier one back.
pub(crate) fn is_undo(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Unacknowledged { .. }
            | EventKind::Reopened { .. }
            | EventKind::Unsnoozed { .. }
            | EventKind::Disowned { .. }
            | EventKind::Unmuted { .. }
            | EventKind::SurgeStoodDown { .. }
    )
}
