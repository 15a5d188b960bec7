//! Views, panes, input modes and prompts.

use chrono::{DateTime, Utc};

use crate::domain::ids::{AlertId, OfficerId, StationId};

/// The number-key views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Overview,
    Alerts,
    Stations,
    Roster,
    Log,
    Feeds,
    Map,
}

impl View {
    pub const ALL: [View; 7] = [
        View::Overview,
        View::Alerts,
        View::Stations,
        View::Roster,
        View::Log,
        View::Feeds,
        View::Map,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Alerts => "Alerts",
            View::Stations => "Stations",
            View::Roster => "Roster",
            View::Log => "Log",
            View::Feeds => "Feeds",
            View::Map => "Map",
        }
    }

    pub fn number(self) -> u8 {
        View::ALL
            .iter()
            .position(|&v| v == self)
            .map_or(1, |p| p as u8 + 1)
    }
}

/// A list the cursor moves in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Stations,
    Alerts,
    Roster,
    Log,
    Feeds,
    /// The hazards near no duty station, below the feeds (Tab from them).
    Hazards,
}

/// What `Enter` opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailTarget {
    Alert(String),
    Station(String),
    Officer(String),
    /// The handover report of the shift on now.
    Handover,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    AckNote,
    Escalate,
    Resolve,
    Note,
    Snooze,
    Mute,
    WatchLog,
    Task,
    Filter,
    Command,
}

impl PromptKind {
    /// Label shown before the input.
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::AckNote => "Acknowledge with note",
            PromptKind::Escalate => "Escalate, note",
            PromptKind::Resolve => "Resolve, note",
            PromptKind::Note => "Note",
            PromptKind::Snooze => "Snooze for (15m, 1h)",
            PromptKind::Mute => "Mute for, reason (e.g. 2h drill)",
            PromptKind::WatchLog => "Watch log",
            PromptKind::Task => "Task to station id",
            PromptKind::Filter => "Filter",
            PromptKind::Command => ":",
        }
    }
}

/// What a prompt acts on: typed, so an alert prompt always carries a
/// (non-empty) alert id and can never act on a station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptTarget {
    Alert(AlertId),
    Station(StationId),
    Officer(OfficerId),
    /// Every marked alert: a bulk action's note or snooze time, asked once.
    Marked(Vec<AlertId>),
    /// The filter, the command line, the watch log.
    None,
}

impl PromptTarget {
    /// The id, as shown after the prompt's label.
    pub fn id(&self) -> Option<&str> {
        match self {
            PromptTarget::Alert(id) => Some(id.as_str()),
            PromptTarget::Station(id) => Some(id.as_str()),
            PromptTarget::Officer(id) => Some(id.as_str()),
            PromptTarget::Marked(_) | PromptTarget::None => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    /// What the prompt acts on.
    pub target: PromptTarget,
    pub input: String,
    /// Why the last Enter was refused, shown in the prompt (which stays
    /// open with the text kept) until the next key.
    pub error: Option<String>,
    /// The cursor, as characters after it (0: at the end), so text put in
    /// `input` from anywhere leaves it at the end.
    pub back: usize,
    /// Up/Down: the position in this kind's history being shown.
    pub recall: Option<usize>,
}

/// An action refused before its prompt could open. Every key typed after it
/// (type-ahead meant for the prompt, over a laggy link) is held here and
/// ignored until the officer has seen the refusal and pressed Esc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: String,
    /// The keys ignored since, as typed (`⏎` for Enter), the last few kept.
    pub ignored: String,
}

impl Refusal {
    /// At most this many ignored keys are kept to show.
    pub const SHOWN: usize = 40;

    pub fn ignore(&mut self, key: &str) {
        self.ignored.push_str(key);
        let n = self.ignored.chars().count();
        if n > Self::SHOWN {
            self.ignored = self.ignored.chars().skip(n - Self::SHOWN).collect();
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Prompt(Prompt),
    /// A refusal that holds the keyboard until Esc (see [`Refusal`]).
    Refused(Refusal),
    /// A bulk action (or taking another officer's alert) waiting for y/Enter
    /// or n/Esc; any other key cancels it and holds the keyboard as a
    /// refusal does.
    Confirm(Confirm),
    Help,
}

/// What a bulk action does to each alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkVerb {
    Acknowledge,
    Escalate,
    Resolve,
    Snooze(std::time::Duration),
    Own,
}

impl BulkVerb {
    /// As the question starts: "Acknowledge 12 alerts".
    pub fn ask(self) -> &'static str {
        match self {
            BulkVerb::Acknowledge => "Acknowledge",
            BulkVerb::Escalate => "Escalate",
            BulkVerb::Resolve => "Resolve",
            BulkVerb::Snooze(_) => "Snooze",
            BulkVerb::Own => "Take",
        }
    }

    /// As the result says it: "11 acknowledged".
    pub fn done(self) -> &'static str {
        match self {
            BulkVerb::Acknowledge => "acknowledged",
            BulkVerb::Escalate => "escalated",
            BulkVerb::Resolve => "resolved",
            BulkVerb::Snooze(_) => "snoozed",
            BulkVerb::Own => "taken",
        }
    }
}

/// A question put before acting on several alerts at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// "Acknowledge 12 alerts (3 CRIT, 9 HIGH)?"
    pub question: String,
    pub verb: BulkVerb,
    pub alerts: Vec<AlertId>,
    /// The note asked once for the batch (recorded with each alert's event).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashKind {
    Info,
    Ok,
    Error,
}

/// A message on the detail line that fades after a few seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
    pub until: DateTime<Utc>,
}
