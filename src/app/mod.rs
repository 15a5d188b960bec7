//! The application: one place changes state. `update(Msg)` is synchronous,
//! needs no terminal, and returns the effects for the runtime to carry out.

pub mod actions;
mod bulk;
mod checkpoint;
pub mod commands;
pub mod complete;
pub mod driver;
mod escalate;
pub mod help;
mod journal_link;
/// The key map moved to the crate root (config builds it); this path stays.
pub use crate::keymap;
mod line_edit;
pub mod mode;
mod notices;
mod outcome;
mod presence;
mod related;
pub mod scroll;
mod undo;
mod update;
mod watch;
mod world;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;

use crate::domain::escalation::EscalationPolicy;
use crate::domain::event::{Appended, Event, EventKind};
use crate::domain::feed::FeedUpdate;
use crate::domain::watch::WatchCycle;
use crate::keymap::KeyMap;
use crate::state::Model;
use crate::state::views::{self, RowFilter, Rows};
pub use mode::{
    BulkVerb, Confirm, DetailTarget, Flash, FlashKind, Mode, Pane, Prompt, PromptKind,
    PromptTarget, Refusal, View,
};

/// Everything that can happen to the app.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(u16, u16),
    /// The clock moved (once a second).
    Tick(DateTime<Utc>),
    Feed(FeedUpdate),
    /// Events other consoles (or this one) appended.
    Journal(Vec<Event>),
    /// The outcome of an `Effect::Append`, with every event since the last batch.
    Appended {
        request: u64,
        result: Result<Appended, String>,
        events: Vec<Event>,
    },
    /// An alert's events older than those held (`Effect::LoadHistory`).
    History {
        alert: String,
        events: Result<Vec<Event>, String>,
    },
    /// A desktop notification found no server (the runtime falls back to the terminal).
    DesktopFailed(String, String),
    /// A message from the runtime for the officer (e.g. a report written).
    Status(FlashKind, String),
    /// The journal became unreachable (`Some(why)`: database down, failover
    /// under way) or reachable again (`None`).
    JournalReachable(Option<String>),
    /// How many lines of its list each pane had room for on the frame just
    /// drawn (the runtime reports it when it changes).
    Viewports(scroll::Viewports),
    /// The whole journal state, read by the journal thread: first read of a
    /// journal that could not be reached at start, or re-read after the
    /// journal went backwards (`notice` says so).
    JournalLoaded {
        state: Box<crate::state::JournalState>,
        notice: Option<String>,
    },
    Quit,
}

/// An alert's events older than those held, or why they cannot be read.
pub type OlderEvents = Result<Vec<Event>, String>;

/// What the runtime must do for the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Append to the journal (stamped with the time it is recorded); the
    /// answer comes back as `Msg::Appended`.
    Append {
        request: u64,
        kind: EventKind,
        note: Option<String>,
        /// Recorded by the console itself (first sight, automatic
        /// escalation, handover, feed outage): under the system actor,
        /// not the officer's login.
        system: bool,
    },
    /// Write to the officer's clipboard (OSC 52).
    Copy(String),
    /// Turn mouse capture on or off.
    Mouse(bool),
    /// Tell the officer (coalesced by the runtime).
    Notify(crate::notify::Notice),
    /// Write the handover report of this (just ended) shift to the reports folder.
    WriteReport(crate::domain::watch::ShiftInstance),
    /// Load and switch to this theme.
    Theme(String),
    /// Store this checkpoint of the journal state (as of `seq`).
    Checkpoint { seq: i64, state: Vec<u8> },
    /// Read the alert's events before `before` (older than those held);
    /// the answer comes back as `Msg::History`.
    LoadHistory { alert: String, before: i64 },
    /// The terminal changed size (it may have moved the cursor).
    Resized,
    /// Desktop notifications found no server: tell the officer on the
    /// terminal from now on, starting with this (title, body).
    NotifyOnTerminal(String, String),
    /// Stop: the one way the app says it is done.
    Quit,
}

/// Whether the alert cursor keeps its row on the next recompute. Otherwise
/// it follows its alert, so what the officer is about to act on never
/// changes under them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pin {
    /// Start-up: the top row until every feed has reported once.
    Startup,
    /// Once, after the officer's own action: the next alert moves under the cursor.
    Once,
    No,
}

/// An action sent to the journal and not yet confirmed.
#[derive(Debug, Clone)]
pub struct Pending {
    pub kind: EventKind,
    /// Raised by the console itself (first sight, level change): quiet.
    pub system: bool,
    /// Part of a bulk action (or an undo), reported with the rest of it.
    pub batch: Option<u64>,
}

