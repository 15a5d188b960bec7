//! The status bar: shift and its hours, UTC clock, time to handover,
//! officer, feeds ok/total, unacknowledged alerts by severity, and who else
//! is on watch (a console heard from in the last 2.5 minutes).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::Severity;
use crate::domain::watch::hours_label;
use crate::state::FeedStatus;
use crate::ui::Screen;
use crate::ui::symbols::Symbols;

pub fn render(frame: &mut Frame, area: Rect, app: &Screen<'_>, sym: &Symbols) {
    let t = &app.theme;
    let bar = t.status_bar;
    let watch = &app.settings.watch;
    let shift = watch.current(app.now);
    let left = watch.until_handover(app.now);
    // Round up: "0h00m" would read as "handover now" with a minute to go.
    let mins = (left.num_seconds().max(0) + 59) / 60;
    let ok = app
        .model
        .feeds
        .iter()
        .filter(|f| f.status(app.now) == FeedStatus::Ok)
        .count();
    let total = app.model.feeds.len();
    let feeds_style = if ok == total {
        bar
    } else {
        bar.patch(t.warning).add_modifier(Modifier::BOLD)
    };
    let sep = Span::styled(format!(" {} ", sym.sep()), bar);

    // Segments in order of importance; less important ones drop first.
    let mut counts: Vec<Span> = Vec::new();
    for s in Severity::ALL_DESC {
        let n = app.rows.unacked.get(s);
        let style = if n > 0 { bar.patch(t.severity(s)) } else { bar };
        counts.push(Span::styled(format!("{}{n} ", sym.severity(s)), style));
    }
    let clock = Span::styled(
        app.now.format("%H:%M:%SZ").to_string(),
        bar.add_modifier(Modifier::BOLD),
    );
    let shift_span = Span::styled(
        format!("{} {}", shift.name, hours_label(&shift, watch.tz)),
        bar,
    );
    let handover = Span::styled(format!("handover {}h{:02}m", mins / 60, mins % 60), bar);
    let feeds = Span::styled(format!("feeds {ok}/{total}"), feeds_style);
    let officer = Span::styled(app.settings.officer.clone(), bar);
    let name = Span::styled(" WATCHKEEPER", bar.add_modifier(Modifier::BOLD));
    let new_label = Span::styled("new ", bar);

    let width = area.width as usize;
    let len = |spans: &[Span]| spans.iter().map(|s| s.width()).sum::<usize>();
    // A journal that cannot be reached is said before everything else.
    let journal = app.journal_down.as_ref().map(|_| {
        Span::styled(
            " journal reconnecting ",
            bar.patch(t.error)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    });
    let counts_w = len(&counts) + 4 + journal.as_ref().map_or(0, |j| j.width());
    let candidates: Vec<Vec<Span>> = vec![
        vec![
            name.clone(),
            sep.clone(),
            shift_span.clone(),
            sep.clone(),
            clock.clone(),
            sep.clone(),
            handover.clone(),
            sep.clone(),
            officer.clone(),
            sep.clone(),
            feeds.clone(),
            sep.clone(),
        ],
        vec![
            name.clone(),
            sep.clone(),
            shift_span.clone(),
            sep.clone(),
            clock.clone(),
            sep.clone(),
            handover.clone(),
            sep.clone(),
            feeds.clone(),
            sep.clone(),
        ],
        vec![
            Span::styled(" ", bar),
            shift_span.clone(),
            sep.clone(),
            clock.clone(),
            sep.clone(),
            handover.clone(),
            sep.clone(),
            feeds.clone(),
            sep.clone(),
        ],
        vec![
            Span::styled(" ", bar),
            clock.clone(),
            sep.clone(),
            Span::styled(
                format!("{} {}h{:02}m", shift.name, mins / 60, mins % 60),
                bar,
            ),
            sep.clone(),
            feeds.clone(),
            sep.clone(),
        ],
        vec![Span::styled(" ", bar), clock, sep.clone()],
    ];
    let mut spans = candidates
        .iter()
        .find(|c| len(c) + counts_w <= width)
        .or(candidates.last())
        .cloned()
        .unwrap_or_default();
    if let Some(j) = journal {
        spans.insert(0, j);
    }
    spans.push(new_label);
    spans.extend(counts);
    let used = len(&spans);
    if let Some(others) = on_watch(app, width.saturating_sub(used)) {
        spans.push(Span::styled(format!("{} ", sym.sep()), bar));
        spans.push(Span::styled(others, bar));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(Style::default().patch(bar)),
        area,
    );
}

/// "also on watch: asmith, jdoe (europe)", or "+2 on watch" when that does
/// not fit in `room` columns (with its separator); `None` when nobody else
/// is on watch or not even that fits.
fn on_watch(app: &Screen<'_>, room: usize) -> Option<String> {
    let others = app
        .model
        .journal
        .presence
        .others_on_watch(&app.settings.officer, app.now);
    if others.is_empty() {
        return None;
    }
    // Logins and desks come from the journal: no control character of
    // theirs reaches the terminal.
    let names: Vec<String> = others
        .iter()
        .map(|s| s.label().chars().filter(|c| !c.is_control()).collect())
        .collect();
    let full = format!("also on watch: {}", names.join(", "));
    let short = format!("+{} on watch", others.len());
    [full, short]
        .into_iter()
        .find(|t| unicode_width::UnicodeWidthStr::width(t.as_str()) + 3 <= room)
}
