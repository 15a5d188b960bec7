//! The `:` command line: a command for every action. Each runs through the
//! same checks as its key (`App::precheck`, the check made before the key's
//! prompt opens, then the prompt's own Enter), so a command is refused
//! exactly when the key would be, with the same words.

use super::{App, Effect, FlashKind, Prompt, PromptKind, PromptTarget};
use crate::domain::ids::{AlertId, OfficerId, StationId};

/// What a command's first argument is (and so what `Tab` completes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    None,
    Alert,
    Station,
    Officer,
    Region,
    Theme,
    Text,
}

impl Arg {
    /// The argument, as "ack needs …" names it.
    fn needed(self) -> &'static str {
        match self {
            Arg::None => "nothing",
            Arg::Alert => "an alert id",
            Arg::Station => "a station id",
            Arg::Officer => "an officer id or callsign",
            Arg::Region => "a region",
            Arg::Theme => "a theme name",
            Arg::Text => "the text to record",
        }
    }
}

/// One `:` command: its name, how it is typed, what it does.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub name: &'static str,
    pub usage: &'static str,
    pub what: &'static str,
    pub arg: Arg,
}

const fn spec(name: &'static str, usage: &'static str, what: &'static str, arg: Arg) -> Spec {
    Spec {
        name,
        usage,
        what,
        arg,
    }
}

/// Every command the `:` line knows, in the order help lists them.
#[rustfmt::skip]
pub const COMMANDS: [Spec; 12] = [
    spec("ack", ":ack ID [note]", "acknowledge an alert, with an optional note", Arg::Alert),
    spec("resolve", ":resolve ID [note]", "resolve an alert", Arg::Alert),
    spec("escalate", ":escalate ID [note]", "escalate an alert to its policy's next step", Arg::Alert),
    spec("snooze", ":snooze ID DURATION [note]", "snooze an alert, e.g. :snooze ID 1h", Arg::Alert),
    spec("note", ":note ID TEXT", "add a note to an alert", Arg::Alert),
    spec("mute", ":mute STATION DURATION REASON", "mute a station, e.g. :mute KBL 2h planned drill", Arg::Station),
    spec("task", ":task OFFICER STATION", "task a surge officer (id or callsign) to a station", Arg::Officer),
    spec("standdown", ":standdown OFFICER", "stand a tasked surge officer down", Arg::Officer),
    spec("log", ":log TEXT", "record a watch log entry", Arg::Text),
    spec("desk", ":desk REGION", "show one region's desk (all: every region)", Arg::Region),
    spec("theme", ":theme NAME", "switch the colour theme", Arg::Theme),
    spec("q", ":q", "quit (also :quit)", Arg::None),
];

/// The command named `word` (`quit` is `q`), in any case.
pub fn find(word: &str) -> Option<&'static Spec> {
    let w = word.to_lowercase();
    let w = if w == "quit" { "q".to_string() } else { w };
    COMMANDS.iter().find(|s| s.name == w)
}

/// The first word of `s` and the rest, both trimmed.
fn word(s: &str) -> (&str, &str) {
    let s = s.trim();
    match s.split_once(char::is_whitespace) {
        Some((w, rest)) => (w, rest.trim()),
        None => (s, ""),
    }
}

