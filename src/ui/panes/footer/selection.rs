//! The line above the hints when nothing else is shown there: what is
//! selected, or with marks, what the keys act on.

use ratatui::text::{Line, Span};

use crate::app::Pane;
use crate::keymap::Action;
use crate::ui::Screen;
use crate::ui::format;
use crate::ui::panes::roster::shown_status;
use crate::ui::panes::stations::level_label;
use crate::ui::symbols::{Symbols, fit};

pub(super) fn selection_line(app: &Screen<'_>, sym: &Symbols, width: usize) -> Line<'static> {
    let t = &app.theme;
    let text = match app.focus {
        // With marks, the keys act on them, not on the alert under the cursor.
        Pane::Alerts if app.marked_count() > 0 => Some(marks_line(app, sym, width)),
        Pane::Alerts => app.current_alert().map(|e| {
            let a = &e.alert;
            let st = app.model.status(e, app.now);
            let stations: Vec<String> = a.stations.iter().take(3).map(|s| s.id.clone()).collect();
            let state = if st.cleared {
                "cleared".to_string()
            } else {
                st.state.as_str().to_string()
            };
            let by = st
                .journal
                .and_then(|j| j.acked_by.clone())
                .map(|b| format!(" by {b}"))
                .unwrap_or_default();
            Line::from(vec![
                Span::styled(format!("{} ", sym.selected()), t.accent),
                Span::styled(sym.severity_label(a.severity), t.severity(a.severity)),
                Span::raw(fit(
                    &format!(
                        " {} · {state}{by} · {} · reported {} · {}",
                        a.id,
                        stations.join(","),
                        format::when(app.now, a.reported_at),
                        a.title
                    ),
                    width.saturating_sub(9),
                    sym.ellipsis(),
                )),
            ])
        }),
        Pane::Stations => app.current_station().map(|s| {
            let local = s
                .local_time(app.now)
                .map(|l| l.format("%H:%M").to_string())
                .unwrap_or_default();
            let drill = if s.drill_overdue(app.now) {
                " · drill OVERDUE"
            } else {
                ""
            };
            let head = Span::styled(format!("{} {} {} ", sym.selected(), s.id, s.name), t.accent);
            let level = Span::styled(
                level_label(app, s.security_level),
                t.level(s.security_level),
            );
            let used = head.width() + level.width();
            Line::from(vec![
                head,
                level,
                Span::raw(fit(
                    &format!(
                        " · {} · {} staff · local {local} · report {} ago{drill}",
                        s.country,
                        s.personnel,
                        format::age(app.now, s.updated_at)
                    ),
                    width.saturating_sub(used),
                    sym.ellipsis(),
                )),
            ])
        }),
        Pane::Roster => app.current_officer().map(|o| {
            let (status, at) = shown_status(app, o);
            Line::from(Span::raw(fit(
                &format!(
                    "{} {} {} · {status} at {at} · ready {}h · {}",
                    sym.selected(),
                    o.callsign,
                    o.name,
                    o.readiness_hours,
                    o.skills.join(", ")
                ),
                width,
                sym.ellipsis(),
            )))
        }),
        Pane::Feeds => app.model.feeds.get(app.selection(Pane::Feeds)).map(|f| {
            let status = f.status(app.now);
            let last = f
                .last_success
                .map(|t| format!("last good data {} ago", format::age(app.now, t)))
                .unwrap_or_else(|| "no data yet".into());
            let what: String = [
                f.error.clone().or_else(|| f.rejected_summary.clone()),
                f.implausible_summary(),
            ]
            .into_iter()
            .flatten()
            .map(|w| format!(" · {w}"))
            .collect();
            Line::from(Span::raw(fit(
                &format!(
                    "{} {} {} · {last}{what}",
                    sym.selected(),
                    f.id,
                    status.as_str()
                ),
                width,
                sym.ellipsis(),
            )))
        }),
        Pane::Hazards => app.current_hazard().map(|a| {
            Line::from(Span::raw(fit(
                &format!(
                    "{} {} · {}{} · {} {} · {} · reported {}",
                    sym.selected(),
                    a.title,
                    // Why its coordinates were not used, before the area.
                    a.implausible
                        .map(|why| format!("{why} · "))
                        .unwrap_or_default(),
                    crate::ui::panes::feeds::place(a, 3, 40, sym),
                    a.severity.as_str(),
                    a.category,
                    a.source,
                    format::when(app.now, a.reported_at)
                ),
                width,
                sym.ellipsis(),
            )))
        }),
        Pane::Log => app
            .model
            .journal
            .events
            .iter()
            .rev()
            .nth(app.selection(Pane::Log))
            .map(|e| {
                let note = e
                    .note
                    .as_deref()
                    .map(|n| format!(" · \"{n}\""))
                    .unwrap_or_default();
                Line::from(Span::raw(fit(
                    &format!(
                        "{} {} {} {} {}{note}",
                        sym.selected(),
                        format::full(e.at),
                        e.officer,
                        e.kind.label(),
                        crate::ui::panes::log::subject(e)
                    ),
                    width,
                    sym.ellipsis(),
                )))
            }),
    };
    text.unwrap_or_else(|| Line::from(Span::styled("nothing selected", t.dim)))
}

/// "12 marked (3 CRIT, 9 HIGH): a e r z o act on them; Esc clears".
fn marks_line(app: &Screen<'_>, sym: &Symbols, width: usize) -> Line<'static> {
    let key = |a: Action| {
        let k = app.settings.keymap.keys_for(a).first();
        k.map(|k| {
            if sym.ascii {
                k.label_ascii()
            } else {
                k.label()
            }
        })
        .unwrap_or_default()
    };
    let acting: Vec<String> = [
        Action::Acknowledge,
        Action::Escalate,
        Action::Resolve,
        Action::Snooze,
        Action::Own,
    ]
    .into_iter()
    .map(key)
    .filter(|k| !k.is_empty())
    .collect();
    let sevs = app.severities(app.marks.iter().map(String::as_str));
    let text = format!(
        "{} {} marked{}: {} act on them; {} clears",
        sym.selected(),
        app.marked_count(),
        if sevs.is_empty() {
            String::new()
        } else {
            format!(" ({sevs})")
        },
        acting.join(" "),
        key(Action::Back),
    );
    Line::from(Span::styled(
        fit(&text, width, sym.ellipsis()),
        app.theme.accent,
    ))
}
