//! Keys -> actions. Defaults are SPEC section 4's table; `[keys]` replaces an
//! action's keys; a key bound to two actions is refused. The help overlay
//! and the hint line are generated from [`KeyMap::bindings`]. Built once,
//! when the config is validated (`Config::keymap`); the app, the help
//! overlay and the footer read it.

use std::collections::HashMap;
use std::fmt;

use ratatui::crossterm::event::KeyEvent;

mod spec;
pub use spec::KeySpec;

macro_rules! actions {
    ($($variant:ident = $name:literal, $desc:literal;)+) => {
        /// Everything a key can do in the console's normal mode.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),+ }

        impl Action {
            /// Every action, in help-overlay order.
            pub const ALL: [Action; 41] = [$(Action::$variant),+];

            /// The name used in `[keys]`.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),+ }
            }

            pub fn from_name(s: &str) -> Option<Action> {
                match s { $($name => Some(Action::$variant),)+ _ => None }
            }

            /// Short help text.
            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $desc),+ }
            }
        }
    };
}

actions! {
    MoveDown = "move_down", "move down";
    MoveUp = "move_up", "move up";
    Top = "top", "go to the top";
    Bottom = "bottom", "go to the bottom";
    PageDown = "page_down", "page down";
    PageUp = "page_up", "page up";
    NextPane = "next_pane", "next pane";
    PrevPane = "prev_pane", "previous pane";
    Open = "open", "open the detail";
    Back = "back", "back / close";
    Acknowledge = "acknowledge", "acknowledge the selected alert";
    AcknowledgeWithNote = "acknowledge_with_note", "acknowledge with a note";
    Escalate = "escalate", "escalate (with a note)";
    Resolve = "resolve", "resolve (with a note)";
    Note = "note", "add a note to the selected alert";
    Snooze = "snooze", "snooze for a time (15m, 1h)";
    Task = "task", "task a surge officer to a station";
    StandDown = "stand_down", "stand a surge officer down";
    Mute = "mute", "mute a station for a time, with a reason";
    Mark = "mark", "mark / unmark the alert (a e r z then act on every marked one)";
    Own = "own", "take the selected (or marked) alerts: they are yours";
    Undo = "undo", "undo your last action (within 30 s)";
    Group = "group", "group alerts by station / ungroup";
    Unfold = "unfold", "open a group of related alerts (one row for one event)";
    Fold = "fold", "fold a group of related alerts back into one row";
    Copy = "copy", "copy id and title to the clipboard";
    ToggleMouse = "toggle_mouse", "toggle mouse capture";
    WatchLog = "watch_log", "add a watch-log entry";
    Handover = "handover", "handover report for this shift";
    Filter = "filter", "filter (text, sev:high, station:KBL ...)";
    Sort = "sort", "cycle the sort order";
    Command = "command", "command line (:ack ID, :theme NAME, :q)";
    Help = "help", "help: every binding";
    Quit = "quit", "quit";
    ViewOverview = "view_overview", "overview";
    ViewAlerts = "view_alerts", "alerts view";
    ViewStations = "view_stations", "stations view";
    ViewRoster = "view_roster", "surge roster view";
    ViewLog = "view_log", "watch log and journal";
    ViewFeeds = "view_feeds", "feeds health";
    ViewMap = "view_map", "world map";
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A `[keys]` problem, at a line of the config; `key` is `keys.<action>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {key}: {message}")]
pub struct KeymapError {
    pub line: usize,
    pub key: String,
    pub message: String,
}

/// Which action each key does, and each action's keys.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    keys: Vec<Vec<KeySpec>>,
    lookup: HashMap<KeySpec, Action>,
}

fn default_specs(a: Action) -> &'static [&'static str] {
    use Action::*;
    match a {
        MoveDown => &["j", "down"],
        MoveUp => &["k", "up"],
        Top => &["g", "home"],
        Bottom => &["G", "end"],
        PageDown => &["pgdn"],
        PageUp => &["pgup"],
        NextPane => &["tab"],
        PrevPane => &["shift+tab"],
        Open => &["enter"],
        Back => &["esc"],
        Acknowledge => &["a"],
        AcknowledgeWithNote => &["A"],
        Escalate => &["e"],
        Resolve => &["r"],
        Note => &["n"],
        Snooze => &["z"],
        Task => &["t"],
        StandDown => &["T"],
        Mute => &["m"],
        Mark => &["space"],
        Own => &["o"],
        Undo => &["u"],
        Group => &["b"],
        Unfold => &["right", "l"],
        Fold => &["left", "h"],
        Copy => &["y"],
        ToggleMouse => &["M"],
        WatchLog => &["L"],
        Handover => &["H"],
        Filter => &["/"],
        Sort => &["s"],
        Command => &[":"],
        Help => &["?"],
        Quit => &["q", "ctrl+c"],
        ViewOverview => &["1"],
        ViewAlerts => &["2"],
        ViewStations => &["3"],
        ViewRoster => &["4"],
        ViewLog => &["5"],
        ViewFeeds => &["6"],
        ViewMap => &["7"],
    }
}

impl KeyMap {
    /// SPEC section 4's keys (plus Ctrl-c for quit).
    pub fn default_keys() -> KeyMap {
        // The default table is fixed and tested: it parses and has no clash.
        KeyMap::from_config(&[]).unwrap_or_else(|_| KeyMap {
            keys: vec![Vec::new(); Action::ALL.len()],
            lookup: HashMap::new(),
        })
    }

    /// Defaults with `[keys]` overrides `(action, key specs, line)`: each
    /// listed action's keys replace its defaults (`[]` unbinds it).
    pub fn from_config(overrides: &[(String, Vec<String>, usize)]) -> Result<KeyMap, KeymapError> {
        let mut keys: Vec<Vec<KeySpec>> = Vec::with_capacity(Action::ALL.len());
        for a in Action::ALL {
            let specs = default_specs(a)
                .iter()
                .filter_map(|s| KeySpec::parse(s).ok())
                .collect();
            keys.push(specs);
        }
        let mut lines: Vec<Option<usize>> = vec![None; Action::ALL.len()];
        for (name, specs, line) in overrides {
            let err = |message: String| KeymapError {
                line: *line,
                key: format!("keys.{name}"),
                message,
            };
            let action = Action::from_name(name).ok_or_else(|| err(unknown_action(name)))?;
            let mut parsed: Vec<KeySpec> = Vec::new();
            for s in specs {
                let k = KeySpec::parse(s).map_err(err)?;
                if !parsed.contains(&k) {
                    parsed.push(k);
                }
            }
            if action == Action::Quit && parsed.is_empty() {
                return Err(err(
                    "quit needs at least one key (e.g. quit = [\"q\"])".to_string()
                ));
            }
            keys[action as usize] = parsed;
            lines[action as usize] = Some(*line);
        }
        let mut lookup: HashMap<KeySpec, Action> = HashMap::new();
        for a in Action::ALL {
            for k in &keys[a as usize] {
                let Some(&other) = lookup.get(k) else {
                    lookup.insert(*k, a);
                    continue;
                };
                let (lo, la) = (lines[other as usize], lines[a as usize]);
                let at = |x: Action, l: Option<usize>| match l {
                    Some(l) => format!("{x} (line {l})"),
                    None => format!("{x} (its default key)"),
                };
                let blame = if la.unwrap_or(0) >= lo.unwrap_or(0) {
                    a
                } else {
                    other
                };
                return Err(KeymapError {
                    line: la.max(lo).unwrap_or(0),
                    key: format!("keys.{blame}"),
                    message: format!(
                        "key \"{}\" is bound to both {} and {}; a key can do one thing, so give one of them other keys",
                        k.label_ascii(),
                        at(other, lo),
                        at(a, la)
                    ),
                });
            }
        }
        Ok(KeyMap { keys, lookup })
    }

    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        self.lookup.get(&KeySpec::from_event(ev)).copied()
    }

    pub fn keys_for(&self, a: Action) -> &[KeySpec] {
        self.keys.get(a as usize).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every action with its keys, in `Action::ALL` order (an unbound
    /// action has none): the help overlay and hint line come from this.
    pub fn bindings(&self) -> Vec<(Action, Vec<KeySpec>)> {
        Action::ALL
            .iter()
            .map(|&a| (a, self.keys_for(a).to_vec()))
            .collect()
    }
}

fn unknown_action(name: &str) -> String {
    let best = Action::ALL
        .iter()
        .map(|a| (distance(name, a.name()), a.name()))
        .min();
    match best {
        Some((d, near)) if d <= 3 => format!("unknown action {name:?} (did you mean {near}?)"),
        _ => {
            let all: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
            format!(
                "unknown action {name:?} (expected one of {})",
                all.join(", ")
            )
        }
    }
}

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