impl App {
    pub(crate) fn run_command(
        &mut self,
        input: &str,
        effects: &mut Vec<Effect>,
    ) -> Result<(), String> {
        let (name, rest) = word(input);
        let Some(spec) = find(name) else {
            let names: Vec<&str> = COMMANDS.iter().map(|s| s.name).collect();
            return Err(format!(
                "unknown command {name:?} (commands: {}; ? lists them)",
                names.join(", ")
            ));
        };
        let needs = || match spec.arg {
            // The regions themselves are what the officer needs to know.
            Arg::Region => format!(
                ":{} needs a region: {}, or all ({})",
                spec.name,
                crate::state::scope::regions(&self.model).join(", "),
                spec.usage
            ),
            _ => format!(":{} needs {}: {}", spec.name, spec.arg.needed(), spec.usage),
        };
        let (first, after) = word(rest);
        if spec.arg != Arg::None && first.is_empty() {
            return Err(needs());
        }
        match spec.name {
            "q" => effects.push(Effect::Quit),
            "ack" | "resolve" | "escalate" | "snooze" | "note" => {
                let id = AlertId::new(first).ok_or_else(needs)?;
                if self.model.alerts.get(id.as_str()).is_none() {
                    return Err(format!(
                        "no alert {:?} (Tab completes alert ids)",
                        id.as_str()
                    ));
                }
                let kind = match spec.name {
                    "ack" => PromptKind::AckNote,
                    "resolve" => PromptKind::Resolve,
                    "escalate" => PromptKind::Escalate,
                    "snooze" => PromptKind::Snooze,
                    _ => PromptKind::Note,
                };
                if after.is_empty() && matches!(kind, PromptKind::Snooze | PromptKind::Note) {
                    let what = if kind == PromptKind::Snooze {
                        "a duration after the id, e.g. 1h"
                    } else {
                        "the note's text after the id"
                    };
                    return Err(format!(":{} needs {what}: {}", spec.name, spec.usage));
                }
                self.act(kind, PromptTarget::Alert(id), after, effects)?;
            }
            "mute" => {
                let station = StationId::new(first.to_ascii_uppercase()).ok_or_else(needs)?;
                if self.model.station(station.as_str()).is_none() {
                    return Err(format!("no duty station {:?}", station.as_str()));
                }
                let (duration, reason) = word(after);
                if duration.is_empty() || reason.is_empty() {
                    // The `m` key's prompt asks for a reason too.
                    return Err(format!(
                        ":mute needs a duration and a reason: {}",
                        spec.usage
                    ));
                }
                self.act(
                    PromptKind::Mute,
                    PromptTarget::Station(station),
                    after,
                    effects,
                )?;
            }
            "task" => {
                let officer = self.officer(first)?;
                if after.is_empty() {
                    return Err(format!(
                        ":task needs a station after the officer: {}",
                        spec.usage
                    ));
                }
                self.act(
                    PromptKind::Task,
                    PromptTarget::Officer(officer),
                    after,
                    effects,
                )?;
            }
            "standdown" => {
                self.can_record()?;
                let officer = self.officer(first)?;
                self.stand_down(officer, effects)?;
            }
            "log" => self.act(PromptKind::WatchLog, PromptTarget::None, rest, effects)?,
            "desk" => {
                let regions = crate::state::scope::regions(&self.model);
                crate::state::scope::check_desk(first, &regions)?;
                self.filter.desk = (first != "all").then(|| first.to_string());
                self.invalidate_rows();
                self.flash(FlashKind::Info, format!("desk: {first}"));
            }
            "theme" if !self.settings.themes.iter().any(|t| t == first) => {
                return Err(format!(
                    "no theme {first:?} (themes: {})",
                    self.settings.themes.join(", ")
                ));
            }
            "theme" => effects.push(Effect::Theme(first.to_string())),
            _ => return Err(needs()),
        }
        Ok(())
    }

    /// An action on `target` with `input` as its prompt would have had it:
    /// the key's check, then the prompt's Enter.
    fn act(
        &mut self,
        kind: PromptKind,
        target: PromptTarget,
        input: &str,
        effects: &mut Vec<Effect>,
    ) -> Result<(), String> {
        self.can_record()?;
        self.precheck(kind, &target)?;
        let p = Prompt {
            kind,
            target,
            input: input.to_string(),
            error: None,
            back: 0,
            recall: None,
        };
        self.submit_prompt(&p, effects).map_err(|r| r.reason)
    }

    /// A roster officer by id (`SO-003`) or callsign (`KESTREL-3`), in any case.
    fn officer(&self, word: &str) -> Result<OfficerId, String> {
        self.model
            .roster
            .iter()
            .find(|o| o.id.eq_ignore_ascii_case(word) || o.callsign.eq_ignore_ascii_case(word))
            .and_then(|o| OfficerId::new(o.id.clone()))
            .ok_or_else(|| format!("no surge officer {word:?} on the roster (an id or a callsign)"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_command_is_found_by_its_name_and_quit_by_either() {
        for s in super::COMMANDS {
            assert_eq!(super::find(s.name).map(|f| f.name), Some(s.name));
        }
        assert_eq!(super::find("QUIT").map(|f| f.name), Some("q"));
        assert!(super::find("acknowledge").is_none());
    }
}
