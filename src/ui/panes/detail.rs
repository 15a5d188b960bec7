//! `Enter`: an alert's every field, affected stations and journal timeline;
//! a station's level history, alerts, surge officers and drill; an
//! officer's record.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::DetailTarget;
use crate::ui::Screen;
use crate::ui::panes::log::subject;
use crate::ui::panes::roster::shown_status;
use crate::ui::panes::stations::level_label;
use crate::ui::symbols::Symbols;
use crate::ui::{format, pane_block, title_span};

fn field(app: &Screen<'_>, name: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:>12}  "), app.theme.dim),
        Span::raw(value.into()),
    ])
}

fn heading(app: &Screen<'_>, text: &str) -> Line<'static> {
    Line::from(Span::styled(
        text.to_string(),
        app.theme.title.add_modifier(Modifier::BOLD),
    ))
}

pub fn render(frame: &mut Frame, area: Rect, app: &Screen<'_>, sym: &Symbols) {
    let (title, lines) = match &app.detail {
        Some(DetailTarget::Alert(id)) => (format!("Alert {id}"), alert(app, sym, id)),
        Some(DetailTarget::Station(id)) => (format!("Station {id}"), station(app, sym, id)),
        Some(DetailTarget::Officer(id)) => (format!("Surge officer {id}"), officer(app, id)),
        Some(DetailTarget::Handover) => (
            "Handover report, this shift (H)".to_string(),
            handover(app, usize::from(area.width.saturating_sub(2))),
        ),
        None => return,
    };
    let block = pane_block(
        app,
        sym,
        Line::from(vec![
            title_span(app, title),
            Span::styled("Esc back ", app.theme.dim),
        ]),
        true,
    );
    let scroll = app
        .detail_scroll()
        .min(lines.len().saturating_sub(1) as u16);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// The current shift's handover report: the Markdown the report file
/// holds, laid out for the pane (`report_view`).
fn handover(app: &Screen<'_>, width: usize) -> Vec<Line<'static>> {
    let watch = &app.settings.watch;
    let shift = watch.current(app.now);
    let markdown = crate::report::handover_markdown(&app.model, watch, &shift, app.now);
    super::report_view::lines(&markdown, width, app.theme)
}

fn alert(app: &Screen<'_>, sym: &Symbols, id: &str) -> Vec<Line<'static>> {
    let Some(e) = app.model.alerts.get(id) else {
        return vec![Line::from("this alert is no longer reported by any feed")];
    };
    let a = &e.alert;
    let st = app.model.status(e, app.now);
    let t = &app.theme;
    let mut state = st.state.as_str().to_string();
    if let Some(j) = st.journal {
        if let (Some(by), Some(at)) = (&j.acked_by, j.acked_at) {
            state.push_str(&format!(" by {by} at {}", format::full(at)));
        }
        if j.escalation_level > 0 {
            state.push_str(&format!(
                " · escalation step {} ({})",
                j.escalation_level,
                j.escalation_target.as_deref().unwrap_or("")
            ));
        }
        if let Some(u) = j.snoozed_until.filter(|u| *u > app.now) {
            state.push_str(&format!(" · snoozed until {}", format::full(u)));
        }
        if let Some(owner) = &j.owner {
            state.push_str(&format!(" · owner {owner}"));
        }
    }
    let source_state = match e.cleared_at {
        Some(t) => format!("cleared at {}", format::full(t)),
        None => "open".to_string(),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(sym.severity_label(a.severity), t.severity(a.severity)),
            Span::styled(
                format!("  {}", a.title),
                Style::default().add_modifier(Modifier::BOLD),
            ),
        ]),
        field(app, "state", state),
        field(app, "source", format!("{} ({source_state})", a.source)),
        field(app, "category", a.category.clone()),
        field(
            app,
            "reported",
            format!(
                "{} ({} ago)",
                format::full(a.reported_at),
                format::age(app.now, a.reported_at)
            ),
        ),
        field(app, "updated", format::full(a.updated_at)),
    ];
    if let (Some(lat), Some(lon)) = (a.lat, a.lon) {
        lines.push(field(app, "position", format!("{lat:.3}, {lon:.3}")));
    }
    if let Some(l) = &a.link {
        lines.push(field(app, "link", l.clone()));
    }
    lines.push(Line::from(""));
    lines.push(heading(app, "Affected duty stations"));
    for s in &a.stations {
        let name = app
            .model
            .station(&s.id)
            .map(|st| format!("{} — {}", st.name, level_label(app, st.security_level)))
            .unwrap_or_default();
        let dist = match s.distance_km {
            Some(d) if d <= 0.0 => "inside the area".to_string(),
            Some(d) => format!("{d:.1} km"),
            None => "named by the source".to_string(),
        };
        lines.push(Line::from(format!("  {:<5} {name}  ({dist})", s.id)));
    }
    lines.extend(super::related::section(
        app,
        sym,
        id,
        heading(app, "Related alerts (one event)"),
    ));
    if !a.detail.is_empty() {
        lines.push(Line::from(""));
        lines.push(heading(app, "Detail"));
        lines.extend(a.detail.lines().map(|l| Line::from(format!("  {l}"))));
    }
    lines.extend(super::deliveries::section(
        app,
        id,
        heading(app, "Deliveries"),
    ));
    lines.push(Line::from(""));
    lines.push(heading(app, "Timeline (journal)"));
    let older = app
        .older_timeline
        .as_ref()
        .filter(|(alert, _)| alert == id)
        .and_then(|(_, answer)| answer.as_ref());
    if let (Some(j), Some(from)) = (st.journal, app.model.journal.history_from) {
        let n = j.earlier();
        let note = match older {
            Some(Ok(events)) => {
                lines.extend(events.iter().map(|ev| timeline_line(ev, id)));
                None
            }
            Some(Err(e)) => Some(format!("cannot be read: {e}")),
            None => Some("reading the journal…".to_string()),
        };
        if let Some(note) = note.filter(|_| n > 0) {
            let s = if n == 1 { "" } else { "s" };
            lines.push(Line::from(Span::styled(
                format!("  {n} event{s} before {}: {note}", format::full(from)),
                t.dim,
            )));
        }
    }
    match st.journal {
        Some(j) if !j.timeline.is_empty() => {
            for &i in &j.timeline {
                lines.push(timeline_line(&app.model.journal.events[i], id));
            }
        }
        _ => lines.push(Line::from(Span::styled("  no action recorded yet", t.dim))),
    }
    lines
}

/// One journal event of an alert's timeline.
fn timeline_line(ev: &crate::domain::event::Event, id: &str) -> Line<'static> {
    let note = ev
        .note
        .as_deref()
        .map(|n| format!(" — \"{n}\""))
        .unwrap_or_default();
    // The alert's own id adds nothing here; keep what follows it.
    let subject = subject(ev);
    let extra = subject.strip_prefix(id).unwrap_or(&subject).trim_start();
    Line::from(format!(
        "  {}  {:<10} {:<14} {extra}{note}",
        format::full(ev.at),
        ev.officer,
        ev.kind.label(),
    ))
}

fn station(app: &Screen<'_>, sym: &Symbols, id: &str) -> Vec<Line<'static>> {
    let Some(s) = app.model.station(id) else {
        return vec![Line::from("this station is no longer reported")];
    };
    let t = &app.theme;
    let local = s
        .local_time(app.now)
        .map(|l| l.format("%Y-%m-%d %H:%M %Z").to_string())
        .unwrap_or_else(|| format!("unknown zone {}", s.timezone));
    let drill = match s.evacuation_drill {
        Some(d) if s.drill_overdue(app.now) => format!("{d} — OVERDUE (more than a year ago)"),
        Some(d) => d.to_string(),
        None => "never held — OVERDUE".to_string(),
    };
    let trend = app.model.journal.trend(&s.id, s.security_level, app.now);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} {} ", s.id, s.name),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                level_label(app, s.security_level),
                t.level(s.security_level),
            ),
            Span::raw(format!(" {}", sym.trend(trend))),
        ]),
        field(
            app,
            "country",
            format!("{} · region {}", s.country, s.region),
        ),
        field(app, "local time", local),
        field(app, "personnel", s.personnel.to_string()),
        field(
            app,
            "MOSS",
            format!("{:.0}% compliant", s.moss_compliance * 100.0),
        ),
        field(app, "drill", drill),
        field(
            app,
            "adviser",
            if s.security_adviser {
                "security adviser in post"
            } else {
                "no security adviser"
            },
        ),
        field(
            app,
            "last report",
            format!(
                "{} ({} ago)",
                format::full(s.updated_at),
                format::age(app.now, s.updated_at)
            ),
        ),
    ];
    if let Some(m) = app.model.journal.active_mute(&s.id, app.now) {
        lines.push(field(
            app,
            "muted",
            format!("until {} by {}: {}", format::full(m.until), m.by, m.reason),
        ));
    }
    lines.push(Line::from(""));
    lines.push(heading(app, "Level history (journal)"));
    match app.model.journal.levels.get(&s.id) {
        Some(h) if !h.is_empty() => {
            for c in h.iter().rev().take(10) {
                lines.push(Line::from(format!(
                    "  {}  {} → {}",
                    format::full(c.at),
                    level_label(app, c.from),
                    level_label(app, c.to)
                )));
            }
        }
        _ => lines.push(Line::from(Span::styled("  no change recorded", t.dim))),
    }
    lines.push(Line::from(""));
    lines.push(heading(app, "Open alerts"));
    let mut n = 0;
    // Each alert, those folded into a related group's row too.
    for i in app.rows.listed() {
        let e = &app.model.alerts.entries[i];
        if e.alert.stations.iter().any(|r| r.id == s.id) {
            n += 1;
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(
                    sym.severity_label(e.alert.severity),
                    t.severity(e.alert.severity),
                ),
                Span::raw(format!(
                    " {} {}",
                    format::age(app.now, e.alert.reported_at),
                    e.alert.title
                )),
            ]));
        }
    }
    if n == 0 {
        lines.push(Line::from(Span::styled("  none", t.dim)));
    }
    lines.push(Line::from(""));
    lines.push(heading(app, "Surge officers present"));
    let present: Vec<_> = app
        .model
        .roster
        .iter()
        .filter(|o| shown_status(app, o).1 == s.id)
        .collect();
    if present.is_empty() {
        lines.push(Line::from(Span::styled("  none", t.dim)));
    }
    for o in present {
        let (status, _) = shown_status(app, o);
        lines.push(Line::from(format!(
            "  {:<9} {} ({status})",
            o.callsign, o.name
        )));
    }
    lines
}

