//! The status bar: shift and its hours, UTC clock, time to handover,
//! officer, feeds ok/total (and why the first failing one fails),
//! unacknowledged alerts by severity, and who else is on watch (a console
//! heard from in the last 2.5 minutes). A narrow screen drops whole fields
//! by rank: at 80 columns the shift, handover and officer stay, and who else
//! is on watch as a count ("+2 on watch", before the clock); at 120 their
//! names.

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

    let mut counts: Vec<Span> = Vec::new();
    for s in Severity::ALL_DESC {
        let n = app.rows.unacked.get(s);
        let style = if n > 0 { bar.patch(t.severity(s)) } else { bar };
        counts.push(Span::styled(format!("{}{n} ", sym.severity(s)), style));
    }
    let clock = |format: &str| {
        Span::styled(
            app.now.format(format).to_string(),
            bar.add_modifier(Modifier::BOLD),
        )
    };
    let officer = crate::ui::symbols::fit(&app.settings.officer, 16, sym.ellipsis());
    // Fields in screen order. Each form of a field has a rank: while the
    // bar is too wide, the field whose form ranks lowest takes its next,
    // shorter form, or goes after its last; so a narrow screen loses whole
    // fields, least vital first, and never a field cut short. Ranks: the
    // name 1, the shift's hours 2, healthy feeds 3, a failing feed's
    // reason 3-4, who else is on watch 5 (names), the clock 6-7 (without
    // its seconds), who else is on watch 8 (a count), the officer 9,
    // handover 10, failing feeds 11, the shift 12; the counts stay. The
    // clock gives way to the count of others on watch (an 80-column bar in
    // a storm has no room for both), never to the vital fields.
    let mut fields: Vec<Field> = vec![
        Field::new(
            1,
            Span::styled("WATCHKEEPER", bar.add_modifier(Modifier::BOLD)),
        ),
        Field::new(12, Span::styled(shift.name.clone(), bar)),
        Field {
            joined: true,
            ..Field::new(2, Span::styled(hours_label(&shift, watch.tz), bar))
        },
        Field {
            forms: vec![(6, clock("%H:%M:%SZ")), (7, clock("%H:%MZ"))],
            joined: false,
            tail: false,
        },
        Field::new(
            10,
            Span::styled(format!("handover {}h{:02}m", mins / 60, mins % 60), bar),
        ),
        Field::new(9, Span::styled(officer, bar)),
    ];
    let count = Span::styled(format!("feeds {ok}/{total}"), feeds_style);
    let mut failing = app
        .model
        .feeds
        .iter()
        .filter(|f| f.status(app.now) == FeedStatus::Failing);
    match failing.next() {
        None => fields.push(Field::new(3, count)),
        Some(f) => {
            // The first failing feed's reason to its first clause:
            // "incidents: cannot connect to 127.0.0.1:8787".
            let problem = f.problem(app.now).unwrap_or_default();
            let why = problem.split(": ").next().unwrap_or_default();
            let more = failing.count();
            let more = if more > 0 {
                format!(" (+{more} failing)")
            } else {
                String::new()
            };
            let reason = format!("{}: {why}{more}", f.id);
            fields.push(Field {
                forms: vec![
                    (
                        3,
                        Span::styled(format!("{count} {} {reason}", sym.sep()), feeds_style),
                    ),
                    (4, Span::styled(reason, feeds_style)),
                    (11, count),
                ],
                joined: false,
                tail: false,
            });
        }
    }
    // Shown after the counts, but ranked with the fields.
    fields.extend(on_watch(app, bar));
    let width = area.width as usize;
    let counts_w = counts.iter().map(|s| s.width()).sum::<usize>()
        + "new ".len()
        + app.journal_down.as_ref().map_or(0, |_| JOURNAL.len());
    // Each field takes its width and a separator; the bar starts with a space.
    let line_w = |fields: &[Field]| {
        1 + fields
            .iter()
            .filter_map(|f| {
                let gap = match (f.joined, f.tail) {
                    (true, _) => 1,
                    // "│ " after the counts' trailing space.
                    (false, true) => sep.width() - 1,
                    (false, false) => sep.width(),
                };
                Some(f.form()?.width() + gap)
            })
            .sum::<usize>()
    };
    while line_w(&fields) + counts_w > width {
        let lowest = fields
            .iter_mut()
            .filter(|f| f.rank().is_some())
            .min_by_key(|f| f.rank());
        let Some(f) = lowest else {
            break;
        };
        f.forms.remove(0);
    }
    let mut spans = Vec::new();
    // A journal that cannot be reached is said before everything else.
    if app.journal_down.is_some() {
        spans.push(Span::styled(
            JOURNAL,
            bar.patch(t.error)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        ));
    }
    let (tail, fields): (Vec<Field>, Vec<Field>) = fields.into_iter().partition(|f| f.tail);
    let shown = fields.into_iter().filter_map(|f| {
        let joined = f.joined;
        Some((f.forms.into_iter().next()?.1, joined))
    });
    for (i, (span, joined)) in shown.enumerate() {
        spans.push(if i == 0 || joined {
            Span::styled(" ", bar)
        } else {
            sep.clone()
        });
        spans.push(span);
    }
    spans.push(sep.clone());
    spans.push(Span::styled("new ", bar));
    spans.extend(counts);
    for span in tail.into_iter().filter_map(|f| f.forms.into_iter().next()) {
        spans.push(Span::styled(format!("{} ", sym.sep()), bar));
        spans.push(span.1);
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(Style::default().patch(bar)),
        area,
    );
}

const JOURNAL: &str = " journal reconnecting ";

/// One field of the bar: its forms, longest first, each with its rank.
struct Field {
    forms: Vec<(u8, Span<'static>)>,
    /// Follows the field before after a space, not a separator (the
    /// shift's hours after its name).
    joined: bool,
    /// Shown after the counts (who else is on watch), not among the fields.
    tail: bool,
}

impl Field {
    fn new(rank: u8, span: Span<'static>) -> Field {
        Field {
            forms: vec![(rank, span)],
            joined: false,
            tail: false,
        }
    }

    /// The form shown now, if the field has not gone.
    fn form(&self) -> Option<&Span<'static>> {
        self.forms.first().map(|(_, s)| s)
    }

    fn rank(&self) -> Option<u8> {
        self.forms.first().map(|(r, _)| *r)
    }
}

/// Who else is on watch: "also on watch: asmith, jdoe (europe)" (rank 5),
/// or "+2 on watch" (rank 8) where the names do not fit; `None` when nobody
/// else is on watch.
fn on_watch(app: &Screen<'_>, bar: Style) -> Option<Field> {
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
    Some(Field {
        forms: vec![(5, Span::styled(full, bar)), (8, Span::styled(short, bar))],
        joined: false,
        tail: true,
    })
}
