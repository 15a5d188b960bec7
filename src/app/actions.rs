//! Officer actions: what each key asks the journal to record, and the words
//! the officer sees when it is done or refused.

use chrono::{DateTime, Utc};

use super::{
    App, DetailTarget, Effect, FlashKind, Mode, Pane, Prompt, PromptKind, PromptTarget, Refusal,
};
use crate::domain::duration::parse_duration;
use crate::domain::event::{Event, EventKind};
use crate::domain::ids::{AlertId, OfficerId, StationId};
use crate::domain::lifecycle::{self, Command};
use crate::keymap::Action;

impl App {
    /// The alert an action applies to: the open detail, else the cursor's.
    fn target_alert(&self) -> Option<AlertId> {
        let id = match &self.detail {
            Some(DetailTarget::Alert(id)) => Some(id.clone()),
            Some(_) => None,
            None if self.focus == Pane::Alerts => self.current_alert().map(|e| e.alert.id.clone()),
            None => None,
        };
        id.and_then(AlertId::new)
    }

    fn target_station(&self) -> Option<StationId> {
        let id = match &self.detail {
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
        };
        id.and_then(StationId::new)
    }

    fn target_officer(&self) -> Option<OfficerId> {
        let id = match &self.detail {
            Some(DetailTarget::Officer(id)) => Some(id.clone()),
            Some(_) => None,
            None if self.focus == Pane::Roster => self.current_officer().map(|o| o.id.clone()),
            None => None,
        };
        id.and_then(OfficerId::new)
    }

