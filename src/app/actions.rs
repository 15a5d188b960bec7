//! Officer actions: what each key asks the journal to record, and the words
//! the officer sees when it is done or refused.

use chrono::{DateTime, Utc};

use super::{App, DetailTarget, Effect, FlashKind, Mode, Pane, Prompt, PromptKind, Refusal};
use crate::domain::AlertState;
use crate::domain::duration::parse_duration;
use crate::domain::escalation::next_step;
use crate::domain::event::{Event, EventKind};
use crate::keymap::Action;

impl App {
    /// The alert an action applies to: the open detail, else the cursor's.
    fn target_alert(&self) -> Option<String> {
        match &self.detail {
            Some(DetailTarget::Alert(id)) => Some(id.clone()),
            Some(_) => None,
            None if self.focus == Pane::Alerts => self.current_alert().map(|e| e.alert.id.clone()),
            None => None,
        }
    }

    fn target_station(&self) -> Option<String> {
        match &self.detail {
            Some(DetailTarget::Station(id)) => Some(id.clone()),
            Some(DetailTarget::Alert(id)) => self
                .model
                .alerts
                .get(id)
                .and_then(|e| e.alert.primary_station())
                .map(String::from),
            Some(DetailTarget::Officer(_) | DetailTarget::Handover) => None,
            None => match self.focus {
                Pane::Stations => self.current_station().map(|s| s.id.clone()),
                Pane::Alerts => self
                    .current_alert()
                    .and_then(|e| e.alert.primary_station())
                    .map(String::from),
                _ => None,
            },
        }
    }

    fn target_officer(&self) -> Option<String> {
        match &self.detail {
            Some(DetailTarget::Officer(id)) => Some(id.clone()),
            Some(_) => None,
            None if self.focus == Pane::Roster => self.current_officer().map(|o| o.id.clone()),
            None => None,
        }
    }

    /// An officer's action on the selected item. One that cannot succeed
    /// right now is refused before any prompt opens; if it would have
    /// opened one, the refusal holds the keyboard (see [`Refusal`]) so the
    /// note typed ahead after it can never run as commands.
    pub(crate) fn alert_action(&mut self, action: Action, effects: &mut Vec<Effect>) {
        if let Err(reason) = self.try_action(action, effects) {
            if opens_prompt(action) {
                self.mode = Mode::Refused(Refusal {
                    reason,
                    ignored: String::new(),
                });
                self.dirty = true;
            } else {
                self.flash(FlashKind::Error, reason);
            }
        }
    }

    fn try_action(&mut self, action: Action, effects: &mut Vec<Effect>) -> Result<(), String> {
        if self.settings.read_only {
            return Err("read-only console: no action can be taken".to_string());
        }
        match action {
            Action::Acknowledge
            | Action::AcknowledgeWithNote
            | Action::Escalate
            | Action::Resolve
            | Action::Note
            | Action::Snooze => {
                let id = self
                    .target_alert()
                    .ok_or("no alert selected: Tab to the alerts pane first")?;
                match action {
                    Action::Acknowledge => {
                        self.can_acknowledge(&id)?;
                        effects.push(self.ack(id, None));
                    }
                    Action::AcknowledgeWithNote => {
                        self.can_acknowledge(&id)?;
                        self.open_prompt(PromptKind::AckNote, Some(id));
                    }
                    Action::Resolve => {
                        self.can_resolve(&id)?;
                        self.open_prompt(PromptKind::Resolve, Some(id));
                    }
                    Action::Escalate => {
                        self.next_step(&id)?;
                        self.open_prompt(PromptKind::Escalate, Some(id));
                    }
                    Action::Snooze => {
                        self.can_resolve(&id)?;
                        self.open_prompt(PromptKind::Snooze, Some(id));
                    }
                    _ => self.open_prompt(PromptKind::Note, Some(id)),
                }
            }
            Action::Mute => {
                let s = self.target_station().ok_or("no station selected")?;
                self.open_prompt(PromptKind::Mute, Some(s));
            }
            Action::Task => {
                let o = self
                    .target_officer()
                    .ok_or("no surge officer selected: Tab to the roster first")?;
                self.open_prompt(PromptKind::Task, Some(o));
            }
            Action::StandDown => {
                let o = self
                    .target_officer()
                    .ok_or("no surge officer selected: Tab to the roster first")?;
                if !self.model.journal.taskings.contains_key(&o) {
                    return Err(format!("{o} is not tasked from this watch"));
                }
                effects.push(self.request(
                    EventKind::SurgeStoodDown { officer_id: o },
                    None,
                    false,
                ));
            }
            Action::WatchLog => self.open_prompt(PromptKind::WatchLog, None),
            _ => {}
        }
        Ok(())
    }

