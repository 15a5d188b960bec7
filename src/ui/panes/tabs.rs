//! The view tabs (number keys) with the console's mode on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::View;
use crate::ui::Screen;
use crate::ui::symbols::Symbols;

pub fn render(frame: &mut Frame, area: Rect, app: &Screen<'_>, _sym: &Symbols) {
    let t = &app.theme;
    let mut spans = Vec::new();
    let narrow = area.width < 80;
    for v in View::ALL {
        let label = if narrow {
            format!("{} {}", v.number(), &v.title()[..3])
        } else {
            format!("{} {}", v.number(), v.title())
        };
        if v == app.view {
            spans.push(Span::styled(
                format!("[{label}]"),
                t.title.add_modifier(Modifier::REVERSED),
            ));
        } else {
            spans.push(Span::styled(format!(" {label} "), t.dim));
        }
    }
    let mut right = Vec::new();
    if let Some(d) = &app.filter.desk {
        right.push(format!("desk {d}"));
    }
    if app.settings.read_only {
        right.push("READ-ONLY".to_string());
    }
    let waiting = app.pending.values().filter(|p| !p.system).count();
    if waiting > 0 {
        right.push(format!("saving {waiting}…"));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let right_text = right.join("  ");
    let pad = (area.width as usize).saturating_sub(used + right_text.chars().count() + 1);
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(right_text, t.warning));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
