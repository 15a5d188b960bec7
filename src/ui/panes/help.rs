//! The help overlay: every binding of the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::ui::Screen;
use crate::ui::symbols::Symbols;
use crate::ui::{pane_block, title_span};

pub fn render(frame: &mut Frame, area: Rect, app: &Screen<'_>, sym: &Symbols) {
    let w = area.width.saturating_sub(4).min(100);
    let h = area.height.saturating_sub(2);
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + 1,
        width: w,
        height: h,
    };
    let bindings = app.settings.keymap.bindings();
    let mut lines: Vec<Line> = Vec::new();
    for (action, keys) in &bindings {
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
        lines.push(Line::from(vec![
            Span::styled(format!("{:<16}", keys.join(" ")), app.theme.accent),
            Span::raw(action.description().to_string()),
        ]));
    }
    // Two columns when there is room, so every binding fits on screen.
    let inner_h = h.saturating_sub(2) as usize;
    let block = pane_block(
        app,
        sym,
        Line::from(title_span(app, "Keys (? or Esc closes)")),
        true,
    );
    frame.render_widget(Clear, popup);
    if lines.len() > inner_h && w >= 90 {
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let half = lines.len().div_ceil(2);
        let right: Vec<Line> = lines.split_off(half);
        let cw = inner.width / 2;
        frame.render_widget(Paragraph::new(lines), Rect { width: cw, ..inner });
        frame.render_widget(
            Paragraph::new(right),
            Rect {
                x: inner.x + cw,
                width: inner.width - cw,
                ..inner
            },
        );
    } else {
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}
