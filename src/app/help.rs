//! The help overlay's text and geometry, and scrolling it with the move
//! keys up to its last line at the current screen size. Laid out here, as
//! plain text, so that `update` knows how far it can scroll; the pane
//! (`ui::panes::help`) only styles and draws these rows.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::App;
use super::commands::COMMANDS;
use super::keymap::Action;

/// Width of the keys column.
const KEYS_W: usize = 16;

/// The overlay's rectangle in a main area of `area`.
pub fn popup(area: Rect) -> Rect {
    let w = area.width.saturating_sub(4).min(100);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + 1,
        width: w,
        height: area.height.saturating_sub(2),
    }
}

/// Words of `text` in lines of at most `width` columns (a word longer than
/// the line is cut: there is no other way to show it).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let need = if line.is_empty() {
            word.width()
        } else {
            line.width() + 1 + word.width()
        };
        if need > width && !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// One line of the help: the keys column (padded) and the description.
pub struct HelpRow {
    pub keys: String,
    pub description: String,
}

/// The help's rows for an inner width of `width` columns, every binding of
/// the live keymap, wrapped between words.
pub fn rows(app: &App, ascii: bool, width: usize) -> Vec<HelpRow> {
    let mut out = Vec::new();
    let keys_w = KEYS_W.min(width / 2).max(1);
    let desc_w = width.saturating_sub(keys_w).max(8);
    for (action, keys) in app.settings.keymap.bindings() {
        let keys: Vec<String> = keys
            .iter()
            .map(|k| if ascii { k.label_ascii() } else { k.label() })
            .collect();
        // Keys too long for their column get a line of their own.
        let key_lines = wrap(&keys.join(" "), keys_w.saturating_sub(1));
        push(&mut out, key_lines, action.description(), keys_w, desc_w);
    }
    // The `:` commands, one for every action.
    out.push(HelpRow {
        keys: String::new(),
        description: String::new(),
    });
    push(
        &mut out,
        vec![":".into()],
        "commands (Tab completes):",
        keys_w,
        desc_w,
    );
    for c in COMMANDS {
        let what = format!("{}: {}", c.usage, c.what);
        let name = wrap(&format!(":{}", c.name), keys_w.saturating_sub(1));
        push(&mut out, name, &what, keys_w, desc_w);
    }
    out
}

/// One entry: its keys column lines beside its description's lines.
fn push(out: &mut Vec<HelpRow>, key_lines: Vec<String>, what: &str, keys_w: usize, desc_w: usize) {
    let desc_lines = wrap(what, desc_w);
    for i in 0..key_lines.len().max(desc_lines.len()) {
        let k = key_lines.get(i).map_or("", String::as_str);
        out.push(HelpRow {
            keys: format!("{k:<keys_w$}"),
            description: desc_lines.get(i).cloned().unwrap_or_default(),
        });
    }
}

impl App {
    /// How far the help can scroll at the current screen size.
    fn max_help_scroll(&self) -> u16 {
        // Drawn over the main area: the screen less the status, tabs,
        // detail and hint lines.
        let p = popup(Rect::new(0, 0, self.size.0, self.size.1.saturating_sub(4)));
        let inner_w = p.width.saturating_sub(2) as usize;
        let inner_h = p.height.saturating_sub(2) as usize;
        let n = rows(self, self.settings.ascii, inner_w).len();
        u16::try_from(n.saturating_sub(inner_h)).unwrap_or(u16::MAX)
    }

    pub(crate) fn scroll_help(&mut self, key: &KeyEvent) {
        let page = self.size.1.saturating_sub(6).max(1);
        let max = self.max_help_scroll();
        let s = self.cursor.help_scroll;
        self.cursor.help_scroll = match self.settings.keymap.action_for(key) {
            Some(Action::MoveDown) => s.saturating_add(1),
            Some(Action::MoveUp) => s.saturating_sub(1),
            Some(Action::PageDown) => s.saturating_add(page),
            Some(Action::PageUp) => s.saturating_sub(page),
            Some(Action::Top) => 0,
            Some(Action::Bottom) => max,
            _ => return,
        }
        .min(max);
        self.dirty = true;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrap_breaks_between_words() {
        assert_eq!(
            super::wrap("acknowledge with a note", 12),
            ["acknowledge", "with a note"]
        );
        assert_eq!(super::wrap("", 5), [""]);
    }
}