fn officer(app: &Screen<'_>, id: &str) -> Vec<Line<'static>> {
    let Some(o) = app.model.roster.iter().find(|o| o.id == id) else {
        return vec![Line::from("this officer is no longer on the roster")];
    };
    let (status, at) = shown_status(app, o);
    let opt = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(format::full).unwrap_or_else(|| "—".into())
    };
    let mut lines = vec![
        Line::from(Span::styled(
            format!("{} {} ({})", o.callsign, o.name, o.id),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        field(app, "status", format!("{status} at {at}")),
        field(app, "home", o.home.clone()),
        field(app, "readiness", format!("{} hours", o.readiness_hours)),
        field(
            app,
            "available",
            format!("{} to {}", opt(o.available_from), opt(o.available_until)),
        ),
        field(app, "skills", o.skills.join(", ")),
        field(app, "languages", o.languages.join(", ")),
        Line::from(""),
        heading(app, "Taskings (journal)"),
    ];
    let events: Vec<_> = app
        .model
        .journal
        .events
        .iter()
        .filter(|e| matches!(&e.kind, crate::domain::event::EventKind::SurgeTasked { officer_id, .. } | crate::domain::event::EventKind::SurgeStoodDown { officer_id } if officer_id == id))
        .collect();
    if events.is_empty() {
        lines.push(Line::from(Span::styled(
            "  none from this watch",
            app.theme.dim,
        )));
    }
    for e in events {
        lines.push(Line::from(format!(
            "  {}  {:<10} {} {}",
            format::full(e.at),
            e.officer,
            e.kind.label(),
            subject(e)
        )));
    }
    lines
}
