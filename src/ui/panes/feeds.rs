//! Feed health: status, last success, last error, latency, items, rejected;
//! hazards near no duty station are listed here, since they raise no alert.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::Pane;
use crate::app::scroll::Viewports;
use crate::state::FeedStatus;
use crate::ui::Screen;
use crate::ui::symbols::{Symbols, fit};
use crate::ui::{format, pane_block, table, title_span};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &Screen<'_>,
    seen: &mut Viewports,
    sym: &Symbols,
) {
    let unmatched: Vec<_> = app
        .model
        .feeds
        .iter()
        .flat_map(|f| f.unmatched.iter())
        .collect();
    let feeds_h = (app.model.feeds.len() as u16 + 3)
        .min(area.height.saturating_sub(4))
        .max(4);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(feeds_h), Constraint::Min(0)]).areas(area);
    let ok = app
        .model
        .feeds
        .iter()
        .filter(|f| f.status(app.now) == FeedStatus::Ok)
        .count();
    let title = Line::from(vec![
        title_span(app, "Feeds"),
        Span::styled(format!("{ok}/{} ok ", app.model.feeds.len()), app.theme.dim),
    ]);
    let block = pane_block(app, sym, title, true);
    let inner = block.inner(top);
    let widths = [
        Constraint::Length(1),
        Constraint::Length(14),
        Constraint::Length(9),
        Constraint::Length(16),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Fill(1),
    ];
    let selected = app.selection(Pane::Feeds);
    let win = table::window(
        app,
        seen,
        Pane::Feeds,
        selected,
        app.model.feeds.len(),
        inner.height.saturating_sub(1) as usize,
    );
    let err_w = inner.width.saturating_sub(84) as usize;
    let rows: Vec<Row> = app
        .model
        .feeds
        .iter()
        .enumerate()
        .skip(win.offset)
        .take(win.height)
        .map(|(pos, f)| {
            let status = f.status(app.now);
            let style = match status {
                FeedStatus::Ok => app.theme.feed_ok,
                FeedStatus::Stale | FeedStatus::Pending => app.theme.feed_stale,
                FeedStatus::Failing => app.theme.feed_failing,
            };
            // "stale" first, so a narrow column cuts "failing", never it.
            let status_text = if status == FeedStatus::Failing && f.stale(app.now) {
                "stale+failing"
            } else {
                status.as_str()
            };
            let error = f
                .problem(app.now)
                .or_else(|| {
                    f.last_error
                        .as_ref()
                        .map(|(t, e)| format!("(was {} at {})", e, format::when(app.now, *t)))
                })
                .or_else(|| f.rejected_summary.clone())
                .unwrap_or_default();
            let sel = pos == selected;
            Row::new(vec![
                Cell::from(if sel { sym.selected() } else { " " }),
                Cell::from(fit(&f.id, 14, sym.ellipsis())),
                Cell::from(format!("{:?}", f.kind).to_lowercase()),
                Cell::from(f.format.as_str()),
                Cell::from(status_text).style(style),
                Cell::from(
                    f.last_success
                        .map(|t| format!("{} ago", format::age(app.now, t)))
                        .unwrap_or_else(|| "never".into()),
                ),
                Cell::from(
                    f.latency
                        .map(|l| format!("{}ms", l.as_millis()))
                        .unwrap_or_default(),
                ),
                Cell::from(f.items.to_string()),
                Cell::from(f.rejected.to_string()).style(if f.rejected > 0 {
                    app.theme.warning
                } else {
                    Style::default()
                }),
                Cell::from(fit(&error, err_w.max(10), sym.ellipsis())),
            ])
            .style(if sel {
                app.theme.selected
            } else {
                Style::default()
            })
        })
        .collect();
    let header = Row::new(
        [
            "",
            "FEED",
            "KIND",
            "FORMAT",
            "STATUS",
            "LAST OK",
            "LATENCY",
            "ITEMS",
            "REJ",
            "ERROR / NOTE",
        ]
        .map(Cell::from),
    );
    table::draw(frame, top, block, header, rows, &widths, app.theme.dim);

    // Pages that keep failing: a box above the hazards while there are any.
    let failing = super::deliveries::failing(app);
    let bottom = if failing.is_empty() || bottom.height < 3 {
        bottom
    } else {
        let h = (failing.len() as u16 + 2).min(bottom.height / 2).max(3);
        let [pages, rest] =
            Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(bottom);
        let title = Line::from(vec![
            title_span(app, "Paging: failing deliveries"),
            Span::styled(format!("{} ", failing.len()), app.theme.error),
        ]);
        let block = pane_block(app, sym, title, false);
        frame.render_widget(Paragraph::new(failing).block(block), pages);
        rest
    };
    if bottom.height >= 3 {
        let title = Line::from(vec![
            title_span(app, "Hazards near no duty station"),
            Span::styled(format!("{} ", unmatched.len()), app.theme.dim),
        ]);
        let block = pane_block(app, sym, title, false);
        let lines: Vec<Line> = unmatched
            .iter()
            .take(bottom.height as usize)
            .map(|a| {
                // A CAP alert with only geocodes has no point to show.
                let place = match (a.lat, a.lon) {
                    (Some(lat), Some(lon)) => format!("{lat:.1},{lon:.1}"),
                    _ => "no area given".to_string(),
                };
                Line::from(vec![
                    Span::styled(
                        sym.severity_label(a.severity),
                        app.theme.severity(a.severity),
                    ),
                    Span::raw(format!(
                        " {} · {place} · {}",
                        fit(&a.title, 60, sym.ellipsis()),
                        a.source
                    )),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines).block(block), bottom);
    }
}
