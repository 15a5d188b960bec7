//! The "Related alerts" section of an alert's detail: the other alerts the
//! list shows as the same event, and why (the rule of `domain::related`).

use ratatui::text::{Line, Span};

use crate::ui::Screen;
use crate::ui::symbols::Symbols;

/// The section's lines (with its heading), or none if the alert is alone.
pub fn section(
    app: &Screen<'_>,
    sym: &Symbols,
    id: &str,
    heading: Line<'static>,
) -> Vec<Line<'static>> {
    let t = &app.theme;
    let Some(entry) = app.model.alerts.position(id) else {
        return Vec::new();
    };
    let Some((_, group)) = app.rows.related.group_of(entry) else {
        return Vec::new();
    };
    let mut lines = vec![Line::from(""), heading];
    lines.push(Line::from(Span::styled(
        format!(
            "  {} alerts shown as one row in the list, where a e r z o act on each of them; here keys act on this one",
            group.members.len()
        ),
        t.dim,
    )));
    for &m in &group.members {
        let e = &app.model.alerts.entries[m];
        let st = app.model.status(e, app.now);
        let this = if m == entry { "  (this one)" } else { "" };
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                sym.severity_label(e.alert.severity),
                t.severity(e.alert.severity),
            ),
            Span::raw(format!(
                " {:<12} {}  {}{this}",
                st.state.as_str(),
                e.alert.id,
                e.alert.title
            )),
        ]));
    }
    for (a, b, why) in &group.links {
        let id = |i: usize| app.model.alerts.entries[i].alert.id.clone();
        lines.push(Line::from(Span::styled(
            format!("  why: {} and {}: {}", id(*a), id(*b), why.describe()),
            t.dim,
        )));
    }
    lines
}
