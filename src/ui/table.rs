//! A windowed table: builds rows only for what is visible, keeps the
//! selected row on screen with a sticky offset.

use std::cell::RefCell;
use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Row, Table};

use crate::app::Pane;

pub struct Window {
    pub offset: usize,
    pub height: usize,
}

/// Where the visible window starts, moving only as far as needed to keep
/// `selected` in view.
pub fn window(
    offsets: &RefCell<HashMap<Pane, usize>>,
    pane: Pane,
    selected: usize,
    len: usize,
    height: usize,
) -> Window {
    let mut map = offsets.borrow_mut();
    let prev = map.get(&pane).copied().unwrap_or(0);
    let mut offset = prev.min(len.saturating_sub(height));
    if selected < offset {
        offset = selected;
    } else if height > 0 && selected >= offset + height {
        offset = selected + 1 - height;
    }
    map.insert(pane, offset);
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
