//! The help overlay: every binding of the live keymap, wrapped at word
//! boundaries (continuations indented under the description) and scrolled
//! with the move keys, so every binding can be read at 80×24 and nothing is
//! cut mid-word at any size. The rows are laid out by `app::help` (so
//! `update` knows how far it scrolls); this pane styles and draws them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::app::help::{popup, rows};
use crate::ui::Screen;
use crate::ui::symbols::Symbols;
use crate::ui::{pane_block, title_span};

pub fn render(frame: &mut Frame, area: Rect, app: &Screen<'_>, sym: &Symbols) {
    let popup = popup(area);
    let inner_w = popup.width.saturating_sub(2) as usize;
    let inner_h = popup.height.saturating_sub(2) as usize;
    let all = rows(app, sym.ascii, inner_w);
    let scroll = usize::from(app.help_scroll()).min(all.len().saturating_sub(inner_h));
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
    let shown: Vec<Line> = all
        .into_iter()
        .skip(scroll)
        .take(inner_h)
        .map(|r| {
            Line::from(vec![
                Span::styled(r.keys, app.theme.accent),
                Span::raw(r.description),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(shown).block(block), popup);
}