    fn alert_state(&self, id: &str) -> AlertState {
        self.model
            .journal
            .alert(id)
            .map_or(AlertState::New, |j| j.state())
    }

    /// An alert can be acknowledged when it is shown and new.
    fn can_acknowledge(&self, id: &str) -> Result<(), String> {
        if self.model.alerts.get(id).is_none() {
            return Err(format!("no alert {id:?}"));
        }
        match self.alert_state(id) {
            AlertState::New => Ok(()),
            state => Err(self.already_message(id, state)),
        }
    }

    /// Resolving (and snoozing) needs an alert not yet resolved.
    fn can_resolve(&self, id: &str) -> Result<(), String> {
        match self.alert_state(id) {
            AlertState::Resolved => Err(self.already_message(id, AlertState::Resolved)),
            _ => Ok(()),
        }
    }

    fn ack(&mut self, id: String, note: Option<String>) -> Effect {
        self.flash(FlashKind::Info, format!("acknowledging {id}…"));
        self.request(EventKind::Acknowledged { alert: id }, note, false)
    }

    fn already_message(&self, id: &str, state: AlertState) -> String {
        let j = self.model.journal.alert(id);
        match (state, j) {
            (AlertState::Acknowledged, Some(j)) => format!(
                "{id} already acknowledged by {} at {}",
                j.acked_by.as_deref().unwrap_or("?"),
                j.acked_at.map(clock).unwrap_or_default()
            ),
            (AlertState::Resolved, Some(j)) => format!(
                "{id} already resolved by {} at {}",
                j.resolved_by.as_deref().unwrap_or("?"),
                j.resolved_at.map(clock).unwrap_or_default()
            ),
            _ => format!("{id} is {}", state.as_str()),
        }
    }

    /// Carries out a prompt's Enter. Every check is made again here (another
    /// console may have acted while the officer typed); a refusal keeps the
    /// prompt open with its text.
    pub(crate) fn submit_prompt(
        &mut self,
        p: &Prompt,
        effects: &mut Vec<Effect>,
    ) -> Result<(), PromptRefusal> {
        let input = p.input.trim().to_string();
        let note = (!input.is_empty()).then(|| input.clone());
        let target = || {
            p.target
                .clone()
                .filter(|t| !t.is_empty())
                .ok_or_else(|| PromptRefusal::from("nothing selected: Esc, then select it"))
        };
        match p.kind {
            PromptKind::AckNote => {
                let id = target()?;
                self.can_acknowledge(&id)?;
                effects.push(self.ack(id, note));
            }
            PromptKind::Resolve => {
                let id = target()?;
                self.can_resolve(&id)?;
                effects.push(self.request(EventKind::Resolved { alert: id }, note, false));
            }
            PromptKind::Note | PromptKind::WatchLog if note.is_none() => {
                return Err("type the note first (Esc cancels): nothing recorded".into());
            }
            PromptKind::Note => {
                let id = target()?;
                effects.push(self.request(EventKind::Note { alert: id }, note, false))
            }
            PromptKind::WatchLog => effects.push(self.request(EventKind::WatchLog, note, false)),
            PromptKind::Escalate => {
                let id = target()?;
                let (step, to) = self.next_step(&id)?;
                let kind = EventKind::Escalated {
                    alert: id,
                    step,
                    target: to,
                    manual: true,
                };
                effects.push(self.request(kind, note, false));
            }
            PromptKind::Snooze => {
                let id = target()?;
                let d = parse_duration(&input)?;
                self.can_resolve(&id)?;
                let until =
                    self.now + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(1));
                let kind = EventKind::Snoozed { alert: id, until };
                effects.push(self.request(kind, None, false));
            }
            PromptKind::Mute => {
                let station = target()?;
                let (dur, reason) = input.split_once(' ').unwrap_or((input.as_str(), ""));
                let d = parse_duration(dur)?;
                if reason.trim().is_empty() {
                    // Kept with a space, so the reason typed next follows it.
                    return Err(PromptRefusal {
                        reason: "give a reason after the duration, e.g. 2h planned drill"
                            .to_string(),
                        input: Some(format!("{dur} ")),
                    });
                }
                let until =
                    self.now + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(1));
                let kind = EventKind::Muted { station, until };
                effects.push(self.request(kind, Some(reason.trim().to_string()), false));
            }
            PromptKind::Task => {
                let officer_id = target()?;
                let station = input.to_ascii_uppercase();
                if self.model.station(&station).is_none() {
                    return Err(format!("no duty station {station:?}").into());
                }
                let kind = EventKind::SurgeTasked {
                    officer_id,
                    station,
                };
                effects.push(self.request(kind, None, false));
            }
            PromptKind::Filter => {
                // A bad term is refused; the previous filter stays.
                let query =
                    crate::state::filter::Filter::parse(&input).map_err(|e| e.to_string())?;
                self.filter.query = query;
                self.invalidate_rows();
            }
            PromptKind::Command => self.run_command(&input, effects)?,
        }
        Ok(())
    }

    fn run_command(&mut self, input: &str, effects: &mut Vec<Effect>) -> Result<(), String> {
        let mut words = input.split_whitespace();
        match (words.next(), words.next()) {
            (Some("q" | "quit"), _) => {
                self.quit = true;
                effects.push(Effect::Quit);
            }
            (Some("ack"), None) => {
                return Err(":ack needs an alert id, e.g. :ack incidents:INC-2026-0412 \
                            (Tab completes)"
                    .to_string());
            }
            (Some("ack"), Some(id)) => {
                if self.settings.read_only {
                    return Err("read-only console: no action can be taken".to_string());
                }
                // The same check as the `a` key.
                self.can_acknowledge(id)?;
                effects.push(self.ack(id.to_string(), None));
            }
            (Some("desk"), Some(region)) => {
                self.filter.desk = (region != "all").then(|| region.to_string());
                self.invalidate_rows();
                self.flash(FlashKind::Info, format!("desk: {region}"));
            }
            (Some("theme"), Some(name)) => effects.push(Effect::Theme(name.to_string())),
            _ => {
                return Err(format!(
                    "unknown command {input:?} (:ack ID, :desk REGION, :theme NAME, :q)"
                ));
            }
        }
        Ok(())
    }

    /// The next escalation step for an alert: its own severity's policy, else
    /// the nearest more severe one that has steps.
    fn next_step(&self, id: &str) -> Result<(u32, String), String> {
        let entry = self
            .model
            .alerts
            .get(id)
            .ok_or_else(|| format!("no alert {id}"))?;
        let level = self
            .model
            .journal
            .alert(id)
            .map_or(0, |j| j.escalation_level);
        next_step(&self.settings.policies, entry.alert.severity, level)
            .map(|n| (n.step, n.target))
            .map_err(|e| e.message(id))
    }
}

