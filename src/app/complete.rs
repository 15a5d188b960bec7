//! `Tab` completion on the `:` command line: the command word, then its
//! first argument (alert ids for the alert commands, station ids for
//! `mute`, callsigns for `task` and `standdown`, regions for `desk`, theme
//! names for `theme`). Repeated `Tab` (`Shift-Tab` backwards) cycles the
//! candidates.

use super::commands::{self, Arg, COMMANDS};
use super::{App, Prompt};

/// An open completion: what `Tab` cycles through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The input before the word being completed.
    pub base: String,
    /// Everything that fits; empty when nothing does.
    pub candidates: Vec<String>,
    /// The candidate now in the input.
    pub index: usize,
}

impl Completion {
    fn input(&self) -> Option<String> {
        let c = self.candidates.get(self.index)?;
        Some(format!("{}{c}", self.base))
    }
}

impl App {
    /// `Tab` (or `Shift-Tab`, `forward = false`) in the command prompt.
    pub(crate) fn complete(&mut self, p: &mut Prompt, forward: bool) {
        if let Some(c) = &mut self.completion
            && c.candidates.len() > 1
            && c.input().as_deref() == Some(p.input.as_str())
        {
            let n = c.candidates.len();
            c.index = if forward {
                (c.index + 1) % n
            } else {
                (c.index + n - 1) % n
            };
            p.input = c.input().unwrap_or_default();
            return;
        }
        let (base, word, command) = split(&p.input);
        let candidates = match &command {
            None => COMMANDS
                .iter()
                .map(|c| c.name.to_string())
                .filter(|c| c.starts_with(&word.to_lowercase()))
                .collect(),
            Some(cmd) => self.arguments(cmd, &word),
        };
        if candidates.len() == 1 {
            let only = &candidates[0];
            // A unique command that takes an argument goes on to it.
            let space = command.is_none()
                && COMMANDS
                    .iter()
                    .any(|c| c.name == only && c.arg != Arg::None);
            p.input = format!("{base}{only}{}", if space { " " } else { "" });
            self.completion = None;
            return;
        }
        let index = if forward {
            0
        } else {
            candidates.len().saturating_sub(1)
        };
        let c = Completion {
            base,
            candidates,
            index,
        };
        if let Some(input) = c.input() {
            p.input = input;
        }
        self.completion = Some(c);
    }

    /// What may follow a command word.
    fn arguments(&self, command: &str, word: &str) -> Vec<String> {
        let w = word.to_lowercase();
        let starts = |s: &str| s.to_lowercase().starts_with(&w);
        match commands::find(command).map(|c| c.arg) {
            Some(Arg::Alert) => self
                .rows
                .alerts
                .iter()
                .map(|&i| &self.model.alerts.entries[i].alert.id)
                .filter(|id| starts(id) || id.split_once(':').is_some_and(|(_, s)| starts(s)))
                .cloned()
                .collect(),
            Some(Arg::Station) => self
                .model
                .stations
                .iter()
                .map(|s| s.id.clone())
                .filter(|id| starts(id))
                .collect(),
            Some(Arg::Officer) => self
                .model
                .roster
                .iter()
                .map(|o| o.callsign.clone())
                .filter(|c| starts(c))
                .collect(),
            Some(Arg::Region) => {
                let mut regions: Vec<String> = self
                    .model
                    .stations
                    .iter()
                    .map(|s| s.region.clone())
                    .collect();
                regions.sort();
                regions.dedup();
                regions.push("all".into());
                regions.into_iter().filter(|r| starts(r)).collect()
            }
            Some(Arg::Theme) => self
                .settings
                .themes
                .iter()
                .filter(|n| n.starts_with(&w))
                .map(|n| n.to_string())
                .collect(),
            Some(Arg::Text | Arg::None) | None => Vec::new(),
        }
    }
}

/// (text before the word, the word, the command when the word is its argument).
fn split(input: &str) -> (String, String, Option<String>) {
    let lead = input.len() - input.trim_start().len();
    let rest = &input[lead..];
    match rest.find(char::is_whitespace) {
        None => (input[..lead].to_string(), rest.to_string(), None),
        Some(end) => {
            let command = rest[..end].to_string();
            let after = &rest[end..];
            let arg_at = lead + end + (after.len() - after.trim_start().len());
            let word = input[arg_at..].to_string();
            // Only the first argument completes; later words are left alone.
            if word.contains(char::is_whitespace) {
                return (input.to_string(), String::new(), Some(String::new()));
            }
            (input[..arg_at].to_string(), word, Some(command))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn split_finds_the_word_under_completion() {
        assert_eq!(split(""), (String::new(), String::new(), None));
        assert_eq!(split("de"), (String::new(), "de".into(), None));
        assert_eq!(
            split("desk af"),
            ("desk ".into(), "af".into(), Some("desk".into()))
        );
        assert_eq!(
            split("theme "),
            ("theme ".into(), String::new(), Some("theme".into()))
        );
    }
}
