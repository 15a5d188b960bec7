//! The surge roster: who can deploy, where they are, readiness and skills.
//! A tasking from this watch shows over the feed's data until it agrees.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::Pane;
use crate::app::scroll::Viewports;
use crate::domain::{Officer, OfficerStatus};
use crate::ui::Screen;
use crate::ui::symbols::{Symbols, fit};
use crate::ui::{pane_block, table, title_span};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &Screen<'_>,
    seen: &mut Viewports,
    sym: &Symbols,
    full: bool,
) {
    let focused = app.focus == Pane::Roster;
    let roster = &app.model.roster;
    let ready = roster.iter().filter(|o| o.status.deployable()).count();
    let title = Line::from(vec![
        title_span(app, "Surge roster"),
        Span::styled(
            format!("{} · {ready} deployable ", roster.len()),
            app.theme.dim,
        ),
    ]);
    let block = pane_block(app, sym, title, focused);
    let inner = block.inner(area);
    if roster.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("no roster yet", app.theme.dim)).block(block),
            area,
        );
        return;
    }
    let w = inner.width as usize;
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(9),
        Constraint::Length(11),
        Constraint::Length(9),
        Constraint::Fill(1),
    ];
    let mut header = vec!["", "CALLSIGN", "STATUS", "AT", "NAME"];
    let show_ready = w >= 52;
    let show_skills = w >= 70;
    let show_lang = (full && w >= 100) || w >= 110;
    if show_ready {
        widths.push(Constraint::Length(5));
        header.push("READY");
    }
    if show_skills {
        widths.push(Constraint::Length(if full { 40 } else { 22 }));
        header.push("SKILLS");
    }
    if show_lang {
        widths.push(Constraint::Length(12));
        header.push("LANGUAGES");
    }
    let selected = app.selection(Pane::Roster);
    let win = table::window(
        app,
        seen,
        Pane::Roster,
        selected,
        app.rows.roster.len(),
        inner.height.saturating_sub(1) as usize,
    );
    let fixed = table::fixed_width(&widths);
    let name_w = inner.width.saturating_sub(fixed) as usize;
    let skills_w = if full { 40 } else { 22 };
    let out: Vec<Row> = app
        .rows
        .roster
        .iter()
        .enumerate()
        .skip(win.offset)
        .take(win.height)
        .map(|(pos, &i)| {
            let o = &roster[i];
            let mut cells = base_cells(app, sym, o, pos == selected && focused, name_w);
            if show_ready {
                cells.push(Cell::from(format!("{:>3}h", o.readiness_hours)));
            }
            if show_skills {
                cells.push(Cell::from(fit(
                    &o.skills.join(","),
                    skills_w,
                    sym.ellipsis(),
                )));
            }
            if show_lang {
                cells.push(Cell::from(o.languages.join(",")));
            }
            Row::new(cells).style(if pos == selected && focused {
                app.theme.selected
            } else {
                Style::default()
            })
        })
        .collect();
    let header = Row::new(header.into_iter().map(Cell::from).collect::<Vec<_>>());
    table::draw(frame, area, block, header, out, &widths, app.theme.dim);
}

/// The status an officer shows: a tasking from this watch overrides the feed
/// until the feed reports them deployed there.
pub fn shown_status(app: &Screen<'_>, o: &Officer) -> (String, String) {
    if let Some(t) = app.model.journal.taskings.get(&o.id) {
        if o.deployed_to.as_deref() != Some(t.station.as_str()) {
            return ("tasked".into(), t.station.clone());
        }
    }
    (o.status.as_str().into(), o.location().to_string())
}

fn base_cells<'a>(
    app: &Screen<'_>,
    sym: &Symbols,
    o: &'a Officer,
    selected: bool,
    name_w: usize,
) -> Vec<Cell<'a>> {
    let t = &app.theme;
    let (status, at) = shown_status(app, o);
    let style = match o.status {
        OfficerStatus::Available => t.ok,
        OfficerStatus::Standby => t.accent,
        OfficerStatus::Deployed => t.warning,
        OfficerStatus::Leave | OfficerStatus::Unavailable => t.dim,
    };
    let style = if status == "tasked" { t.warning } else { style };
    vec![
        Cell::from(if selected { sym.selected() } else { " " }),
        Cell::from(fit(&o.callsign, 9, sym.ellipsis())),
        Cell::from(status).style(style),
        Cell::from(at),
        Cell::from(fit(&o.name, name_w, sym.ellipsis())),
    ]
}
