//! The handover report's Markdown as the console shows it: headings in
//! the title style, `**bold**` as bold, escapes undone, and each table laid
//! out in aligned columns that fit the pane (the widest column is cut with
//! `…`), so a row never wraps into the next. The file on disk stays Markdown.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::theme::Theme;

/// Columns of a table are this far apart.
const GAP: usize = 2;

pub fn lines(markdown: &str, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    for l in markdown.lines() {
        if l.starts_with('|') {
            if !is_rule(l) {
                table.push(cells(l));
            }
            continue;
        }
        if !table.is_empty() {
            out.extend(layout(&std::mem::take(&mut table), width, theme));
        }
        out.push(prose(l, theme));
    }
    if !table.is_empty() {
        out.extend(layout(&table, width, theme));
    }
    out
}

/// `| --- | --- |`: the line under a table's header.
fn is_rule(l: &str) -> bool {
    l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The cells of `| a | b \| c |`, escapes undone.
fn cells(l: &str) -> Vec<String> {
    let inner = l.trim().trim_start_matches('|');
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => cell.extend(chars.next()),
            '|' => cells.push(std::mem::take(&mut cell).trim().to_string()),
            c => cell.push(c),
        }
    }
    // Text after the closing `|` (there should be none) is a last cell.
    if !cell.trim().is_empty() {
        cells.push(cell.trim().to_string());
    }
    cells
}

/// A line of text: heading, bullet or paragraph, with `**bold**` spans.
fn prose(l: &str, theme: &Theme) -> Line<'static> {
    let heading = theme.title.add_modifier(Modifier::BOLD);
    let trimmed = l.trim_start_matches('#');
    if trimmed.len() < l.len() && trimmed.starts_with(' ') {
        return Line::from(Span::styled(unescape(trimmed.trim_start()), heading));
    }
    let (prefix, body) = match l.strip_prefix("- ") {
        Some(rest) => ("  • ", rest),
        None => ("", l),
    };
    let mut spans = vec![Span::raw(prefix)];
    // `**` toggles bold; escaped stars were written as `\*`.
    let mut bold = false;
    let mut text = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => text.extend(chars.next()),
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                let style = if bold {
                    Style::default().add_modifier(Modifier::BOLD)
                } else {
                    Style::default()
                };
                spans.push(Span::styled(std::mem::take(&mut text), style));
                bold = !bold;
            }
            c => text.push(c),
        }
    }
    spans.push(Span::raw(text));
    Line::from(spans)
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// Columns of free text: cut first (down to `PROSE_MIN`), before any id.
const PROSE: &[&str] = &[
    "Title", "Note", "Notes", "Entry", "Error", "Stations", "State", "Reason", "Name",
];
const PROSE_MIN: usize = 12;
/// Columns of ids an officer types (`:ack ID`): cut last of all.
const IDS: &[&str] = &["Alert", "Subject", "Feed", "Station"];

/// Rows in aligned columns no wider than `width` in all: while too wide,
/// the widest column of free text gives up a column, then the widest of any.
fn layout(rows: &[Vec<String>], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; n];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let total = |w: &[usize]| w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1);
    let header = |list: &[&str]| -> Vec<bool> {
        (0..n)
            .map(|i| rows[0].get(i).is_some_and(|h| list.contains(&h.as_str())))
            .collect()
    };
    let (prose, ids) = (header(PROSE), header(IDS));
    while total(&widths) > width {
        let widest = |keep: &dyn Fn(usize, usize) -> bool| {
            widths
                .iter()
                .enumerate()
                .filter(|&(i, &w)| keep(i, w))
                .max_by_key(|&(_, w)| *w)
                .map(|(i, &w)| (i, w))
        };
        let Some((i, widest)) = widest(&|i, w| prose[i] && w > PROSE_MIN)
            .or_else(|| widest(&|i, w| !ids[i] && w > 4))
            .or_else(|| widest(&|_, _| true))
        else {
            break;
        };
        if widest <= 4 {
            break; // nothing sensible left to cut: let it wrap
        }
        widths[i] = widest - 1;
    }
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            let style = if r == 0 {
                theme.dim.add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            let text = row
                .iter()
                .zip(&widths)
                .map(|(cell, &w)| fit(cell, w))
                .collect::<Vec<_>>()
                .join(&" ".repeat(GAP));
            Line::from(Span::styled(text.trim_end().to_string(), style))
        })
        .collect()
}

/// `s` padded or cut (with `…`) to exactly `w` columns.
fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return format!("{s}{}", " ".repeat(w - s.width()));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    format!("{out}{}", " ".repeat(w.saturating_sub(used + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    fn theme() -> Theme {
        crate::theme::load("watch-dark", crate::theme::ColorDepth::TrueColor).expect("built in")
    }

    #[test]
    fn a_table_is_laid_out_in_columns_that_fit() {
        let md = "## Open\n\n| Alert | Title | Age |\n| --- | --- | --- |\n\
                  | a:1 | Staff member abducted in San Salvador \\| crisis cell | 5h06m |\n\
                  | a:22 | Fire | 3m |\n\nAfter.";
        let got = text(&lines(md, 30, &theme()));
        assert_eq!(got[0], "Open");
        assert_eq!(got[1], "");
        assert_eq!(got[2], "Alert  Title             Age");
        assert_eq!(got[3], "a:1    Staff member ab…  5h06m");
        assert_eq!(got[4], "a:22   Fire              3m");
        assert_eq!(got[5], "");
        assert_eq!(got[6], "After.");
        assert!(got[2..5].iter().all(|l| l.width() <= 30), "{got:?}");
    }

    #[test]
    fn free_text_is_cut_before_ids() {
        let md = "| Alert | Title |\n| --- | --- |\n\
                  | incidents:INC-29922985 | Staff member abducted in San Salvador |";
        let got = text(&lines(md, 40, &theme()));
        assert_eq!(got[1], "incidents:INC-29922985  Staff member ab…");
    }

    #[test]
    fn every_other_column_gives_way_before_an_alert_id() {
        let md = "| Alert | Title | Raised | Notes |\n| --- | --- | --- | --- |\n\
                  | incidents:INC-2026-0405 | Armed gang roadblock | 19:32Z (1h28m ago) | escalated, step 1: desk-officer |";
        let got = text(&lines(md, 60, &theme()));
        assert!(got[1].starts_with("incidents:INC-2026-0405  "), "{got:?}");
        assert!(got[1].width() <= 60, "{got:?}");
    }

    #[test]
    fn a_wide_pane_shows_the_whole_cell_and_the_escaped_pipe() {
        let md = "| A | B |\n| --- | --- |\n| x \\| y | z |";
        assert_eq!(text(&lines(md, 80, &theme()))[1], "x | y  z");
    }

    #[test]
    fn bullets_and_bold_keys_lose_their_markup() {
        let got = lines("- **Shift:** Charlie \\*night\\*", 80, &theme());
        assert_eq!(text(&got)[0], "  • Shift: Charlie *night*");
        let bold: Vec<&str> = got[0]
            .spans
            .iter()
            .filter(|s| s.style.add_modifier.contains(Modifier::BOLD))
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(bold, vec!["Shift:"]);
    }
}
