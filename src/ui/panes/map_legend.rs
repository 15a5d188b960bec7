//! The map view's legend: level colours with their names, the hazard
//! marker, and the selected station's details; at the side when the pane is
//! wide, else in lines at the bottom.

use ratatui::text::{Line, Span};

use super::map::{SIDE_LEGEND_WIDTH, hazard_glyph, hazard_style, level_digit, level_style};
use super::stations::level_label;
use crate::domain::{Severity, Station};
use crate::ui::Screen;
use crate::ui::symbols::{Symbols, fit};

/// "Kabul (KBL) · 5 High · AF · 412 pers · ‼3": the selected station.
pub(super) fn selected_spans(app: &Screen<'_>, sym: &Symbols, s: &Station) -> Vec<Span<'static>> {
    let t = &app.theme;
    let mut spans = vec![
        Span::styled(format!("{} ", sym.selected()), t.accent),
        Span::styled(format!("{} {}", s.id, s.name), t.title),
        Span::raw(format!(" {} ", sym.sep())),
        Span::styled(
            level_label(app, s.security_level),
            t.level(s.security_level),
        ),
    ];
    let counts = app.rows.per_station.get(&s.id).copied().unwrap_or_default();
    if let Some(worst) = counts.worst() {
        spans.push(Span::raw(format!(" {} ", sym.sep())));
        spans.push(Span::styled(
            format!(
                "{}{}",
                sym.severity(worst),
                crate::ui::format::count(counts.total() as usize, "alert", "alerts")
            ),
            t.severity(worst),
        ));
    }
    spans
}

pub(super) fn bottom_legend(
    app: &Screen<'_>,
    sym: &Symbols,
    selected: Option<&Station>,
    width: usize,
    height: u16,
) -> Vec<Line<'static>> {
    let t = &app.theme;
    let levels = app.model.scale.levels.len().min(9) as u8;
    // "1 Min 2 Low ..." when it fits, else the bare digits.
    let long: usize = (1..=levels)
        .map(|l| level_label(app, l).chars().count() + 1)
        .sum();
    let hazard = format!("{} hazard", hazard_glyph(sym.ascii, Severity::Medium));
    let mut key = vec![Span::styled("level ", t.dim)];
    for l in 1..=levels {
        let text = if long + 6 + hazard.len() <= width {
            level_label(app, l)
        } else {
            level_digit(l).to_string()
        };
        key.push(Span::styled(text, level_style(app, l)));
        key.push(Span::raw(" "));
    }
    key.push(Span::styled(format!("{} ", sym.sep()), t.dim));
    key.push(Span::styled(hazard, t.warning));
    let sel = match selected {
        Some(s) => Line::from(selected_spans(app, sym, s)),
        None => Line::from(Span::styled("no station selected", t.dim)),
    };
    if height >= 2 {
        vec![sel, Line::from(key)]
    } else {
        vec![sel]
    }
}

pub(super) fn side_legend(
    app: &Screen<'_>,
    sym: &Symbols,
    selected: Option<&Station>,
    hazard_count: usize,
) -> Vec<Line<'static>> {
    let t = &app.theme;
    let w = SIDE_LEGEND_WIDTH as usize;
    let mut out = vec![Line::from(Span::styled("Risk level", t.title))];
    let levels = app.model.scale.levels.len().min(9) as u8;
    for l in 1..=levels {
        let name = app
            .model
            .scale
            .levels
            .get(usize::from(l - 1))
            .map_or("?", |x| x.name.as_str());
        out.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(level_digit(l), level_style(app, l)),
            Span::raw(" "),
            Span::styled(fit(name, w - 3, sym.ellipsis()), t.level(l)),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled("Hazards", t.title)));
    let high = hazard_glyph(sym.ascii, Severity::High);
    let low = hazard_glyph(sym.ascii, Severity::Medium);
    out.push(Line::from(vec![
        Span::raw(" "),
        Span::styled(high, hazard_style(app, Severity::High)),
        Span::raw(" "),
        Span::styled(low, hazard_style(app, Severity::Medium)),
        Span::raw(" by severity colour"),
    ]));
    out.push(Line::from(Span::styled(
        format!(" {hazard_count} plotted"),
        t.dim,
    )));
    out.push(Line::default());
    out.push(Line::from(Span::styled("Selected station", t.title)));
    match selected {
        None => out.push(Line::from(Span::styled(" none", t.dim))),
        Some(s) => {
            out.push(Line::from(vec![
                Span::styled(format!("{} ", sym.selected()), t.accent),
                Span::styled(s.id.clone(), t.title),
            ]));
            out.push(Line::from(format!(
                "  {}",
                fit(&s.name, w - 2, sym.ellipsis())
            )));
            out.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(
                    level_label(app, s.security_level),
                    level_style(app, s.security_level),
                ),
            ]));
            out.push(Line::from(format!(
                "  {} {}",
                s.country,
                fit(&s.region, w - 6, sym.ellipsis())
            )));
            out.push(Line::from(format!("  {} personnel", s.personnel)));
            if let Some(local) = s.local_time(app.now) {
                out.push(Line::from(format!("  local {}", local.format("%H:%M"))));
            }
            let counts = app.rows.per_station.get(&s.id).copied().unwrap_or_default();
            match counts.worst() {
                Some(worst) => out.push(Line::from(Span::styled(
                    format!(
                        "  {} {}",
                        sym.severity(worst),
                        crate::ui::format::count(
                            counts.total() as usize,
                            "open alert",
                            "open alerts"
                        )
                    ),
                    t.severity(worst),
                ))),
                None => out.push(Line::from(Span::styled("  no open alerts", t.dim))),
            }
            if s.drill_overdue(app.now) {
                out.push(Line::from(Span::styled("  drill OVERDUE", t.warning)));
            }
        }
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        fit("j/k station, Enter detail", w, sym.ellipsis()),
        t.dim,
    )));
    out
}