/// Settings fixed at start.
#[derive(Debug, Clone)]
pub struct Settings {
    pub keymap: KeyMap,
    pub watch: WatchCycle,
    pub policies: Vec<EscalationPolicy>,
    /// The OS login name actions are recorded under.
    pub officer: String,
    pub read_only: bool,
    pub ascii: bool,
    /// The contact groups this officer (by OS login) belongs to: an
    /// escalation to one of them is shown as a banner.
    pub my_groups: Vec<String>,
    /// The longest snooze accepted (`console.max_snooze`).
    pub max_snooze: chrono::Duration,
    /// The theme names `:theme` completes (the shell lists them).
    pub themes: Vec<String>,
    /// Say this console is open (`heartbeat` events): consoles yes,
    /// the daemon and one-off commands no.
    pub presence: bool,
    /// Related alerts as one row (`[related]`); `None`: off.
    pub related: Option<crate::domain::related::Rule>,
}

#[derive(Debug)]
pub struct App {
    pub model: Model,
    pub rows: Rows,
    rows_revision: Option<u64>,
    pub settings: Settings,
    pub now: DateTime<Utc>,
    pub view: View,
    pub focus: Pane,
    pub mode: Mode,
    pub detail: Option<DetailTarget>,
    /// What was entered at `/` and `:`, oldest first (Up/Down recall it).
    pub(crate) prompt_history: Vec<(PromptKind, String)>,
    /// Where the officer is in every list, the detail and the help.
    cursor: scroll::Cursor,
    pub filter: RowFilter,
    /// The marked alerts' ids (`Space`): kept across re-sorts and filters.
    pub marks: std::collections::BTreeSet<String>,
    /// Bulk actions (and undos) sent and not yet fully answered.
    batches: HashMap<u64, bulk::Batch>,
    /// The requests keeping a batch's result in the watch log
    /// (what the message line said of it, for when it cannot be kept).
    result_entries: HashMap<u64, String>,
    /// This officer's last recorded action, for `u`.
    last_action: Option<bulk::LastAction>,
    /// `Tab` completion open on the command line.
    pub completion: Option<complete::Completion>,
    pub flash: Option<Flash>,
    /// Why the journal cannot be reached, while it cannot: the status bar
    /// says `journal reconnecting` and every action is refused.
    pub journal_down: Option<String>,
    pub size: (u16, u16),
    mouse: bool,
    pub pending: HashMap<u64, Pending>,
    /// Automatic escalations this app has asked for, by (alert, climb, step).
    escalations_asked: std::collections::HashSet<(String, u32, u32)>,
    /// When this console last asked for a heartbeat.
    last_heartbeat: Option<DateTime<Utc>>,
    /// The closing heartbeat's request, once asked.
    closing_request: Option<u64>,
    /// Acknowledgement expiries this app has asked for, by (alert, acked at).
    expiries_asked: std::collections::HashSet<(String, DateTime<Utc>)>,
    /// The shift on at the last tick (a change means a handover).
    shift: Option<crate::domain::watch::ShiftInstance>,
    /// The ended shift whose handover this app asked the journal for.
    handover_for: Option<crate::domain::watch::ShiftInstance>,
    next_request: u64,
    /// The open alert detail's events older than those held, once read
    /// (`None` inside: asked, not yet answered).
    pub older_timeline: Option<(String, Option<OlderEvents>)>,
    /// The officer's last key press (or start): checkpoints wait for a pause.
    pub(crate) last_input: DateTime<Utc>,
    /// Something on screen changed since the last frame.
    pub dirty: bool,
}

impl App {
    pub fn new(model: Model, settings: Settings, desk: Option<String>, now: DateTime<Utc>) -> App {
        let officer = settings.officer.clone();
        let related = settings.related;
        let mut app = App {
            model,
            rows: Rows::default(),
            rows_revision: None,
            settings,
            now,
            view: View::Overview,
            focus: Pane::Alerts,
            mode: Mode::Normal,
            detail: None,
            prompt_history: Vec::new(),
            cursor: scroll::Cursor::new(),
            filter: RowFilter {
                desk,
                officer,
                related,
                ..RowFilter::default()
            },
            marks: Default::default(),
            batches: HashMap::new(),
            result_entries: Default::default(),
            last_action: None,
            completion: None,
            flash: None,
            journal_down: None,
            size: (120, 36),
            mouse: false,
            pending: HashMap::new(),
            escalations_asked: Default::default(),
            expiries_asked: Default::default(),
            last_heartbeat: None,
            closing_request: None,
            shift: None,
            handover_for: None,
            next_request: 1,
            last_input: now,
            older_timeline: None,
            dirty: true,
        };
        app.refresh_rows();
        app
    }