pub fn clock(t: DateTime<Utc>) -> String {
    t.format("%H:%M:%SZ").to_string()
}

/// What the officer sees once an action is on disk.
pub fn done_message(e: &Event) -> String {
    let what = match &e.kind {
        EventKind::Acknowledged { alert } => format!("acknowledged {alert}"),
        EventKind::Resolved { alert } => format!("resolved {alert}"),
        EventKind::Escalated {
            alert,
            step,
            target,
            ..
        } => format!("escalated {alert} to step {step} ({target})"),
        EventKind::Snoozed { alert, until } => format!("snoozed {alert} until {}", clock(*until)),
        EventKind::Note { alert } => format!("note added to {alert}"),
        EventKind::Muted { station, until } => format!("muted {station} until {}", clock(*until)),
        EventKind::SurgeTasked {
            officer_id,
            station,
        } => format!("tasked {officer_id} to {station}"),
        EventKind::SurgeStoodDown { officer_id } => format!("stood down {officer_id}"),
        EventKind::WatchLog => "watch log entry recorded".to_string(),
        other => format!("{} recorded", other.name()),
    };
    format!("✓ {what} — in the journal at {}", clock(e.at))
}

/// Why the journal refused an action: who got there first, and when.
pub fn conflict_message(asked: &EventKind, winner: &Event) -> String {
    let alert = asked.alert().unwrap_or("?");
    let when = clock(winner.at);
    let who = &winner.officer;
    match &winner.kind {
        EventKind::Acknowledged { .. } => {
            format!("{alert} already acknowledged by {who} at {when}")
        }
        EventKind::Resolved { .. } => format!("{alert} already resolved by {who} at {when}"),
        EventKind::Escalated { step, target, .. } => {
            format!("{alert} already escalated to step {step} ({target}) by {who} at {when}")
        }
        other => format!(
            "{alert}: refused, {} by {who} at {when} came first",
            other.name()
        ),
    }
}

/// Whether an action opens a prompt (so text is likely typed after it).
fn opens_prompt(action: Action) -> bool {
    matches!(
        action,
        Action::AcknowledgeWithNote
            | Action::Escalate
            | Action::Resolve
            | Action::Note
            | Action::Snooze
            | Action::Mute
            | Action::Task
            | Action::WatchLog
    )
}

/// Why a prompt's Enter was refused: the reason shown in the prompt, and
/// the text to keep in it when it is not the text as typed.
#[derive(Debug)]
pub(crate) struct PromptRefusal {
    pub reason: String,
    pub input: Option<String>,
}

impl From<String> for PromptRefusal {
    fn from(reason: String) -> Self {
        PromptRefusal {
            reason,
            input: None,
        }
    }
}

impl From<&str> for PromptRefusal {
    fn from(reason: &str) -> Self {
        reason.to_string().into()
    }
}
