//! Feed health: status, last success, last error, latency, items, rejected;
//! hazards near no duty station are listed here, since they raise no alert.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::Pane;
use crate::app::scroll::Viewports;
use crate::domain::SourceAlert;
use crate::state::FeedStatus;
use crate::state::feeds::unmatched;
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
    let block = pane_block(app, sym, title, app.focus == Pane::Feeds);
    let inner = block.inner(top);
    // The id column as wide as the longest id (at most 14).
    let id_w = app
        .model
        .feeds
        .iter()
        .map(|f| f.id.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 14) as u16;
    let shown = columns(inner.width, id_w);
    let widths: Vec<Constraint> = COLUMNS
        .iter()
        .zip(shown)
        .filter(|(_, on)| *on)
        .map(|(c, _)| match c.1 {
            0 => Constraint::Fill(1),
            _ if c.0 == "FEED" => Constraint::Length(id_w),
            w => Constraint::Length(w),
        })
        .collect();
    let err_w = inner.width.saturating_sub(table::fixed_width(&widths)) as usize;
    let selected = app.selection(Pane::Feeds);
    let win = table::window(
        app,
        seen,
        Pane::Feeds,
        selected,
        app.model.feeds.len(),
        inner.height.saturating_sub(1) as usize,
    );
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
                .or_else(|| f.implausible_note())
                .unwrap_or_default();
            let sel = app.focus == Pane::Feeds && pos == selected;
            let cells = [
                Cell::from(if sel { sym.selected() } else { " " }),
                Cell::from(fit(&f.id, id_w.into(), sym.ellipsis())),
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
                Cell::from(fit_clauses(&error, err_w, sym.ellipsis())),
            ];
            Row::new(
                cells
                    .into_iter()
                    .zip(shown)
                    .filter(|(_, on)| *on)
                    .map(|(c, _)| c),
            )
            .style(if sel {
                app.theme.selected
            } else {
                Style::default()
            })
        })
        .collect();
    let header = Row::new(
        COLUMNS
            .iter()
            .zip(shown)
            .filter(|(_, on)| *on)
            .map(|(c, _)| Cell::from(c.0)),
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
        hazards(frame, bottom, app, seen, sym);
    }
}

