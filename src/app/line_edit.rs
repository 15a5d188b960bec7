//! Prompts edit like a shell line: Left/Right, Home/End (and Ctrl-A/E),
//! Backspace/Delete, Ctrl-U (to the start), Ctrl-W (the word before the
//! cursor); Up/Down recall what was entered at `/` and `:`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Prompt, PromptKind};

/// Longest input a prompt takes, in characters.
const MAX_CHARS: usize = 500;
/// Entries kept per kind of prompt.
const HISTORY: usize = 100;

impl PromptKind {
    /// `/` and `:` keep a history.
    pub fn has_history(self) -> bool {
        matches!(self, PromptKind::Filter | PromptKind::Command)
    }
}

impl Prompt {
    /// The cursor as a character index from the start.
    pub fn cursor(&self) -> usize {
        let n = self.input.chars().count();
        n - self.back.min(n)
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.input
            .char_indices()
            .nth(chars)
            .map_or(self.input.len(), |(i, _)| i)
    }

    fn set_cursor(&mut self, at: usize) {
        let n = self.input.chars().count();
        self.back = n - at.min(n);
    }
}

/// Applies an editing key; false when the key is not one.
pub(crate) fn edit(p: &mut Prompt, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let at = p.cursor();
    let n = p.input.chars().count();
    match key.code {
        KeyCode::Left => p.set_cursor(at.saturating_sub(1)),
        KeyCode::Right => p.set_cursor(at + 1),
        KeyCode::Home => p.set_cursor(0),
        KeyCode::End => p.set_cursor(n),
        KeyCode::Char('a') if ctrl => p.set_cursor(0),
        KeyCode::Char('e') if ctrl => p.set_cursor(n),
        KeyCode::Char('u') if ctrl => {
            let b = p.byte_at(at);
            p.input.replace_range(..b, "");
            p.set_cursor(0);
        }
        KeyCode::Char('w') if ctrl => {
            let chars: Vec<char> = p.input.chars().collect();
            let mut start = at;
            while start > 0 && chars[start - 1].is_whitespace() {
                start -= 1;
            }
            while start > 0 && !chars[start - 1].is_whitespace() {
                start -= 1;
            }
            let (a, b) = (p.byte_at(start), p.byte_at(at));
            p.input.replace_range(a..b, "");
            p.set_cursor(start);
        }
        KeyCode::Backspace if at > 0 => {
            let (a, b) = (p.byte_at(at - 1), p.byte_at(at));
            p.input.replace_range(a..b, "");
            p.set_cursor(at - 1);
        }
        KeyCode::Backspace => {}
        KeyCode::Delete if at < n => {
            let (a, b) = (p.byte_at(at), p.byte_at(at + 1));
            p.input.replace_range(a..b, "");
            p.set_cursor(at);
        }
        KeyCode::Delete => {}
        KeyCode::Char(c) if !ctrl => {
            if n < MAX_CHARS && !c.is_control() {
                let b = p.byte_at(at);
                p.input.insert(b, c);
                p.set_cursor(at + 1);
            }
        }
        _ => return false,
    }
    p.recall = None;
    true
}

impl App {
    /// Keeps what was entered at `/` or `:` (not a repeat of the last one).
    pub(crate) fn remember(&mut self, p: &Prompt) {
        let text = p.input.trim();
        if !p.kind.has_history() || text.is_empty() {
            return;
        }
        let last = self
            .prompt_history
            .iter()
            .rev()
            .find(|(k, _)| *k == p.kind)
            .map(|(_, t)| t.as_str());
        if last != Some(text) {
            self.prompt_history.push((p.kind, text.to_string()));
        }
        let of_kind = self
            .prompt_history
            .iter()
            .filter(|(k, _)| *k == p.kind)
            .count();
        if of_kind > HISTORY
            && let Some(i) = self.prompt_history.iter().position(|(k, _)| *k == p.kind)
        {
            self.prompt_history.remove(i);
        }
    }

    /// Up (older) or Down (newer) through this kind's history; past the
    /// newest, an empty line.
    pub(crate) fn recall(&mut self, p: &mut Prompt, older: bool) {
        let entries: Vec<&String> = self
            .prompt_history
            .iter()
            .filter(|(k, _)| *k == p.kind)
            .map(|(_, t)| t)
            .collect();
        if entries.is_empty() {
            return;
        }
        let next = match (p.recall, older) {
            (None, true) => Some(entries.len() - 1),
            (None, false) => return,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i + 1 < entries.len() => Some(i + 1),
            (Some(_), false) => None,
        };
        p.input = next.map_or(String::new(), |i| entries[i].clone());
        p.back = 0;
        p.recall = next;
    }
}