    /// An officer's action on the selected item. One that cannot succeed
    /// right now is refused before any prompt opens; if it would have
    /// opened one, the refusal holds the keyboard (see [`Refusal`]) so the
    /// note typed ahead after it can never run as commands.
    pub(crate) fn alert_action(&mut self, action: Action, effects: &mut Vec<Effect>) {
        // A bulk action refused for every alert holds the keyboard too:
        // the next key (`r` after a refused `a`) must not act on them.
        let bulk = self.bulk_ready() && takes_marks(action);
        if let Err(reason) = self.try_action(action, effects) {
            if opens_prompt(action) || bulk {
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

    /// Whether this console can record anything now: not `--read-only`,
    /// and the journal reachable (nothing is shown as done that is not
    /// committed, so an action is refused rather than queued).
    pub(crate) fn can_record(&self) -> Result<(), String> {
        if self.settings.read_only {
            return Err("read-only console: no action can be taken".to_string());
        }
        if let Some(why) = &self.journal_down {
            return Err(format!(
                "journal reconnecting: nothing can be recorded until it is back ({why})"
            ));
        }
        Ok(())
    }

    fn try_action(&mut self, action: Action, effects: &mut Vec<Effect>) -> Result<(), String> {
        self.can_record()?;
        if self.bulk_ready() && takes_marks(action) {
            return self.bulk_action(action);
        }
        if action == Action::Note && self.folded_targets().is_some() {
            return Err("a note goes on one alert: → opens the group of related alerts".into());
        }
        const NO_ALERT: &str = "no alert selected: Tab to the alerts pane first";
        const NO_OFFICER: &str = "no surge officer selected: Tab to the roster first";
        match action {
            Action::Acknowledge => {
                let id = self.target_alert().ok_or(NO_ALERT)?;
                let kind = self.decide(&id, Command::Acknowledge)?;
                effects.push(self.ack(&id, kind, None));
            }
            Action::AcknowledgeWithNote => {
                self.prompt_for(PromptKind::AckNote, self.target_alert())?
            }
            Action::Resolve => self.prompt_for(PromptKind::Resolve, self.target_alert())?,
            Action::Escalate => self.prompt_for(PromptKind::Escalate, self.target_alert())?,
            Action::Snooze => self.prompt_for(PromptKind::Snooze, self.target_alert())?,
            Action::Note => self.prompt_for(PromptKind::Note, self.target_alert())?,
            Action::Own => {
                let id = self.target_alert().ok_or(NO_ALERT)?;
                let officer = self.settings.officer.clone();
                let kind = self.decide(&id, Command::Own { officer: &officer })?;
                // Taking an alert from another officer is asked first.
                let theirs = self
                    .model
                    .journal
                    .alert(id.as_str())
                    .is_some_and(|j| j.owned_by_other(&officer).is_some());
                if theirs {
                    self.ask(super::BulkVerb::Own, vec![id], None)?;
                } else {
                    effects.push(self.request(kind, None, false));
                }
            }
            Action::Mute => {
                let s = self.target_station().ok_or("no station selected")?;
                self.open_prompt(PromptKind::Mute, PromptTarget::Station(s));
            }
            Action::Task => {
                let o = self.target_officer().ok_or(NO_OFFICER)?;
                self.precheck(PromptKind::Task, &PromptTarget::Officer(o.clone()))?;
                self.open_prompt(PromptKind::Task, PromptTarget::Officer(o));
            }
            Action::StandDown => {
                let o = self.target_officer().ok_or(NO_OFFICER)?;
                self.stand_down(o, effects)?;
            }
            Action::WatchLog => self.open_prompt(PromptKind::WatchLog, PromptTarget::None),
            // Not actions on the selected item: `update` handles them.
            Action::MoveDown
            | Action::MoveUp
            | Action::Top
            | Action::Bottom
            | Action::PageDown
            | Action::PageUp
            | Action::NextPane
            | Action::PrevPane
            | Action::Open
            | Action::Back
            | Action::Group
            | Action::Unfold
            | Action::Fold
            | Action::Copy
            | Action::Mark
            | Action::Undo
            | Action::ToggleMouse
            | Action::Handover
            | Action::Filter
            | Action::Sort
            | Action::Command
            | Action::Help
            | Action::Quit
            | Action::ViewOverview
            | Action::ViewAlerts
            | Action::ViewStations
            | Action::ViewRoster
            | Action::ViewLog
            | Action::ViewFeeds
            | Action::ViewMap => {}
        }
        Ok(())
    }

    /// Opens `kind`'s prompt on the selected alert, if it passes the check.
    fn prompt_for(&mut self, kind: PromptKind, alert: Option<AlertId>) -> Result<(), String> {
        let id = alert.ok_or("no alert selected: Tab to the alerts pane first")?;
        let target = PromptTarget::Alert(id);
        self.precheck(kind, &target)?;
        self.open_prompt(kind, target);
        Ok(())
    }

    /// The check made before an action's prompt opens, the same for its key
    /// and its `:` command: an action that cannot succeed now is refused
    /// before anything is typed for it.
    pub(crate) fn precheck(&self, kind: PromptKind, target: &PromptTarget) -> Result<(), String> {
        match (kind, target) {
            (PromptKind::AckNote, PromptTarget::Alert(id)) => {
                self.decide(id, Command::Acknowledge).map(drop)
            }
            (PromptKind::Resolve, PromptTarget::Alert(id)) => {
                self.decide(id, Command::Resolve).map(drop)
            }
            (PromptKind::Escalate, PromptTarget::Alert(id)) => {
                self.decide(id, self.escalation(id)?).map(drop)
            }
            (PromptKind::Snooze, PromptTarget::Alert(id)) => self
                .decide(id, Command::Snooze(std::time::Duration::ZERO))
                .map(drop),
            (PromptKind::Task, PromptTarget::Officer(o)) => self.can_task(o.as_str()),
            _ => Ok(()),
        }
    }

    /// Stands a tasked officer down (there is no prompt: nothing to type).
    pub(crate) fn stand_down(
        &mut self,
        o: OfficerId,
        effects: &mut Vec<Effect>,
    ) -> Result<(), String> {
        if !self.model.journal.taskings.contains_key(o.as_str()) {
            return Err(format!("{o} is not tasked from this watch"));
        }
        let kind = EventKind::SurgeStoodDown {
            officer_id: o.into_string(),
        };
        effects.push(self.request(kind, None, false));
        Ok(())
    }

    /// What `command` on the alert records, or why it is refused: the
    /// lifecycle's one decision, asked by the keys, the prompts and `:ack`
    /// alike. Acknowledging also needs the alert to be shown.
    pub(crate) fn decide(&self, id: &AlertId, command: Command<'_>) -> Result<EventKind, String> {
        if command == Command::Acknowledge && self.model.alerts.get(id.as_str()).is_none() {
            return Err(format!("no alert {:?}", id.as_str()));
        }
        let life = self.model.journal.alert(id.as_str()).map(|j| &j.life);
        lifecycle::decide(life, id, &command, self.now).map_err(|r| r.message(id.as_str()))
    }

    /// Escalation by the policy for the alert's severity.
    pub(crate) fn escalation(&self, id: &AlertId) -> Result<Command<'_>, String> {
        let entry = self
            .model
            .alerts
            .get(id.as_str())
            .ok_or_else(|| format!("no alert {id}"))?;
        Ok(Command::Escalate {
            policies: &self.settings.policies,
            severity: entry.alert.severity,
        })
    }

    fn ack(&mut self, id: &AlertId, kind: EventKind, note: Option<String>) -> Effect {
        self.flash(FlashKind::Info, format!("acknowledging {id}…"));
        self.request(kind, note, false)
    }

    /// Carries out a prompt's Enter. Every check is made again here (another
    /// console may have acted while the officer typed); a refusal keeps the
    /// prompt open with its text.
    pub(crate) fn submit_prompt(
        &mut self,
        p: &Prompt,
        effects: &mut Vec<Effect>,
    ) -> Result<(), PromptRefusal> {
        // The journal may have gone while the officer typed: the prompt
        // stays open with the text until it is back.
        let records = !matches!(p.kind, PromptKind::Filter | PromptKind::Command);
        if records {
            self.can_record()?;
        }
        let input = p.input.trim().to_string();
        if let PromptTarget::Marked(alerts) = &p.target {
            return Ok(self.submit_marked(p.kind, alerts, &input)?);
        }
        let note = (!input.is_empty()).then(|| input.clone());
        const NOTHING: &str = "nothing selected: Esc, then select it";
        let alert = || match &p.target {
            PromptTarget::Alert(id) => Ok(id.clone()),
            _ => Err(PromptRefusal::from(NOTHING)),
        };
        match p.kind {
            PromptKind::AckNote => {
                let id = alert()?;
                let kind = self.decide(&id, Command::Acknowledge)?;
                effects.push(self.ack(&id, kind, note));
            }
            PromptKind::Resolve => {
                let kind = self.decide(&alert()?, Command::Resolve)?;
                effects.push(self.request(kind, note, false));
            }
            PromptKind::Note | PromptKind::WatchLog if note.is_none() => {
                return Err("type the note first (Esc cancels): nothing recorded".into());
            }
            PromptKind::Note => {
                let kind = self.decide(&alert()?, Command::Note)?;
                effects.push(self.request(kind, note, false))
            }
            PromptKind::WatchLog => effects.push(self.request(EventKind::WatchLog, note, false)),
            PromptKind::Escalate => {
                let id = alert()?;
                let kind = self.decide(&id, self.escalation(&id)?)?;
                effects.push(self.request(kind, note, false));
            }
            PromptKind::Snooze => {
                let id = alert()?;
                let (d, note) = self.snooze_input(&input)?;
                let kind = self.decide(&id, Command::Snooze(d))?;
                effects.push(self.request(kind, note, false));
            }
            PromptKind::Mute => {
                let PromptTarget::Station(station) = &p.target else {
                    return Err(NOTHING.into());
                };
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
                let kind = EventKind::Muted {
                    station: station.as_str().to_string(),
                    until,
                };
                effects.push(self.request(kind, Some(reason.trim().to_string()), false));
            }
            PromptKind::Task => {
                let PromptTarget::Officer(officer) = &p.target else {
                    return Err(NOTHING.into());
                };
                self.can_task(officer.as_str())?;
                let station = input.to_ascii_uppercase();
                if self.model.station(&station).is_none() {
                    return Err(format!("no duty station {station:?}").into());
                }
                let kind = EventKind::SurgeTasked {
                    officer_id: officer.as_str().to_string(),
                    station,
                };
                effects.push(self.request(kind, None, false));
            }
            PromptKind::Filter => {
                // A bad term is refused; the previous filter stays.
                let query =
                    crate::state::filter::Filter::parse(&input).map_err(|e| e.to_string())?;
                if let Some(q) = &query {
                    let regions = crate::state::scope::regions(&self.model);
                    crate::state::scope::check_filter(q, &regions, &self.model.scale)
                        .map_err(|e| e.to_string())?;
                }
                self.filter.query = query;
                self.invalidate_rows();
            }
            PromptKind::Command => self.run_command(&input, effects)?,
        }
        Ok(())
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
        EventKind::Snoozed { alert, until } => {
            format!(
                "snoozed {alert} until {}",
                crate::domain::duration::until(e.at, *until)
            )
        }
        EventKind::Note { alert } => format!("note added to {alert}"),
        EventKind::Muted { station, until } => {
            format!(
                "muted {station} until {}",
                crate::domain::duration::until(e.at, *until)
            )
        }
        EventKind::SurgeTasked {
            officer_id,
            station,
        } => format!("tasked {officer_id} to {station}"),
        EventKind::SurgeStoodDown { officer_id } => format!("stood down {officer_id}"),
        EventKind::WatchLog => "watch log entry recorded".to_string(),
        EventKind::Owned { alert } => format!("{alert} is yours"),
        EventKind::Disowned { alert } => format!("undone: {alert} is no longer yours"),
        EventKind::Unacknowledged { alert } => {
            format!("undone: {alert} is unacknowledged (new again)")
        }
        EventKind::Unsnoozed { alert } => format!("undone: {alert} is no longer snoozed"),
        EventKind::Unmuted { station } => format!("undone: {station} is no longer muted"),
        other => format!("{} recorded", other.label()),
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
            other.label()
        ),
    }
}

/// The actions that, with marks, act on every marked alert.
fn takes_marks(action: Action) -> bool {
    matches!(
        action,
        Action::Acknowledge
            | Action::AcknowledgeWithNote
            | Action::Escalate
            | Action::Resolve
            | Action::Snooze
            | Action::Own
    )
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