/// The hazards near no duty station: a list of its own, reached with Tab,
/// its window following its cursor.
fn hazards(frame: &mut Frame, area: Rect, app: &Screen<'_>, seen: &mut Viewports, sym: &Symbols) {
    let unmatched: Vec<_> = unmatched(&app.model.feeds).collect();
    let focused = app.focus == Pane::Hazards;
    let selected = app.selection(Pane::Hazards);
    let position = if unmatched.is_empty() {
        "0 ".to_string()
    } else {
        format!("{}/{} ", selected + 1, unmatched.len())
    };
    let mut title = vec![
        title_span(app, "Hazards near no duty station"),
        Span::styled(position, app.theme.dim),
    ];
    if !focused && !unmatched.is_empty() {
        title.push(Span::styled("· Tab to select ", app.theme.dim));
    }
    let block = pane_block(app, sym, Line::from(title), focused);
    let inner = block.inner(area);
    let win = table::window(
        app,
        seen,
        Pane::Hazards,
        selected,
        unmatched.len(),
        inner.height as usize,
    );
    let lines: Vec<Line> = unmatched
        .iter()
        .enumerate()
        .skip(win.offset)
        .take(win.height)
        .map(|(pos, a)| {
            let sel = focused && pos == selected;
            let line = Line::from(vec![
                Span::raw(if sel { sym.selected() } else { " " }),
                Span::styled(
                    sym.severity_label(a.severity),
                    app.theme.severity(a.severity),
                ),
                Span::raw(format!(
                    " {} · {}",
                    fit(&a.title, 60, sym.ellipsis()),
                    place(a, 1, 40, sym),
                )),
                // Before the source, so a narrow row cuts the source first.
                Span::styled(
                    a.implausible
                        .map(|why| format!(" · {}", why.short()))
                        .unwrap_or_default(),
                    app.theme.warning,
                ),
                Span::raw(format!(" · {}", a.source)),
            ]);
            if sel {
                line.style(app.theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Where a hazard near no station is: its point (`decimals` places), else
/// the area as the source names it (a CAP alert with only geocodes), cut to
/// `width`.
pub(crate) fn place(a: &SourceAlert, decimals: usize, width: usize, sym: &Symbols) -> String {
    match (a.lat, a.lon, a.area_desc.as_deref()) {
        (Some(lat), Some(lon), _) => format!("{lat:.decimals$},{lon:.decimals$}"),
        (_, _, Some(desc)) => format!("area {}", fit(desc, width, sym.ellipsis())),
        _ => "no area given".to_string(),
    }
}

/// The table's columns: header and width (0: the error, which takes the
/// rest).
const COLUMNS: [(&str, u16); 10] = [
    ("", 1),
    ("FEED", 14),
    ("KIND", 9),
    ("FORMAT", 16),
    ("STATUS", 8),
    ("LAST OK", 8),
    ("LATENCY", 7),
    ("ITEMS", 6),
    ("REJ", 5),
    ("ERROR / NOTE", 0),
];

/// The columns a narrow screen drops, the last to go first: each is shown
/// only while the error column keeps [`ERROR_MIN`] columns, so the reason
/// a feed fails is never what is cut.
const OPTIONAL: [usize; 6] = [5, 8, 7, 6, 2, 3];

/// The error column's least width before optional columns are dropped.
const ERROR_MIN: u16 = 38;

/// `text` in `width` columns; when it is longer, cut after its last whole
/// clause (up to a ": ") that fits, so "cannot connect to 127.0.0.1:8787"
/// is kept whole rather than the port cut.
fn fit_clauses(text: &str, width: usize, ellipsis: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    let clause = text
        .match_indices(": ")
        .map(|(i, _)| &text[..i])
        .filter(|c| c.width() + ellipsis.width() <= width)
        .last();
    match clause {
        Some(c) => format!("{c}{ellipsis}"),
        None => fit(text, width, ellipsis),
    }
}

/// Which of [`COLUMNS`] fit in `width`, the ids taking `id_w`.
fn columns(width: u16, id_w: u16) -> [bool; 10] {
    let mut on = [
        true, true, false, false, true, false, false, false, false, true,
    ];
    // The selection mark, the id and the status, each with its spacing.
    let mut used = COLUMNS[0].1 + id_w + COLUMNS[4].1 + 3;
    for i in OPTIONAL {
        let w = COLUMNS[i].1 + 1;
        if used + w + ERROR_MIN <= width {
            on[i] = true;
            used += w;
        }
    }
    on
}

#[cfg(test)]
mod tests {
    #[test]
    fn narrow_screens_drop_the_least_wanted_columns_before_the_error() {
        // 78: inside an 80-column screen's borders.
        let at78 = super::columns(78, 14);
        assert!(at78[5], "last ok kept: {at78:?}");
        assert!(!at78[3], "the format goes first: {at78:?}");
        assert!(
            super::columns(118, 10).iter().all(|&c| c),
            "all shown at 120"
        );
        let at58 = super::columns(58, 14);
        assert_eq!(at58.iter().filter(|&&c| c).count(), 4, "{at58:?}");
    }

    #[test]
    fn a_long_error_is_cut_after_a_whole_clause() {
        let e = "cannot connect to 127.0.0.1:8787: tcp connect error: refused";
        assert_eq!(
            super::fit_clauses(e, 40, "…"),
            "cannot connect to 127.0.0.1:8787…"
        );
        assert_eq!(super::fit_clauses(e, 80, "…"), e);
        assert_eq!(super::fit_clauses(e, 10, "…"), "cannot co…");
    }
}
