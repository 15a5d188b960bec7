//! Duty stations: risk level (number, name and colour) with its trend,
//! open alerts by worst severity, personnel; more columns in the full view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::Pane;
use crate::app::scroll::Viewports;
use crate::domain::Station;
use crate::ui::Screen;
use crate::ui::symbols::{Symbols, fit};
use crate::ui::{format, pane_block, table, title_span};

/// "5 High": the level's number and short name.
pub fn level_label(app: &Screen<'_>, level: u8) -> String {
    let short = app
        .model
        .scale
        .levels
        .get(usize::from(level.saturating_sub(1)))
        .map_or("?", |l| l.short.as_str());
    format!("{level} {short}")
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &Screen<'_>,
    seen: &mut Viewports,
    sym: &Symbols,
    full: bool,
) {
    let focused = app.focus == Pane::Stations;
    let rows = &app.rows;
    let desk = app
        .filter
        .desk
        .as_deref()
        .map(|d| format!("· desk {d} "))
        .unwrap_or_default();
    let title = Line::from(vec![
        title_span(app, "Stations"),
        Span::styled(format!("{} {desk}", rows.stations.len()), app.theme.dim),
    ]);
    let block = pane_block(app, sym, title, focused);
    let inner = block.inner(area);
    if rows.stations.is_empty() {
        let msg = match &app.filter.desk {
            Some(d) if !app.model.stations.is_empty() => {
                let mut regions: Vec<&str> = app
                    .model
                    .stations
                    .iter()
                    .map(|s| s.region.as_str())
                    .collect();
                regions.sort_unstable();
                regions.dedup();
                format!("no station on desk {d:?} (desks: {})", regions.join(", "))
            }
            _ => "no stations yet (waiting for the stations feed)".to_string(),
        };
        frame.render_widget(
            Paragraph::new(Span::styled(msg, app.theme.warning))
                .block(block)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let w = inner.width as usize;
    let lvl_w = app
        .model
        .scale
        .levels
        .iter()
        .map(|l| l.short.chars().count())
        .max()
        .unwrap_or(4) as u16
        + 2;
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(lvl_w),
        Constraint::Length(1),
        Constraint::Length(4),
        Constraint::Fill(1),
        Constraint::Length(4),
    ];
    let mut header = vec!["", "LEVEL", "", "ID", "NAME", "ALR"];
    let show_pers = w >= 44;
    let show_more = (full && w >= 76) || w >= 72;
    let show_region = (full && w >= 100) || w >= 110;
    if show_pers {
        widths.push(Constraint::Length(5));
        header.push("PERS");
    }
    if show_more {
        widths.extend([
            Constraint::Length(3),
            Constraint::Length(6),
            Constraint::Length(5),
            Constraint::Length(8),
            Constraint::Length(7),
        ]);
        header.extend(["CC", "LOCAL", "MOSS", "DRILL", "REPORT"]);
    }
    if show_region {
        widths.push(Constraint::Length(13));
        header.push("REGION");
    }
    let selected = app.selection(Pane::Stations);
    let win = table::window(
        app,
        seen,
        Pane::Stations,
        selected,
        rows.stations.len(),
        inner.height.saturating_sub(1) as usize,
    );
    let fixed = table::fixed_width(&widths);
    let name_w = inner.width.saturating_sub(fixed) as usize;
    let out: Vec<Row> = rows
        .stations
        .iter()
        .enumerate()
        .skip(win.offset)
        .take(win.height)
        .map(|(pos, &i)| {
            row(
                app,
                sym,
                &app.model.stations[i],
                pos == selected && focused,
                name_w,
                (show_pers, show_more, show_region),
            )
        })
        .collect();
    let header = Row::new(header.into_iter().map(Cell::from).collect::<Vec<_>>());
    table::draw(frame, area, block, header, out, &widths, app.theme.dim);
}

fn row<'a>(
    app: &Screen<'_>,
    sym: &Symbols,
    s: &'a Station,
    selected: bool,
    name_w: usize,
    (show_pers, show_more, show_region): (bool, bool, bool),
) -> Row<'a> {
    let t = &app.theme;
    let trend = app.model.journal.trend(&s.id, s.security_level, app.now);
    let counts = app.rows.per_station.get(&s.id).copied().unwrap_or_default();
    let alerts = match counts.worst() {
        Some(worst) => Cell::from(format!("{}{}", sym.severity(worst), counts.total()))
            .style(t.severity(worst)),
        None => Cell::from(""),
    };
    let mut name = s.name.clone();
    if app.model.journal.active_mute(&s.id, app.now).is_some() {
        name.push_str(" [muted]");
    }
    let mut cells = vec![
        Cell::from(if selected { sym.selected() } else { " " }),
        Cell::from(level_label(app, s.security_level)).style(t.level(s.security_level)),
        Cell::from(sym.trend(trend)).style(t.warning),
        Cell::from(s.id.as_str()),
        Cell::from(fit(&name, name_w, sym.ellipsis())),
        alerts,
    ];
    if show_pers {
        cells.push(Cell::from(format!("{:>5}", s.personnel)));
    }
    if show_more {
        let local = s
            .local_time(app.now)
            .map(|l| l.format("%H:%M").to_string())
            .unwrap_or_else(|| "?".into());
        let drill = if s.drill_overdue(app.now) {
            Cell::from("OVERDUE").style(t.warning)
        } else {
            Cell::from("ok")
        };
        let report = Cell::from(format::age(app.now, s.updated_at));
        let report = if s.report_stale(app.now) {
            report.style(t.warning)
        } else {
            report
        };
        cells.extend([
            Cell::from(s.country.as_str()),
            Cell::from(local),
            Cell::from(format!("{:>3.0}%", s.moss_compliance * 100.0)),
            drill,
            report,
        ]);
    }
    if show_region {
        cells.push(Cell::from(fit(&s.region, 13, sym.ellipsis())));
    }
    Row::new(cells).style(if selected {
        t.selected
    } else {
        Style::default()
    })
}
