//! Glyphs that carry meaning without colour, in Unicode and in ASCII.

use crate::domain::Severity;
use crate::domain::station::Trend;

#[derive(Debug, Clone, Copy)]
pub struct Symbols {
    pub ascii: bool,
}

impl Symbols {
    pub fn severity(&self, s: Severity) -> &'static str {
        match (self.ascii, s) {
            (false, Severity::Critical) => "‼",
            (false, Severity::High) => "▲",
            (false, Severity::Medium) => "◆",
            (false, Severity::Low) => "▽",
            (false, Severity::Info) => "·",
            (true, Severity::Critical) => "!!",
            (true, Severity::High) => "!",
            (true, Severity::Medium) => "#",
            (true, Severity::Low) => "o",
            (true, Severity::Info) => ".",
        }
    }

    /// Severity glyph plus its four-letter name, fixed width.
    pub fn severity_label(&self, s: Severity) -> String {
        if self.ascii {
            format!("{:<2} {:<4}", self.severity(s), s.short())
        } else {
            format!("{} {:<4}", self.severity(s), s.short())
        }
    }

    pub fn trend(&self, t: Trend) -> &'static str {
        match (self.ascii, t) {
            (false, Trend::Raised) => "↑",
            (false, Trend::Lowered) => "↓",
            (true, Trend::Raised) => "^",
            (true, Trend::Lowered) => "v",
            (_, Trend::None) => " ",
        }
    }

    pub fn selected(&self) -> &'static str {
        if self.ascii { ">" } else { "▶" }
    }

    /// A marked alert (`Space`), which `a` `e` `r` `z` `o` act on.
    pub fn marked(&self) -> &'static str {
        if self.ascii { "@" } else { "■" }
    }

    /// Before the count of a folded group of related alerts: `≡3`.
    pub fn related(&self) -> &'static str {
        if self.ascii { "=" } else { "≡" }
    }

    /// Before the title of each alert of an opened related group.
    pub fn member(&self) -> &'static str {
        if self.ascii { "`- " } else { "└ " }
    }

    pub fn new_mark(&self) -> &'static str {
        if self.ascii { "*" } else { "●" }
    }

    pub fn ack_mark(&self) -> &'static str {
        if self.ascii { "+" } else { "✓" }
    }

    pub fn cleared_mark(&self) -> &'static str {
        if self.ascii { "-" } else { "○" }
    }

    /// Before an alert's escalation step: `⇧2`, `E2`.
    pub fn escalated(&self) -> &'static str {
        if self.ascii { "E" } else { "⇧" }
    }

    pub fn sep(&self) -> &'static str {
        if self.ascii { "|" } else { "│" }
    }

    /// Marks a refusal (an action that was not taken).
    pub fn refused(&self) -> &'static str {
        if self.ascii { "x" } else { "✗" }
    }

    pub fn ellipsis(&self) -> &'static str {
        if self.ascii { "~" } else { "…" }
    }

    pub fn border_set(&self) -> ratatui::symbols::border::Set<'static> {
        if self.ascii {
            ratatui::symbols::border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            ratatui::symbols::border::PLAIN
        }
    }
}

/// Cuts `s` to `width` display columns, ending with an ellipsis when cut.
pub fn fit(s: &str, width: usize, ellipsis: &str) -> String {
    use unicode_width::UnicodeWidthChar;
    let total: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return s.to_string();
    }
    let keep = width.saturating_sub(1);
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > keep {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push_str(ellipsis);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every mark that carries meaning, with what it means.
    fn marks(sym: Symbols) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = Severity::ALL_DESC
            .into_iter()
            .map(|s| (sym.severity(s), format!("severity {}", s.short())))
            .collect();
        out.push((sym.new_mark(), "state NEW".into()));
        out.push((sym.ack_mark(), "state ACK".into()));
        out.push((sym.cleared_mark(), "state CLR".into()));
        out.push((sym.trend(Trend::Raised), "level raised".into()));
        out.push((sym.trend(Trend::Lowered), "level lowered".into()));
        out.push((sym.escalated(), "escalation step".into()));
        out.push((sym.selected(), "selected row".into()));
        out.push((sym.refused(), "refused".into()));
        out.push((sym.marked(), "marked alert".into()));
        out.push((sym.related(), "related alerts".into()));
        out.push((sym.member(), "member of a group".into()));
        out
    }

    #[test]
    fn no_mark_means_two_things_in_unicode_or_ascii() {
        for ascii in [false, true] {
            let marks = marks(Symbols { ascii });
            for (i, (g, what)) in marks.iter().enumerate() {
                for (g2, what2) in &marks[i + 1..] {
                    assert_ne!(g, g2, "ascii={ascii}: {g:?} is both {what} and {what2}");
                }
                if ascii {
                    assert!(g.is_ascii(), "{g:?} ({what}) in --ascii");
                }
            }
        }
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_by_display_width() {
        assert_eq!(fit("Kabul", 10, "…"), "Kabul");
        assert_eq!(fit("Mogadishu", 5, "…"), "Moga…");
        assert_eq!(fit("東京都庁舎", 5, "~"), "東京~");
    }
}
