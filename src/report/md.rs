//! Markdown building blocks for the report: escaping of untrusted text,
//! tables, and the time formats the report uses.

use chrono::{DateTime, NaiveDate, Utc};

use crate::feeds::sanitize::inert_line_cow;

/// Makes text from a feed, an officer or the config inert inside a Markdown
/// table cell or list item: control characters and escape sequences are
/// removed and line breaks become spaces (so nothing can start a new block);
/// characters that could open emphasis, code, links, HTML or end a table
/// cell (`\` `` ` `` `*` `_` `|` `[` `]` `<` `~`) are backslash-escaped; and
/// a leading `#`, `>`, `-`, `+`, `=` or `1.`/`1)` cannot start a heading,
/// quote, list or rule.
pub fn esc(text: &str) -> String {
    let line = inert_line_cow(text);
    let mut out = String::with_capacity(line.len() + 8);
    let mut chars = line.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '|' | '[' | ']' | '<' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '>' | '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if at_start => {
                // "12. text" or "3) text" would start an ordered list.
                out.push(c);
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    out.push(d);
                    chars.next();
                }
                if let Some(&p) = chars.peek().filter(|p| matches!(p, '.' | ')')) {
                    out.push('\\');
                    out.push(p);
                    chars.next();
                }
            }
            _ => out.push(c),
        }
        at_start = false;
    }
    out
}

/// Titles in tables are cut to this many characters (with `…`), so a
/// row stays readable at 80 columns; the full title is in the console.
pub const TITLE_CHARS: usize = 44;

/// A title (of an alert or station) for a table cell: made inert, cut to
/// [`TITLE_CHARS`], escaped.
pub fn title_cell(text: &str) -> String {
    let line = inert_line_cow(text);
    if line.chars().count() <= TITLE_CHARS {
        return esc(&line);
    }
    let mut cut: String = line.chars().take(TITLE_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    esc(&cut)
}

/// A Markdown table; `rows` hold cells already escaped with [`esc`] (or
/// built from trusted text). An empty cell shows as `-`.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    out.push_str(&row_line(headers.iter().map(|h| h.to_string())));
    out.push_str(&row_line(headers.iter().map(|_| "---".to_string())));
    for r in rows {
        out.push_str(&row_line(r.iter().cloned()));
    }
    out
}

fn row_line(cells: impl Iterator<Item = String>) -> String {
    let mut line = String::from("|");
    for c in cells {
        line.push(' ');
        line.push_str(if c.is_empty() { "-" } else { &c });
        line.push_str(" |");
    }
    line.push('\n');
    line
}

/// A section: `## title`, a blank line, the body (or "None."), a blank line.
pub fn section(out: &mut String, title: &str, body: Option<String>) {
    out.push_str("## ");
    out.push_str(title);
    out.push_str("\n\n");
    match body {
        Some(b) => out.push_str(&b),
        None => out.push_str("None.\n"),
    }
    out.push('\n');
}

/// `HH:MMZ` on the report's base date (the shift's first UTC date),
/// `MM-DD HH:MMZ` on any other, so times after midnight are unambiguous.
pub fn hm(t: DateTime<Utc>, base: NaiveDate) -> String {
    if t.date_naive() == base {
        t.format("%H:%MZ").to_string()
    } else {
        t.format("%m-%d %H:%MZ").to_string()
    }
}

/// `2026-11-22 21:45Z`.
pub fn full(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%MZ").to_string()
}

/// `12m`, `3h05m`: the compact form the console uses.
pub fn span(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let secs = u64::try_from((to - from).num_seconds()).unwrap_or(0);
    crate::domain::duration::format_compact(std::time::Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_break_the_structure() {
        assert_eq!(esc("a | b"), "a \\| b");
        assert_eq!(esc("# Fake heading"), "\\# Fake heading");
        assert_eq!(esc("C# and F#"), "C# and F#");
        assert_eq!(
            esc("**bold** _it_ `code`"),
            "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"
        );
        assert_eq!(esc("[x](http://e)"), "\\[x\\](http://e)");
        assert_eq!(esc("<script>"), "\\<script>");
        assert_eq!(esc("- item"), "\\- item");
        assert_eq!(esc("12. list"), "12\\. list");
        assert_eq!(esc("4 km away"), "4 km away");
        assert_eq!(esc("line\n# two"), "line # two");
        assert_eq!(esc("bell\u{7}\u{1b}[31mred"), "bellred");
    }

    #[test]
    fn long_titles_are_cut_with_an_ellipsis_and_still_escaped() {
        let long = "Armed clash reported 4 km from the UN compound in Kabul, staff indoors";
        let cell = title_cell(long);
        assert_eq!(cell, "Armed clash reported 4 km from the UN compo…");
        assert_eq!(cell.chars().count(), 44);
        assert_eq!(title_cell("short | title"), "short \\| title");
    }

    #[test]
    fn tables_fill_empty_cells() {
        let t = table(&["A", "B"], &[vec!["x".into(), String::new()]]);
        assert_eq!(t, "| A | B |\n| --- | --- |\n| x | - |\n");
    }
}
