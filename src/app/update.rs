//! `App::update`: every message in, effects out.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{
    App, DetailTarget, Effect, FlashKind, Mode, Msg, Pane, Prompt, PromptKind, PromptTarget, View,
};
use crate::domain::event::{Appended, EventKind};
use crate::keymap::Action;

impl App {
    /// Handles one message and recomputes the row lists if anything calls
    /// for it: what tests and one-off callers want.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = self.handle(msg);
        self.refresh_rows();
        effects
    }

    /// As `update`, but leaves the row lists as they were drawn: the runtime
    /// handles a whole batch of messages (a burst of feed data and journal
    /// answers) and refreshes once before the next frame, so a key press
    /// never waits behind one recompute per message. Keys act on the rows
    /// the officer last saw.
    pub fn handle(&mut self, msg: Msg) -> Vec<Effect> {
        let mut effects = Vec::new();
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => {
                self.last_input = self.now;
                self.on_key(key, &mut effects);
            }
            Msg::Key(_) => {}
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.dirty = true;
                effects.push(Effect::Resized);
            }
            Msg::Tick(now) => {
                // The clock is on screen: a new second is a new frame.
                if now.timestamp() != self.now.timestamp() {
                    self.dirty = true;
                }
                self.now = now;
                if self.flash.as_ref().is_some_and(|f| f.until <= now) {
                    self.flash = None;
                }
                self.expire_acks(&mut effects);
                self.auto_escalate(&mut effects);
                self.watch_tick(&mut effects);
                self.checkpoint_when_idle(&mut effects);
                self.heartbeat_tick(&mut effects);
            }
            Msg::Feed(update) => {
                let first_poll = self
                    .model
                    .feed(&update.feed)
                    .is_some_and(|f| f.last_success.is_none());
                let changes = self.model.apply_feed(update);
                self.dirty |= changes.changed;
                self.notify_new_alerts(&changes.new_alerts, first_poll, &mut effects);
                if !self.settings.read_only {
                    for kind in changes.system {
                        effects.push(self.request(kind, None, true));
                    }
                }
            }
            Msg::Journal(events) => {
                self.notify_escalations(&events, &mut effects);
                let changes = self.model.apply_journal(events);
                self.dirty |= changes.changed;
            }
            Msg::Appended {
                request,
                result,
                events,
            } => {
                self.notify_escalations(&events, &mut effects);
                let changes = self.model.apply_journal(events);
                self.dirty |= changes.changed;
                self.on_appended(request, result, &mut effects);
            }
            Msg::Status(kind, text) => self.flash(kind, text),
            Msg::JournalReachable(down) => self.journal_reachable(down, &mut effects),
            Msg::JournalLoaded { state, notice } => {
                self.journal_loaded(*state, notice, &mut effects)
            }
            Msg::Viewports(seen) => self.saw_viewports(seen),
            Msg::History { alert, events } => {
                if let Some((open, answer)) = &mut self.older_timeline
                    && *open == alert
                {
                    *answer = Some(events);
                    self.dirty = true;
                }
            }
            Msg::DesktopFailed(title, body) => effects.push(Effect::NotifyOnTerminal(title, body)),
            Msg::Quit => {
                effects.push(Effect::Quit);
            }
        }
        self.ask_older_timeline(&mut effects);
        self.heartbeat_on_quit(&mut effects);
        effects
    }

    /// An open alert detail with events older than those held asks the
    /// journal for them, once per opening.
    fn ask_older_timeline(&mut self, effects: &mut Vec<Effect>) {
        let Some(DetailTarget::Alert(id)) = &self.detail else {
            self.older_timeline = None;
            return;
        };
        if self.older_timeline.as_ref().is_some_and(|(a, _)| a == id) {
            return;
        }
        let journal = &self.model.journal;
        let Some(a) = journal.alert(id).filter(|a| a.earlier() > 0) else {
            self.older_timeline = None;
            return;
        };
        let before = a
            .timeline
            .first()
            .map_or(journal.last_seq + 1, |&i| journal.events[i].seq);
        self.older_timeline = Some((id.clone(), None));
        effects.push(Effect::LoadHistory {
            alert: id.clone(),
            before,
        });
    }

    fn on_appended(
        &mut self,
        request: u64,
        result: Result<Appended, String>,
        effects: &mut Vec<Effect>,
    ) {
        let Some(p) = self.pending.remove(&request) else {
            return;
        };
        if let Some(batch) = p.batch {
            self.batch_answer(batch, &p.kind, result, effects);
            return;
        }
        if self.result_entries.contains_key(&request) {
            self.result_entry_answer(request, &result);
            return;
        }
        match result {
            Ok(Appended::Recorded(e)) if !p.system => {
                // The acted-on alert may move (or vanish); keep the cursor on its row.
                if e.kind.alert().is_some() {
                    self.cursor.pin = super::Pin::Once;
                }
                self.flash(FlashKind::Ok, super::actions::done_message(&e));
                self.remember_action(&e);
            }
            Ok(Appended::Conflict(e)) if !p.system => {
                self.flash(
                    FlashKind::Error,
                    super::actions::conflict_message(&p.kind, &e),
                );
            }
            Ok(Appended::Recorded(e)) if matches!(e.kind, EventKind::Handover { .. }) => {
                self.handover_recorded(effects);
            }
            Ok(_) => {
                if matches!(p.kind, EventKind::Handover { .. }) {
                    // Another process recorded it first and writes the report.
                    self.handover_for = None;
                }
            }
            Err(err) => {
                if p.system {
                    self.model.forget_request(&p.kind);
                    self.forget_escalation(&p.kind);
                }
                self.flash(FlashKind::Error, format!("journal: {err} — not recorded"));
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent, effects: &mut Vec<Effect>) {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            effects.push(Effect::Quit);
            return;
        }
        match self.mode.clone() {
            Mode::Prompt(p) => self.on_prompt_key(p, key, effects),
            Mode::Confirm(c) => self.on_confirm_key(c, key, effects),
            Mode::Refused(mut r) => {
                self.dirty = true;
                if key.code == KeyCode::Esc {
                    self.mode = Mode::Normal;
                } else {
                    r.ignore(&typed(&key));
                    self.mode = Mode::Refused(r);
                }
            }
            Mode::Help => {
                self.scroll_help(&key);
                if matches!(
                    self.settings.keymap.action_for(&key),
                    Some(Action::Help | Action::Back | Action::Quit)
                ) || key.code == KeyCode::Esc
                {
                    self.mode = Mode::Normal;
                    self.dirty = true;
                }
            }
            Mode::Normal => {
                if let Some(action) = self.settings.keymap.action_for(&key) {
                    self.on_action(action, effects);
                }
            }
        }
    }

    fn on_prompt_key(&mut self, mut p: Prompt, key: KeyEvent, effects: &mut Vec<Effect>) {
        self.dirty = true;
        if p.kind == PromptKind::Command && matches!(key.code, KeyCode::Tab | KeyCode::BackTab) {
            let forward = key.code == KeyCode::Tab && !key.modifiers.contains(KeyModifiers::SHIFT);
            self.complete(&mut p, forward);
            self.mode = Mode::Prompt(p);
            return;
        }
        self.completion = None;
        // A refusal shown in the prompt clears on the next key.
        let refused = p.error.take().is_some();
        match key.code {
            KeyCode::Esc => {
                // Esc in `/` clears the filter, as an empty one does; after a
                // refused term it only backs out, the filter in force kept.
                if p.kind == PromptKind::Filter && !refused && self.filter.query.take().is_some() {
                    self.invalidate_rows();
                }
                self.mode = Mode::Normal;
            }
            KeyCode::Up | KeyCode::Down if p.kind.has_history() => {
                self.recall(&mut p, key.code == KeyCode::Up);
                self.mode = Mode::Prompt(p);
            }
            _ if super::line_edit::edit(&mut p, &key) => self.mode = Mode::Prompt(p),
            KeyCode::Enter => {
                self.remember(&p);
                self.mode = Mode::Normal;
                if let Err(refused) = self.submit_prompt(&p, effects) {
                    // The prompt stays open, its text kept, the reason in it.
                    p.error = Some(refused.reason);
                    if let Some(input) = refused.input {
                        p.input = input;
                    }
                    self.mode = Mode::Prompt(p);
                }
            }
            _ => self.mode = Mode::Prompt(p),
        }
    }

    pub(crate) fn open_prompt(&mut self, kind: PromptKind, target: PromptTarget) {
        self.completion = None;
        self.mode = Mode::Prompt(Prompt {
            kind,
            target,
            input: String::new(),
            error: None,
            back: 0,
            recall: None,
        });
        self.dirty = true;
    }

    fn on_action(&mut self, action: Action, effects: &mut Vec<Effect>) {
        self.dirty = true;
        match action {
            Action::Quit => {
                effects.push(Effect::Quit);
            }
            Action::MoveDown => self.move_by(1),
            Action::MoveUp => self.move_by(-1),
            Action::PageDown => self.move_by(self.page()),
            Action::PageUp => self.move_by(-self.page()),
            Action::Top => self.move_to(0),
            Action::Bottom => self.move_to(usize::MAX),
            Action::NextPane => self.cycle_pane(1),
            Action::PrevPane => self.cycle_pane(-1),
            Action::Open => self.open_detail(),
            Action::Back => {
                // Esc dismisses a message and closes a detail; with neither
                // open, it clears the filter.
                let had_message = self.flash.take().is_some();
                let had_detail = self.detail.take().is_some();
                if had_message || had_detail || self.clear_marks() {
                    // One thing at a time: the marks before the filter.
                } else if self.filter.query.take().is_some() {
                    self.invalidate_rows();
                }
            }
            Action::Help => {
                self.cursor.help_scroll = 0;
                self.mode = Mode::Help;
            }
            Action::ViewOverview => self.set_view(View::Overview),
            Action::ViewAlerts => self.set_view(View::Alerts),
            Action::ViewStations => self.set_view(View::Stations),
            Action::ViewRoster => self.set_view(View::Roster),
            Action::ViewLog => self.set_view(View::Log),
            Action::ViewFeeds => self.set_view(View::Feeds),
            Action::ViewMap => self.set_view(View::Map),
            Action::Sort => {
                self.filter.sort = self.filter.sort.next();
                self.flash(
                    FlashKind::Info,
                    format!("alerts sorted by {}", self.filter.sort.label()),
                );
                self.invalidate_rows();
            }
            Action::Group => {
                self.filter.group = !self.filter.group;
                let what = if self.filter.group {
                    "alerts grouped by station"
                } else {
                    "alerts ungrouped"
                };
                self.flash(FlashKind::Info, what);
                self.invalidate_rows();
            }
            Action::Filter => {
                // The current filter, to edit; a trailing space so a new
                // term does not run into the last one.
                let current = self
                    .filter
                    .text()
                    .map(|t| format!("{t} "))
                    .unwrap_or_default();
                self.open_prompt(PromptKind::Filter, PromptTarget::None);
                if let Mode::Prompt(p) = &mut self.mode {
                    p.input = current;
                }
            }
            Action::Command => self.open_prompt(PromptKind::Command, PromptTarget::None),
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                effects.push(Effect::Mouse(self.mouse));
                let state = if self.mouse {
                    "on"
                } else {
                    "off: the terminal can select text"
                };
                self.flash(FlashKind::Info, format!("mouse capture {state}"));
            }
            Action::Copy => self.copy_selected(effects),
            Action::Mark => self.toggle_mark(),
            Action::Unfold => self.unfold(),
            Action::Fold => self.fold(),
            Action::Undo => self.undo(effects),
            Action::Handover => {
                self.cursor.detail_scroll = 0;
                self.detail = Some(DetailTarget::Handover);
            }
            Action::Acknowledge
            | Action::AcknowledgeWithNote
            | Action::Escalate
            | Action::Resolve
            | Action::Note
            | Action::Snooze
            | Action::Task
            | Action::StandDown
            | Action::Mute
            | Action::Own
            | Action::WatchLog => self.alert_action(action, effects),
        }
    }

    fn set_view(&mut self, view: View) {
        self.view = view;
        self.detail = None;
        self.focus = match view {
            View::Overview => {
                if matches!(self.focus, Pane::Stations | Pane::Alerts | Pane::Roster) {
                    self.focus
                } else {
                    Pane::Alerts
                }
            }
            View::Alerts => Pane::Alerts,
            View::Stations => Pane::Stations,
            View::Roster => Pane::Roster,
            View::Log => Pane::Log,
            View::Feeds if self.focus == Pane::Hazards => Pane::Hazards,
            View::Feeds => Pane::Feeds,
            // The map moves the stations pane's selection.
            View::Map => Pane::Stations,
        };
    }

    fn cycle_pane(&mut self, step: i32) {
        if self.view == View::Feeds {
            // Two lists: the feeds and the hazards near no station.
            self.focus = match self.focus {
                Pane::Feeds => Pane::Hazards,
                _ => Pane::Feeds,
            };
            return;
        }
        if self.view != View::Overview {
            return;
        }
        let order = [Pane::Stations, Pane::Alerts, Pane::Roster];
        let at = order.iter().position(|&p| p == self.focus).unwrap_or(1) as i32;
        self.focus = order[(at + step).rem_euclid(3) as usize];
    }

    fn open_detail(&mut self) {
        self.cursor.detail_scroll = 0;
        self.detail = match self.focus {
            Pane::Alerts => self
                .current_alert()
                .map(|e| DetailTarget::Alert(e.alert.id.clone())),
            Pane::Stations => self
                .current_station()
                .map(|s| DetailTarget::Station(s.id.clone())),
            Pane::Roster => self
                .current_officer()
                .map(|o| DetailTarget::Officer(o.id.clone())),
            Pane::Log | Pane::Feeds | Pane::Hazards => None,
        };
    }

    fn copy_selected(&mut self, effects: &mut Vec<Effect>) {
        let text = match self.focus {
            Pane::Stations => self
                .current_station()
                .map(|s| format!("{} {}", s.id, s.name)),
            Pane::Roster => self
                .current_officer()
                .map(|o| format!("{} {} {}", o.id, o.callsign, o.name)),
            _ => self
                .current_alert()
                .map(|e| format!("{} {}", e.alert.id, e.alert.title)),
        };
        if let Some(t) = text {
            self.flash(FlashKind::Ok, format!("copied: {t}"));
            effects.push(Effect::Copy(t));
        }
    }
}

/// A key as the officer typed it, to show what a refusal ignored.
pub(crate) fn typed(key: &KeyEvent) -> String {
    match key.code {
        KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => format!("^{c}"),
        KeyCode::Char(c) if !c.is_control() => c.to_string(),
        KeyCode::Enter => "⏎".to_string(),
        KeyCode::Backspace => "⌫".to_string(),
        KeyCode::Tab | KeyCode::BackTab => "⇥".to_string(),
        _ => "·".to_string(),
    }
}
