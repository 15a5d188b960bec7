//! Rendering: a pure function of the app and the theme (`render(frame,
//! &App, &Theme)`), writing nothing back. One file per pane under `panes/`.

mod ascii;
pub mod format;
pub mod panes;
pub mod symbols;
mod table;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::scroll::Viewports;
use crate::app::{App, Mode, Pane, View};
use crate::theme::Theme;
use symbols::Symbols;

/// What a frame is drawn from: the app's state and the theme it is drawn
/// in. Reads through to the [`App`].
#[derive(Clone, Copy)]
pub struct Screen<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl std::ops::Deref for Screen<'_> {
    type Target = App;

    fn deref(&self) -> &App {
        self.app
    }
}

/// Below this the console shows a notice instead of a layout.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// The overview shows three panes side by side from this size up.
const WIDE_WIDTH: u16 = 110;
const WIDE_HEIGHT: u16 = 28;

/// Draws the app. Writes nothing back: see [`draw`] for what the frame
/// had room for.
pub fn render(frame: &mut Frame, app: &App, theme: &Theme) {
    draw(frame, app, theme);
}

/// Draws the app and says how many lines of its list each pane had room
/// for: the runtime hands that to `update` (`Msg::Viewports`), which keeps
/// each cursor in view.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) -> Viewports {
    let mut seen = Viewports::default();
    let screen = Screen { app, theme };
    let app = &screen;
    let area = frame.area();
    let sym = Symbols {
        ascii: app.settings.ascii,
    };
    frame.render_widget(Block::default().style(app.theme.base), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, app, area);
        if sym.ascii {
            ascii::fold_buffer(frame.buffer_mut());
        }
        return seen;
    }
    let [status, tabs, main, detail, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    panes::status::render(frame, status, app, &sym);
    panes::tabs::render(frame, tabs, app, &sym);
    if app.detail.is_some() {
        panes::detail::render(frame, main, app, &sym);
    } else {
        match app.view {
            View::Overview => overview(frame, main, app, &mut seen, &sym),
            View::Alerts => panes::alerts::render(frame, main, app, &mut seen, &sym, true),
            View::Stations => panes::stations::render(frame, main, app, &mut seen, &sym, true),
            View::Roster => panes::roster::render(frame, main, app, &mut seen, &sym, true),
            View::Log => panes::log::render(frame, main, app, &mut seen, &sym),
            View::Feeds => panes::feeds::render(frame, main, app, &mut seen, &sym),
            View::Map => panes::map::render(frame, main, app, &sym),
        }
    }
    panes::footer::render_detail_line(frame, detail, app, &sym);
    panes::footer::render_hints(frame, hints, app, &sym);
    if app.mode == Mode::Help {
        panes::help::render(frame, main, app, &sym);
    }
    if sym.ascii {
        ascii::fold_buffer(frame.buffer_mut());
    }
    seen
}

fn overview(frame: &mut Frame, area: Rect, app: &Screen<'_>, seen: &mut Viewports, sym: &Symbols) {
    if area.width >= WIDE_WIDTH && area.height + 4 >= WIDE_HEIGHT {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(38), Constraint::Percentage(62)])
                .areas(area);
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(right);
        panes::stations::render(frame, left, app, seen, sym, false);
        panes::alerts::render(frame, top, app, seen, sym, false);
        panes::roster::render(frame, bottom, app, seen, sym, false);
    } else {
        // One main pane at a time: the focused one; Tab moves between them.
        match app.focus {
            Pane::Stations => panes::stations::render(frame, area, app, seen, sym, false),
            Pane::Roster => panes::roster::render(frame, area, app, seen, sym, false),
            _ => panes::alerts::render(frame, area, app, seen, sym, false),
        }
    }
}

fn too_small(frame: &mut Frame, app: &Screen<'_>, area: Rect) {
    let text = vec![
        Line::from(Span::styled("terminal too small", app.theme.warning)),
        Line::from(format!(
            "{}×{}: watchkeeper needs at least {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        )),
        Line::from("q quits"),
    ];
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.base)
            .wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

/// A bordered pane block with a title; highlighted when it has the focus.
pub fn pane_block<'a>(
    app: &Screen<'_>,
    sym: &Symbols,
    title: Line<'a>,
    focused: bool,
) -> Block<'a> {
    let border = if focused {
        app.theme.border_focus
    } else {
        app.theme.border
    };
    Block::default()
        .borders(Borders::ALL)
        .border_set(sym.border_set())
        .border_style(border)
        .title(title)
        .style(app.theme.base)
}

/// A title span in the theme's title style.
pub fn title_span(app: &Screen<'_>, text: impl Into<String>) -> Span<'static> {
    Span::styled(format!(" {} ", text.into()), app.theme.title)
}
