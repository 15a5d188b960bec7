//! Officer actions: what each key asks the journal to record, and the words
//! the officer sees when it is done or refused.

use chrono::{DateTime, Utc};

use crate::keymap::Action;
use super::{App, DetailTarget, Effect, FlashKind, Pane, Prompt, PromptKind};
use crate::domain::AlertState;
use crate::domain::duration::parse_duration;
use crate::domain::escalation::next_step;
use crate::domain::event::{Event, EventKind};

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

    pub(crate) fn alert_action(&mut self, action: Action, effects: &mut Vec<Effect>) {
        if self.settings.read_only {
            self.flash(
                FlashKind::Error,
                "read-only console: no action can be taken",
            );
            return;
        }
        match action {
            Action::Acknowledge
            | Action::AcknowledgeWithNote
            | Action::Escalate
            | Action::Resolve
            | Action::Note
            | Action::Snooze => {
                let Some(id) = self.target_alert() else {
                    self.flash(
                        FlashKind::Error,
                        "no alert selected: Tab to the alerts pane first",
                    );
                    return;
                };
                let state = self
                    .model
                    .journal
                    .alert(&id)
                    .map_or(AlertState::New, |j| j.state());
                match action {
                    Action::Acknowledge | Action::AcknowledgeWithNote
                        if state != AlertState::New =>
                    {
                        let msg = self.already_message(&id, state);
                        self.flash(FlashKind::Error, msg);
                    }
                    Action::Acknowledge => effects.push(self.ack(id, None)),
                    Action::AcknowledgeWithNote => self.open_prompt(PromptKind::AckNote, Some(id)),
                    Action::Resolve if state == AlertState::Resolved => {
                        let msg = self.already_message(&id, state);
                        self.flash(FlashKind::Error, msg);
                    }
                    Action::Resolve => self.open_prompt(PromptKind::Resolve, Some(id)),
                    Action::Escalate => self.open_prompt(PromptKind::Escalate, Some(id)),
                    Action::Note => self.open_prompt(PromptKind::Note, Some(id)),
                    _ => self.open_prompt(PromptKind::Snooze, Some(id)),
                }
            }
            Action::Mute => match self.target_station() {
                Some(s) => self.open_prompt(PromptKind::Mute, Some(s)),
                None => self.flash(FlashKind::Error, "no station selected"),
            },
            Action::Task => match self.target_officer() {
                Some(o) => self.open_prompt(PromptKind::Task, Some(o)),
                None => self.flash(
                    FlashKind::Error,
                    "no surge officer selected: Tab to the roster first",
                ),
            },
            Action::StandDown => match self.target_officer() {
                Some(o) if self.model.journal.taskings.contains_key(&o) => {
                    effects.push(self.request(
                        EventKind::SurgeStoodDown { officer_id: o },
                        None,
                        false,
                    ));
                }
                Some(o) => self.flash(
                    FlashKind::Error,
                    format!("{o} is not tasked from this watch"),
                ),
                None => self.flash(
                    FlashKind::Error,
                    "no surge officer selected: Tab to the roster first",
                ),
            },
            Action::WatchLog => self.open_prompt(PromptKind::WatchLog, None),
            _ => {}
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

    pub(crate) fn submit_prompt(&mut self, p: Prompt, effects: &mut Vec<Effect>) {
        let input = p.input.trim().to_string();
        let note = (!input.is_empty()).then(|| input.clone());
        let target = p.target.clone().unwrap_or_default();
        match p.kind {
            PromptKind::AckNote => effects.push(self.ack(target, note)),
            PromptKind::Resolve => {
                effects.push(self.request(EventKind::Resolved { alert: target }, note, false));
            }
            PromptKind::Note | PromptKind::WatchLog if note.is_none() => {
                self.flash(FlashKind::Error, "empty note: nothing recorded");
            }
            PromptKind::Note => {
                effects.push(self.request(EventKind::Note { alert: target }, note, false))
            }
            PromptKind::WatchLog => effects.push(self.request(EventKind::WatchLog, note, false)),
            PromptKind::Escalate => match self.next_step(&target) {
                Ok((step, to)) => effects.push(self.request(
                    EventKind::Escalated {
                        alert: target,
                        step,
                        target: to,
                        manual: true,
                    },
                    note,
                    false,
                )),
                Err(e) => self.flash(FlashKind::Error, e),
            },
            PromptKind::Snooze => match parse_duration(&input) {
                Ok(d) => {
                    let until = self.now
                        + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(1));
                    effects.push(self.request(
                        EventKind::Snoozed {
                            alert: target,
                            until,
                        },
                        None,
                        false,
                    ));
                }
                Err(e) => self.flash(FlashKind::Error, e),
            },
            PromptKind::Mute => {
                let (dur, reason) = input.split_once(' ').unwrap_or((input.as_str(), ""));
                match parse_duration(dur) {
                    Ok(_) if reason.trim().is_empty() => {
                        self.flash(
                            FlashKind::Error,
                            "give a reason after the duration, e.g. 2h planned drill",
                        );
                    }
                    Ok(d) => {
                        let until = self.now
                            + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(1));
                        let kind = EventKind::Muted {
                            station: target,
                            until,
                        };
                        effects.push(self.request(kind, Some(reason.trim().to_string()), false));
                    }
                    Err(e) => self.flash(FlashKind::Error, e),
                }
            }
            PromptKind::Task => {
                let station = input.to_ascii_uppercase();
                if self.model.station(&station).is_none() {
                    self.flash(FlashKind::Error, format!("no duty station {station:?}"));
                } else {
                    let kind = EventKind::SurgeTasked {
                        officer_id: target,
                        station,
                    };
                    effects.push(self.request(kind, None, false));
                }
            }
            PromptKind::Filter => match crate::state::filter::Filter::parse(&input) {
                Ok(query) => {
                    self.filter.query = query;
                    self.invalidate_rows();
                }
                // The previous filter stays.
                Err(e) => self.flash(FlashKind::Error, e.to_string()),
            },
            PromptKind::Command => self.run_command(&input, effects),
        }
    }

    fn run_command(&mut self, input: &str, effects: &mut Vec<Effect>) {
        let mut words = input.split_whitespace();
        match (words.next(), words.next()) {
            (Some("q" | "quit"), _) => {
                self.quit = true;
                effects.push(Effect::Quit);
            }
            (Some("ack"), Some(id)) => {
                if self.settings.read_only {
                    self.flash(
                        FlashKind::Error,
                        "read-only console: no action can be taken",
                    );
                } else if self.model.alerts.get(id).is_none() {
                    self.flash(FlashKind::Error, format!("no alert {id:?}"));
                } else {
                    effects.push(self.ack(id.to_string(), None));
                }
            }
            (Some("desk"), Some(region)) => {
                self.filter.desk = (region != "all").then(|| region.to_string());
                self.invalidate_rows();
                self.flash(FlashKind::Info, format!("desk: {region}"));
            }
            (Some("theme"), Some(name)) => effects.push(Effect::Theme(name.to_string())),
            _ => self.flash(
                FlashKind::Error,
                format!("unknown command {input:?} (:ack ID, :desk REGION, :theme NAME, :q)"),
            ),
        }
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
