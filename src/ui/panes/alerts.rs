//! The open alerts: severity and state as glyph and word as well as colour,
//! age, affected station, title and who acknowledged.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::{App, Pane};
use crate::domain::AlertState;
use crate::state::{AlertEntry, AlertStatus};
use crate::ui::symbols::{Symbols, fit};
use crate::ui::{format, pane_block, table, title_span};

pub fn render(frame: &mut Frame, area: Rect, app: &App, sym: &Symbols, full: bool) {
    let focused = app.focus == Pane::Alerts;
    let rows = &app.rows;
    let new = rows.unacked.total();
    let mut title = vec![
        title_span(app, "Alerts"),
        Span::styled(
            format!("{new} new · {} shown ", rows.alerts.len()),
            app.theme.dim,
        ),
    ];
    if app.filter.sort != Default::default() {
        title.push(Span::styled(
            format!("· by {} ", app.filter.sort.label()),
            app.theme.dim,
        ));
    }
    if let Some(t) = &app.filter.text {
        title.push(Span::styled(format!("· filter \"{t}\" "), app.theme.accent));
    }
    let block = pane_block(app, sym, Line::from(title), focused);
    let inner = block.inner(area);
    let w = inner.width as usize;
    let show_esc = w >= 64;
    let show_by = w >= 72;
    let show_cat = (full && w >= 100) || w >= 110;
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(if sym.ascii { 7 } else { 6 }),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(7),
    ];
    let mut header = vec!["", "SEV", "STATE", "AGE", "STN"];
    if show_esc {
        widths.push(Constraint::Length(3));
        header.push("ESC");
    }
    if show_cat {
        widths.push(Constraint::Length(14));
        header.push("CATEGORY");
    }
    widths.push(Constraint::Fill(1));
    header.push("TITLE");
    if show_by {
        widths.push(Constraint::Length(10));
        header.push("ACK BY");
    }
    if rows.alerts.is_empty() {
        let msg = if app.filter.text.is_some() {
            "no alert matches the filter"
        } else {
            "no open alerts"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(msg, app.theme.dim)).block(block),
            area,
        );
        return;
    }
    let fixed: u16 = widths
        .iter()
        .map(|c| {
            if let Constraint::Length(n) = c {
                n + 1
            } else {
                1
            }
        })
        .sum();
    let title_w = (inner.width.saturating_sub(fixed)) as usize;
    let selected = app.selection(Pane::Alerts);
    let win = table::window(
        &app.offsets,
        Pane::Alerts,
        selected,
        rows.alerts.len(),
        inner.height.saturating_sub(1) as usize,
    );
    let mut out = Vec::with_capacity(win.height);
    for (pos, &idx) in rows
        .alerts
        .iter()
        .enumerate()
        .skip(win.offset)
        .take(win.height)
    {
        let e = &app.model.alerts.entries[idx];
        let st = app.model.status(e, app.now);
        out.push(row(
            app,
            sym,
            e,
            &st,
            pos == selected && focused,
            title_w,
            show_esc,
            show_cat,
            show_by,
        ));
    }
    let header = Row::new(header.into_iter().map(Cell::from).collect::<Vec<_>>());
    table::draw(frame, area, block, header, out, &widths, app.theme.dim);
}

#[allow(clippy::too_many_arguments)]
fn row<'a>(
    app: &App,
    sym: &Symbols,
    e: &'a AlertEntry,
    st: &AlertStatus<'_>,
    selected: bool,
    title_w: usize,
    show_esc: bool,
    show_cat: bool,
    show_by: bool,
) -> Row<'a> {
    let a = &e.alert;
    let t = &app.theme;
    let (state_text, state_style) = state_cell(app, sym, st);
    let stn = match a.stations.len() {
        0 => "—".to_string(),
        1 => a.stations[0].id.clone(),
        n => format!("{}+{}", a.stations[0].id, n - 1),
    };
    let mut title = String::new();
    if st.muted {
        title.push_str("[muted] ");
    }
    title.push_str(&a.title);
    let mut cells = vec![
        Cell::from(if selected { sym.selected() } else { " " }),
        Cell::from(sym.severity_label(a.severity)).style(t.severity(a.severity)),
        Cell::from(state_text).style(state_style),
        Cell::from(format::age(app.now, a.reported_at)),
        Cell::from(stn),
    ];
    if show_esc {
        let lvl = st.journal.map_or(0, |j| j.escalation_level);
        let text = if lvl == 0 {
            String::new()
        } else if sym.ascii {
            format!("^{lvl}")
        } else {
            format!("⇧{lvl}")
        };
        cells.push(Cell::from(text).style(t.warning));
    }
    if show_cat {
        cells.push(Cell::from(fit(&a.category, 14, sym.ellipsis())));
    }
    cells.push(Cell::from(fit(&title, title_w, sym.ellipsis())));
    if show_by {
        let by = st.journal.and_then(|j| j.acked_by.as_deref()).unwrap_or("");
        cells.push(Cell::from(fit(by, 10, sym.ellipsis())));
    }
    let mut style = Style::default();
    if st.cleared {
        style = t.state_cleared;
    }
    if selected {
        style = t.selected;
    }
    Row::new(cells).style(style)
}

fn state_cell(app: &App, sym: &Symbols, st: &AlertStatus<'_>) -> (String, Style) {
    let t = &app.theme;
    if st.cleared {
        return (format!("{} CLR", sym.cleared_mark()), t.state_cleared);
    }
    match st.state {
        AlertState::New => (format!("{} NEW", sym.new_mark()), t.state_new),
        AlertState::Acknowledged => (format!("{} ACK", sym.ack_mark()), t.state_acknowledged),
        AlertState::Resolved => ("RES".to_string(), t.state_resolved),
    }
}