    /// Recomputes the row lists if the model, filter or clock call for it.
    pub fn refresh_rows(&mut self) {
        let expired = self.rows.next_expiry.is_some_and(|t| t <= self.now);
        if self.rows_revision != Some(self.model.revision) || expired {
            self.rows = views::compute(&self.model, &self.filter, self.now);
            self.rows_revision = Some(self.model.revision);
            self.follow_selected_alert();
            self.dirty = true;
        }
        self.follow_cursors();
    }

    /// The first line `pane` shows of its list.
    pub fn first_shown(&self, pane: Pane) -> usize {
        self.cursor.first(pane)
    }

    /// Forces a recompute (after a filter or sort change).
    pub fn invalidate_rows(&mut self) {
        self.rows_revision = None;
        self.refresh_rows();
    }

    fn follow_selected_alert(&mut self) {
        let len = self.rows.alerts.len();
        let pinned = self.cursor.pin != Pin::No;
        // The start-up pin holds until every feed has reported once.
        let loading = self.model.feeds.iter().any(|f| f.last_attempt.is_none());
        if self.cursor.pin == Pin::Once || !loading {
            self.cursor.pin = Pin::No;
        }
        let pos = if pinned {
            None
        } else {
            // A member of a folded group: its group's row.
            self.cursor
                .selected_alert
                .as_ref()
                .and_then(|id| self.row_of_alert(id))
        };
        let idx = match pos {
            Some(p) => p,
            None => self
                .cursor
                .selected
                .get(&Pane::Alerts)
                .copied()
                .unwrap_or(0)
                .min(len.saturating_sub(1)),
        };
        self.cursor.selected.insert(Pane::Alerts, idx);
        self.cursor.selected_alert = self
            .rows
            .alerts
            .get(idx)
            .map(|&i| self.model.alerts.entries[i].alert.id.clone());
    }

    pub fn selection(&self, pane: Pane) -> usize {
        let at = self.cursor.selected.get(&pane).copied().unwrap_or(0);
        match pane {
            // Each poll replaces the hazards near no station: a shorter
            // list keeps the cursor on its last one.
            Pane::Hazards => at.min(self.list_len(pane).saturating_sub(1)),
            _ => at,
        }
    }

    /// The alert under the cursor in the alerts list.
    pub fn current_alert(&self) -> Option<&crate::state::AlertEntry> {
        let idx = *self.rows.alerts.get(self.selection(Pane::Alerts))?;
        self.model.alerts.entries.get(idx)
    }

    /// The hazard under the cursor in the feeds view's list of hazards
    /// near no duty station.
    pub fn current_hazard(&self) -> Option<&crate::domain::SourceAlert> {
        crate::state::feeds::unmatched(&self.model.feeds).nth(self.selection(Pane::Hazards))
    }

    pub fn current_station(&self) -> Option<&crate::domain::Station> {
        let idx = *self.rows.stations.get(self.selection(Pane::Stations))?;
        self.model.stations.get(idx)
    }

    pub fn current_officer(&self) -> Option<&crate::domain::Officer> {
        let idx = *self.rows.roster.get(self.selection(Pane::Roster))?;
        self.model.roster.get(idx)
    }

    fn request(&mut self, kind: EventKind, note: Option<String>, system: bool) -> Effect {
        self.send(kind, note, system, None)
    }

    /// An officer's request that is one of a batch's.
    fn request_in(&mut self, kind: EventKind, note: Option<String>, batch: Option<u64>) -> Effect {
        if let Some(b) = batch {
            self.batch_sent(b);
        }
        self.send(kind, note, false, batch)
    }

    fn send(
        &mut self,
        kind: EventKind,
        note: Option<String>,
        system: bool,
        batch: Option<u64>,
    ) -> Effect {
        let request = self.next_request;
        self.next_request += 1;
        self.pending.insert(
            request,
            Pending {
                kind: kind.clone(),
                system,
                batch,
            },
        );
        Effect::Append {
            request,
            kind,
            note,
            system,
        }
    }

    pub fn flash(&mut self, kind: FlashKind, text: impl Into<String>) {
        let secs = if kind == FlashKind::Error { 8 } else { 4 };
        self.flash = Some(Flash {
            kind,
            text: text.into(),
            until: self.now + chrono::Duration::seconds(secs),
        });
        self.dirty = true;
    }
}
