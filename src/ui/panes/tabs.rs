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
    let right_text = right.join("  ");
    // Every view's title when they fit; else the view on screen keeps its
    // title and the others their numbers (never a title cut short).
    let tabs = |all_titles: bool| -> Vec<Span<'static>> {
        View::ALL
            .iter()
            .map(|&v| {
                if v == app.view {
                    Span::styled(
                        format!("[{} {}]", v.number(), v.title()),
                        t.title.add_modifier(Modifier::REVERSED),
                    )
                } else if all_titles {
                    Span::styled(format!(" {} {} ", v.number(), v.title()), t.dim)
                } else {
                    Span::styled(format!(" {} ", v.number()), t.dim)
                }
            })
            .collect()
    };
    let width = |spans: &[Span]| spans.iter().map(|s| s.width()).sum::<usize>();
    let room = (area.width as usize).saturating_sub(right_text.chars().count() + 1);
    let mut spans = tabs(true);
    if width(&spans) > room {
        spans = tabs(false);
    }
    let used: usize = width(&spans);
    let pad = (area.width as usize).saturating_sub(used + right_text.chars().count() + 1);
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(right_text, t.warning));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
