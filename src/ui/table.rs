//! A windowed table: builds rows only for what is visible, keeps the
//! selected row on screen with a sticky offset.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Row, Table};

use crate::app::Pane;
use crate::app::scroll::{self, Viewports};
use crate::ui::Screen;

pub struct Window {
    pub offset: usize,
    pub height: usize,
}

/// The lines of `pane`'s list to draw in `height` rows: from the first line
/// `update` keeps for the pane, moved (here, for this frame only) if the
/// cursor's `line` would be out of view at this height. The height is
/// reported in `seen`, so that `update` keeps the window for it.
pub fn window(
    app: &Screen<'_>,
    seen: &mut Viewports,
    pane: Pane,
    line: usize,
    len: usize,
    height: usize,
) -> Window {
    seen.saw(pane, height);
    let offset = scroll::window(app.first_shown(pane), line, len, height, false);
    Window { offset, height }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    block: Block<'_>,
    header: Row<'_>,
    rows: Vec<Row<'_>>,
    widths: &[Constraint],
    header_style: Style,
) {
    let table = Table::new(rows, widths.to_vec())
        .header(header.style(header_style))
        .block(block)
        .column_spacing(1);
    frame.render_widget(table, area);
}

/// Columns taken by the fixed-width columns and the spacing between all
/// columns: what is left is the flexible column's width.
pub fn fixed_width(widths: &[Constraint]) -> u16 {
    widths
        .iter()
        .map(|c| {
            if let Constraint::Length(n) = c {
                n + 1
            } else {
                1
            }
        })
        .sum()
}
