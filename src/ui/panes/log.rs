//! The journal, newest first: every action with officer, time and note.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::Pane;
use crate::app::scroll::Viewports;
use crate::domain::event::Event;
use crate::ui::Screen;
use crate::ui::symbols::{Symbols, fit};
use crate::ui::{format, pane_block, table, title_span};

/// The thing an event concerns: alert, station or officer.
pub fn subject(e: &Event) -> String {
    use crate::domain::event::EventKind as K;
    match &e.kind {
        K::Escalated {
            alert,
            step,
            target,
            manual,
        } => {
            format!(
                "{alert} → step {step} {target}{}",
                if *manual { "" } else { " (auto)" }
            )
        }
        K::Snoozed { alert, until } => {
            format!("{alert} until {}", crate::ui::format::until(e.at, *until))
        }
        K::Muted { station, until } => {
            format!("{station} until {}", crate::ui::format::until(e.at, *until))
        }
        K::SurgeTasked {
            officer_id,
            station,
        } => format!("{officer_id} → {station}"),
        K::SurgeStoodDown { officer_id } => officer_id.clone(),
        K::LevelChanged {
            station, from, to, ..
        } => format!("{station} {from} → {to}"),
        K::Handover { shift, day } => format!("{shift} {day}"),
        K::FeedFailed { feed, error } => format!("{feed}: {error}"),
        K::FeedRecovered { feed } => feed.clone(),
        K::DeliveryClaimed {
            alert,
            step,
            person,
            channel,
            attempt,
            ..
        } => format!("{alert} → {person} by {channel} (step {step}, attempt {attempt})"),
        K::Notified {
            alert,
            person,
            channel,
            attempt,
            outcome,
            ..
        } => format!("{alert} → {person} by {channel} (attempt {attempt}): {outcome}"),
        K::Raised {
            alert,
            severity,
            reraise,
        } => {
            format!(
                "{alert} ({severity}){}",
                if *reraise { " re-raised" } else { "" }
            )
        }
        K::AckExpired {
            alert,
            acknowledged_by,
            acknowledged_at,
        } => format!(
            "{alert} (acknowledged by {acknowledged_by} {})",
            format::when(e.at, *acknowledged_at)
        ),
        other => other.alert().or(other.station()).unwrap_or("").to_string(),
    }
}

/// " since <time>" when older events are not held (see `watchkeeper log`).
fn since(app: &Screen<'_>) -> String {
    app.model
        .journal
        .history_from
        .map(|t| format!(" since {}", crate::ui::format::full(t)))
        .unwrap_or_default()
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &Screen<'_>,
    seen: &mut Viewports,
    sym: &Symbols,
) {
    let events = &app.model.journal.events;
    let title = Line::from(vec![
        title_span(app, "Watch log and journal"),
        Span::styled(
            format!(
                "{} · {}{} ",
                format::count(events.len(), "event", "events"),
                format::count(
                    app.model.journal.watch_log.len(),
                    "log entry",
                    "log entries"
                ),
                since(app)
            ),
            app.theme.dim,
        ),
    ]);
    let block = pane_block(app, sym, title, true);
    let inner = block.inner(area);
    if events.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                match app.model.journal.history_from {
                    Some(_) => format!("no events{}", since(app)),
                    None => "the journal is empty".to_string(),
                },
                app.theme.dim,
            ))
            .block(block),
            area,
        );
        return;
    }
    let widths = [
        Constraint::Length(1),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Length(14),
        Constraint::Fill(3),
        Constraint::Fill(2),
    ];
    let selected = app.selection(Pane::Log);
    let win = table::window(
        app,
        seen,
        Pane::Log,
        selected,
        events.len(),
        inner.height.saturating_sub(1) as usize,
    );
    let flex = inner.width.saturating_sub(42) as usize;
    let (subject_w, note_w) = (flex * 3 / 5, flex * 2 / 5);
    let rows: Vec<Row> = events
        .iter()
        .rev()
        .enumerate()
        .skip(win.offset)
        .take(win.height)
        .map(|(pos, e)| {
            let sel = pos == selected;
            let kind_style = match e.kind {
                crate::domain::event::EventKind::WatchLog => app.theme.accent,
                crate::domain::event::EventKind::Escalated { .. } => app.theme.warning,
                _ => Style::default(),
            };
            Row::new(vec![
                Cell::from(if sel { sym.selected() } else { " " }),
                Cell::from(format::when(app.now, e.at)),
                Cell::from(fit(&e.officer, 10, sym.ellipsis())),
                Cell::from(e.kind.label()).style(kind_style),
                Cell::from(fit(&subject(e), subject_w, sym.ellipsis())),
                Cell::from(fit(e.note.as_deref().unwrap_or(""), note_w, sym.ellipsis())),
            ])
            .style(if sel {
                app.theme.selected
            } else {
                Style::default()
            })
        })
        .collect();
    let header = Row::new(["", "TIME", "OFFICER", "EVENT", "CONCERNS", "NOTE"].map(Cell::from));
    table::draw(frame, area, block, header, rows, &widths, app.theme.dim);
}
