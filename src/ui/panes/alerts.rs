//! The open alerts: severity and state as glyph and word as well as colour,
//! age, affected station, title and who acknowledged.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::Pane;
use crate::app::scroll::{self, AlertLine as Display, Viewports};
use crate::domain::AlertState;
use crate::keymap::Action;
use crate::state::related::RelatedGroup;
use crate::state::views;
use crate::state::{AlertEntry, AlertStatus};
use crate::ui::Screen;
use crate::ui::panes::stations::level_label;
use crate::ui::symbols::{Symbols, fit};
use crate::ui::{format, pane_block, table, title_span};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &Screen<'_>,
    seen: &mut Viewports,
    sym: &Symbols,
    full: bool,
) {
    let focused = app.focus == Pane::Alerts;
    let rows = &app.rows;
    let new = rows.unacked.total();
    let shown = rows.alerts.len();
    // A filter that hides alerts says so: "12 of 109 shown".
    // Where the cursor is, always; with a filter that hides alerts, how
    // many it hides (the status bar keeps the whole watch's counts).
    let position = if shown == 0 {
        String::new()
    } else {
        format!("{}/{shown} · ", app.selection(Pane::Alerts) + 1)
    };
    // Alerts, not rows: a folded group of related alerts shows each.
    let listed = rows.listed_count();
    let shown_text = if app.filter.query.is_some() && listed != rows.unfiltered {
        format!("{position}{listed} of {} shown ", rows.unfiltered)
    } else {
        format!("{position}{new} new ")
    };
    let mut title = vec![
        title_span(app, "Alerts"),
        Span::styled(shown_text, app.theme.dim),
        Span::styled(format!("· by {} ", app.filter.sort.label()), app.theme.dim),
    ];
    if app.filter.group {
        title.push(Span::styled("· grouped by station ", app.theme.dim));
    }
    let groups = rows.related.groups.len();
    if groups > 0 {
        let word = if groups == 1 { "group" } else { "groups" };
        title.push(Span::styled(
            format!(
                "· {}{groups} related {word} ({} opens) ",
                sym.related(),
                key_label(app, sym, Action::Unfold)
            ),
            app.theme.dim,
        ));
    }
    let marked = app.marked_count();
    if marked > 0 {
        title.push(Span::styled(
            format!("· {marked} marked "),
            app.theme.accent.add_modifier(Modifier::BOLD),
        ));
    }
    if let Some(t) = app.filter.text() {
        title.push(Span::styled(format!("· filter \"{t}\" "), app.theme.accent));
    }
    let block = pane_block(app, sym, Line::from(title), focused);
    let inner = block.inner(area);
    let w = inner.width as usize;
    let show_esc = w >= 64;
    let show_by = w >= 72;
    let show_cat = (full && w >= 100) || w >= 110;
    // The mark column and the owner column only while there is one to show.
    let cols = Columns {
        esc: show_esc,
        cat: show_cat,
        by: show_by,
        mark: marked > 0,
        owner: w >= 84
            && rows.alerts.iter().any(|&i| {
                let id = &app.model.alerts.entries[i].alert.id;
                app.model
                    .journal
                    .alert(id)
                    .is_some_and(|j| j.owner.is_some())
            }),
    };
    let mut widths = vec![Constraint::Length(1)];
    let mut header = vec![""];
    if cols.mark {
        widths.push(Constraint::Length(1));
        header.push("");
    }
    widths.extend([
        Constraint::Length(if sym.ascii { 7 } else { 6 }),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(7),
    ]);
    header.extend(["SEV", "STATE", "AGE", "STN"]);
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
    if cols.owner {
        widths.push(Constraint::Length(10));
        header.push("OWNER");
    }
    if rows.alerts.is_empty() {
        let msg = match super::scope_warning(app) {
            Some(w) => Span::styled(w, app.theme.warning),
            None if app.filter.query.is_some() => Span::styled(
                format!(
                    "no alert matches the filter ({} hidden; Esc in / clears it)",
                    rows.unfiltered
                ),
                app.theme.dim,
            ),
            None => Span::styled("no open alerts", app.theme.dim),
        };
        frame.render_widget(
            Paragraph::new(msg)
                .wrap(ratatui::widgets::Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let fixed = table::fixed_width(&widths);
    let title_w = (inner.width.saturating_sub(fixed)) as usize;
    let selected = app.selection(Pane::Alerts);
    let lines = app.alert_lines();
    // Where the selected alert is among the drawn lines (headers included).
    let (sel_line, _, header_before) = app.cursor_line(Pane::Alerts);
    let height = inner.height.saturating_sub(1) as usize;
    seen.saw(Pane::Alerts, height);
    let first = app.first_shown(Pane::Alerts);
    let win = table::Window {
        offset: scroll::window(first, sel_line, lines.len(), height, header_before),
        height,
    };
    let mut out = Vec::with_capacity(win.height);
    let mut headers = Vec::new();
    for (at, line) in lines.iter().enumerate().skip(win.offset).take(win.height) {
        match *line {
            Display::Alert(pos) => {
                let entry = rows.alerts[pos];
                let e = &app.model.alerts.entries[entry];
                let st = app.model.status(e, app.now);
                let place = match rows.related.group_of(entry) {
                    Some((_, g)) if !g.expanded => Place::Folded(g),
                    Some(_) => Place::Member,
                    None => Place::Alone,
                };
                let look = Look {
                    selected: pos == selected && focused,
                    place,
                };
                out.push(row(app, sym, e, &st, look, title_w, cols));
            }
            Display::Related(first, count) => {
                let lead = rows.alerts[first];
                let line = related_header(app, sym, lead, count, w);
                headers.push((at - win.offset, line));
                out.push(Row::new(vec![Cell::from("")]));
            }
            Display::Header(first, count) => {
                headers.push((at - win.offset, group_header(app, sym, first, count)));
                out.push(Row::new(vec![Cell::from("")]));
            }
        }
    }
    let header = Row::new(header.into_iter().map(Cell::from).collect::<Vec<_>>());
    table::draw(frame, area, block, header, out, &widths, app.theme.dim);
    // Group headers span the whole width, drawn over their (empty) rows.
    for (y, line) in headers {
        let r = Rect {
            x: inner.x,
            y: inner.y + 1 + y as u16,
            width: inner.width,
            height: 1,
        };
        if r.y < inner.y + inner.height {
            frame.render_widget(Paragraph::new(line), r);
        }
    }
}

fn group_header(app: &Screen<'_>, sym: &Symbols, first: usize, count: usize) -> Line<'static> {
    let t = &app.theme;
    let mark = if sym.ascii { "> " } else { "▸ " };
    // Alerts, not rows: a folded group of related alerts counts each.
    let related = &app.rows.related;
    let count: usize = app.rows.alerts[first..first + count]
        .iter()
        .map(|&e| related.folded(e).map_or(1, |g| g.members.len()))
        .sum();
    let plural = if count == 1 { "alert" } else { "alerts" };
    let station = views::group_of(&app.model, app.rows.alerts[first]);
    let mut spans = vec![Span::styled(mark, t.accent)];
    match station.map(|id| (id, app.model.station(id))) {
        Some((_, Some(s))) => {
            spans.push(Span::styled(
                format!("{} {}", s.id, s.name),
                t.accent.add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::styled(format!(" {} ", sym.sep()), t.dim));
            spans.push(Span::styled(
                format!("level {}", level_label(app, s.security_level)),
                t.level(s.security_level),
            ));
        }
        Some((id, None)) => spans.push(Span::styled(
            id.to_string(),
            t.accent.add_modifier(Modifier::BOLD),
        )),
        None => spans.push(Span::styled(
            "no duty station",
            t.accent.add_modifier(Modifier::BOLD),
        )),
    }
    spans.push(Span::styled(
        format!(" {} {count} {plural}", sym.sep()),
        t.dim,
    ));
    Line::from(spans)
}

/// The header over an opened group of related alerts: how many, and why
/// they are one event.
fn related_header(
    app: &Screen<'_>,
    sym: &Symbols,
    lead: usize,
    count: usize,
    width: usize,
) -> Line<'static> {
    let t = &app.theme;
    let mut why: Vec<String> = Vec::new();
    if let Some((_, g)) = app.rows.related.group_of(lead) {
        for (_, _, w) in &g.links {
            let d = w.describe();
            if !why.contains(&d) {
                why.push(d);
            }
        }
    }
    let head = format!("  {}{count} related alerts", sym.related());
    let folds = format!(" {} {} folds", sym.sep(), key_label(app, sym, Action::Fold));
    let mut spans = vec![Span::styled(
        head.clone(),
        t.accent.add_modifier(Modifier::BOLD),
    )];
    if !why.is_empty() {
        // The reasons give way (cut with an ellipsis) to the fold key.
        let room = width.saturating_sub(head.chars().count() + folds.chars().count());
        let text = format!(" {} {}", sym.sep(), why.join("; "));
        spans.push(Span::styled(fit(&text, room, sym.ellipsis()), t.dim));
    }
    spans.push(Span::styled(folds, t.dim));
    Line::from(spans)
}

/// The first key bound to `action`, as the hint line names it.
fn key_label(app: &Screen<'_>, sym: &Symbols, action: Action) -> String {
    match app.settings.keymap.keys_for(action).first() {
        Some(k) if sym.ascii => k.label_ascii(),
        Some(k) => k.label(),
        None => format!(":{}", action.name()),
    }
}

/// How a row is drawn: selected or not, and its place among related alerts.
#[derive(Clone, Copy)]
struct Look<'a> {
    selected: bool,
    place: Place<'a>,
}

#[derive(Clone, Copy)]
enum Place<'a> {
    /// Not related to any other listed alert.
    Alone,
    /// The row of a folded group: stands for all its members.
    Folded(&'a RelatedGroup),
    /// One alert of an opened group.
    Member,
}

/// Which of the optional columns are drawn.
#[derive(Debug, Clone, Copy)]
struct Columns {
    esc: bool,
    cat: bool,
    by: bool,
    /// Marks (`Space`): drawn while any alert is marked.
    mark: bool,
    /// Owners: drawn, room permitting, while any listed alert has one.
    owner: bool,
}

fn row<'a>(
    app: &Screen<'_>,
    sym: &Symbols,
    e: &'a AlertEntry,
    st: &AlertStatus<'_>,
    look: Look<'_>,
    title_w: usize,
    cols: Columns,
) -> Row<'a> {
    let a = &e.alert;
    let t = &app.theme;
    let selected = look.selected;
    let (mut state_text, mut state_style) = state_cell(app, sym, st);
    let mut severity = a.severity;
    let mut members: &[usize] = &[];
    let mut title = String::new();
    match look.place {
        Place::Folded(g) => {
            // The group: its worst severity, NEW while any member is.
            severity = g.worst;
            members = &g.members;
            if g.new > 0 {
                (state_text, state_style) = (format!("{} NEW", sym.new_mark()), t.state_new);
            }
            title.push_str(&format!("{}{} ", sym.related(), g.members.len()));
        }
        Place::Member => title.push_str(sym.member()),
        Place::Alone => {}
    }
    let stn = match a.stations.len() {
        0 => "—".to_string(),
        1 => a.stations[0].id.clone(),
        n => format!("{}+{}", a.stations[0].id, n - 1),
    };
    // Too narrow for the owner column: the owner leads the title.
    if !cols.owner
        && let Some(owner) = st.journal.and_then(|j| j.owner.as_deref())
    {
        title.push_str(&format!("[{owner}] "));
    }
    if st.muted {
        title.push_str("[muted] ");
    }
    // Shown only under `state:snoozed`: when each comes back.
    if let Some(u) = st
        .journal
        .and_then(|j| j.snoozed_until)
        .filter(|_| st.snoozed)
    {
        title.push_str(&format!("[snoozed until {}] ", format::until(app.now, u)));
    }
    title.push_str(&a.title);
    // On the selected row a colour that would not read on the selection
    // gives way to the selection's own foreground.
    let on_row = |s: Style| if selected { t.on_selected(s) } else { s };
    let mut cells = vec![Cell::from(if selected { sym.selected() } else { " " })];
    if cols.mark {
        let marked = match members {
            [] => app.marks.contains(&a.id),
            all => all
                .iter()
                .all(|&m| app.marks.contains(&app.model.alerts.entries[m].alert.id)),
        };
        let mark = if marked { sym.marked() } else { " " };
        cells.push(Cell::from(mark).style(on_row(t.accent.add_modifier(Modifier::BOLD))));
    }
    cells.extend([
        Cell::from(sym.severity_label(severity)).style(on_row(t.severity(severity))),
        Cell::from(state_text).style(on_row(state_style)),
        Cell::from(format::age(app.now, a.reported_at)),
        Cell::from(stn),
    ]);
    if cols.esc {
        let lvl = st.journal.map_or(0, |j| j.escalation_level);
        let text = if lvl == 0 {
            String::new()
        } else {
            format!("{}{lvl}", sym.escalated())
        };
        cells.push(Cell::from(text).style(on_row(t.warning)));
    }
    if cols.cat {
        cells.push(Cell::from(fit(&a.category, 14, sym.ellipsis())));
    }
    cells.push(Cell::from(fit(&title, title_w, sym.ellipsis())));
    if cols.by {
        let by = st.journal.and_then(|j| j.acked_by.as_deref()).unwrap_or("");
        cells.push(Cell::from(fit(by, 10, sym.ellipsis())));
    }
    if cols.owner {
        let owner = st.journal.and_then(|j| j.owner.as_deref()).unwrap_or("");
        cells.push(Cell::from(fit(owner, 10, sym.ellipsis())));
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

fn state_cell(app: &Screen<'_>, sym: &Symbols, st: &AlertStatus<'_>) -> (String, Style) {
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
