//! The help overlay: every binding of the live keymap, wrapped at word
//! boundaries (continuations indented under the description) and scrolled
//! with the move keys, so every binding can be read at 80×24 and nothing is
//! cut mid-word at any size.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::ui::symbols::Symbols;
use crate::ui::{pane_block, title_span};

/// Width of the keys column.
const KEYS_W: usize = 16;

/// The overlay's rectangle in a screen of `area`.
fn popup(area: Rect) -> Rect {
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

/// The help's lines for an inner width of `width` columns.
pub fn lines(app: &App, sym: &Symbols, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let keys_w = KEYS_W.min(width / 2).max(1);
    let desc_w = width.saturating_sub(keys_w).max(8);
    for (action, keys) in app.settings.keymap.bindings() {
        let keys: Vec<String> = keys
            .iter()
            .map(|k| {
                if sym.ascii {
                    k.label_ascii()
                } else {
                    k.label()
                }
            })
            .collect();
        let keys_text = keys.join(" ");
        // Keys too long for their column get a line of their own.
        let key_lines = wrap(&keys_text, keys_w.saturating_sub(1));
        let desc_lines = wrap(action.description(), desc_w);
        for i in 0..key_lines.len().max(desc_lines.len()) {
            let k = key_lines.get(i).map_or("", String::as_str);
            let d = desc_lines.get(i).map_or("", String::as_str);
            out.push(Line::from(vec![
                Span::styled(format!("{k:<keys_w$}"), app.theme.accent),
                Span::raw(d.to_string()),
            ]));
        }
    }
    out
}

/// How far the help can scroll in a screen of `size` (columns, rows).
pub fn max_scroll(app: &App, size: (u16, u16)) -> u16 {
    // Drawn over the main area: the screen less the status, tabs, detail
    // and hint lines.
    let p = popup(Rect::new(0, 0, size.0, size.1.saturating_sub(4)));
    let inner_w = p.width.saturating_sub(2) as usize;
    let inner_h = p.height.saturating_sub(2) as usize;
    let sym = Symbols {
        ascii: app.settings.ascii,
    };
    let n = lines(app, &sym, inner_w).len();
    u16::try_from(n.saturating_sub(inner_h)).unwrap_or(u16::MAX)
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, sym: &Symbols) {
    let popup = popup(area);
    let inner_w = popup.width.saturating_sub(2) as usize;
    let inner_h = popup.height.saturating_sub(2) as usize;
    let all = lines(app, sym, inner_w);
    let scroll = usize::from(app.help_scroll).min(all.len().saturating_sub(inner_h));
    let last = (scroll + inner_h).min(all.len());
    let title = if all.len() > inner_h {
        format!(
            "Keys {}–{last} of {} (j/k scroll, ? or Esc closes)",
            scroll + 1,
            all.len()
        )
    } else {
        "Keys (? or Esc closes)".to_string()
    };
    let block = pane_block(app, sym, Line::from(title_span(app, &title)), true);
    frame.render_widget(Clear, popup);
    let shown: Vec<Line> = all.into_iter().skip(scroll).take(inner_h).collect();
    frame.render_widget(Paragraph::new(shown).block(block), popup);
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
