//! Makes feed text inert before it reaches the terminal (SPEC §3, "made inert").
//!
//! No feed may move the cursor, set the window title, write to the clipboard
//! or reorder what an officer reads. Every string from a feed goes through
//! [`inert_line`] (titles, names, ids, every one-line field) or
//! [`inert_text`] (`detail`, where line breaks and tabs are kept).
//!
//! What is removed, whole:
//! - escape sequences: CSI (`ESC [` … final byte), OSC (`ESC ]` … BEL or ST),
//!   DCS/SOS/PM/APC (`ESC P`/`X`/`^`/`_` … ST), `ESC` + intermediates + final
//!   (e.g. `ESC ( B`, `ESC # 8`) and two-byte `ESC x` (e.g. `ESC c`, a full reset);
//! - their 8-bit forms (U+009B CSI, U+009D OSC, U+0090 DCS, U+0098 SOS,
//!   U+009E PM, U+009F APC) with their payloads;
//! - every other C0 control, DEL and C1 control;
//! - bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
//!   U+061C) and invisible format characters that can spoof (zero-width
//!   space/joiners U+200B–U+200D, word joiner and invisible operators
//!   U+2060–U+206F, BOM U+FEFF, soft hyphen U+00AD, U+180E, interlinear
//!   annotation U+FFF9–U+FFFB, tag characters U+E0000–U+E007F).
//!
//! An unterminated sequence swallows the rest of the input: the payload of a
//! half-written OSC 52 is never shown, and no `ESC` is ever emitted. As in a
//! terminal's own parser, CAN (U+0018) and SUB (U+001A) abort a sequence, and
//! an `ESC` inside one ends it and starts another (which is how `ESC \`, the
//! string terminator, is consumed).
//!
//! Printable Unicode (accents, Arabic, CJK, emoji, combining marks,
//! variation selectors) is kept as it is.

use std::borrow::Cow;

const ESC: char = '\u{1B}';
const BEL: char = '\u{07}';
const CAN: char = '\u{18}';
const SUB: char = '\u{1A}';
/// 8-bit string terminator.
const ST8: char = '\u{9C}';

/// Makes a one-line field inert: controls, escape sequences, bidi and
/// invisible format characters are removed; every line break, tab and other
/// whitespace becomes a space, runs of whitespace collapse to one, and the
/// result is trimmed.
pub fn inert_line(s: &str) -> String {
    inert_line_cow(s).into_owned()
}

/// Like [`inert_line`], borrowing when `s` is already inert (the common case
/// for plain ASCII feed text: no allocation).
pub fn inert_line_cow(s: &str) -> Cow<'_, str> {
    if is_inert_line(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(clean_line(s))
    }
}

/// The slow path of [`inert_line`]: one pass of the scanner.
fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut scanner = Scanner::default();
    let mut pending_space = false;
    for c in s.chars() {
        match scanner.step(c) {
            Tok::Drop => {}
            Tok::Break | Tok::Cr | Tok::Tab | Tok::Space | Tok::OtherSpace(_) => {
                pending_space = !out.is_empty();
            }
            Tok::Char(c) => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
    }
    out
}

/// True if `s` is already inert as a line, i.e. `inert_line(s) == s`.
/// Allocation-free; plain ASCII is checked byte by byte.
pub fn is_inert_line(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    if s.is_ascii() {
        let mut prev_space = false;
        for &b in bytes {
            if b < 0x20 || b == 0x7F {
                return false;
            }
            let space = b == b' ';
            if space && prev_space {
                return false;
            }
            prev_space = space;
        }
        return true;
    }
    let mut prev_space = false;
    for c in s.chars() {
        let space = c == ' ';
        if space {
            if prev_space {
                return false;
            }
        } else if !is_plain(c) || c.is_whitespace() {
            return false;
        }
        prev_space = space;
    }
    true
}

/// Makes a multi-line field (`detail`) inert: as [`inert_line`], but line
/// breaks are kept as LF (CRLF, CR, VT, FF, NEL, U+2028 and U+2029 become LF),
/// tabs are kept, trailing spaces and tabs on each line are removed, blank
/// lines at the start and end are removed and at most 2 consecutive blank
/// lines are kept. Other spacing inside a line is left as it was.
pub fn inert_text(s: &str) -> String {
    inert_text_cow(s).into_owned()
}

/// Like [`inert_text`], borrowing when `s` is already inert.
pub fn inert_text_cow(s: &str) -> Cow<'_, str> {
    if is_inert_text(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(clean_text(s))
    }
}

/// The slow path of [`inert_text`]: one pass of the scanner.
fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut scanner = Scanner::default();
    // Spaces and tabs seen since the last visible char, flushed only when
    // another visible char follows on the same line (trailing trim).
    let mut pending_ws = String::new();
    // Line breaks seen since the last visible char.
    let mut pending_breaks: usize = 0;
    let mut after_cr = false;
    for c in s.chars() {
        let tok = scanner.step(c);
        let was_cr = std::mem::replace(&mut after_cr, false);
        match tok {
            Tok::Drop => {
                // A sequence between CR and LF does not separate them.
                after_cr = was_cr;
            }
            Tok::Cr => {
                after_cr = true;
                pending_ws.clear();
                pending_breaks += 1;
            }
            Tok::Break => {
                pending_ws.clear();
                if !(was_cr && c == '\n') {
                    pending_breaks += 1;
                }
            }
            Tok::Tab => pending_ws.push('\t'),
            Tok::Space => pending_ws.push(' '),
            Tok::OtherSpace(c) | Tok::Char(c) => {
                if !out.is_empty() {
                    // Two blank lines at most: three line breaks.
                    for _ in 0..pending_breaks.min(3) {
                        out.push('\n');
                    }
                }
                pending_breaks = 0;
                out.push_str(&pending_ws);
                pending_ws.clear();
                out.push(c);
            }
        }
    }
    out
}

/// True if `s` is already inert as text, i.e. `inert_text(s) == s`.
pub fn is_inert_text(s: &str) -> bool {
    if s.starts_with(['\n', ' ', '\t']) && s.trim_start_matches([' ', '\t']).starts_with('\n') {
        return false; // a leading blank line
    }
    if s.ends_with(['\n', ' ', '\t']) {
        return false;
    }
    let mut prev = '\0';
    let mut breaks = 0usize;
    for c in s.chars() {
        match c {
            '\n' => {
                if prev == ' ' || prev == '\t' {
                    return false; // trailing whitespace on a line
                }
                breaks += 1;
                if breaks > 3 {
                    return false;
                }
            }
            ' ' | '\t' => {}
            _ => {
                if !is_plain(c) || is_line_break(c) {
                    return false;
                }
                breaks = 0;
            }
        }
        prev = c;
    }
    true
}

/// What the scanner makes of one input char.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// Removed: a control, a format char, or part of an escape sequence.
    Drop,
    /// LF, VT, FF, NEL, U+2028, U+2029.
    Break,
    /// CR (a following LF is part of the same break).
    Cr,
    Tab,
    Space,
    /// Printable whitespace other than U+0020 (NBSP, U+3000, …).
    OtherSpace(char),
    /// A printable char, kept.
    Char(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    #[default]
    Ground,
    /// After ESC.
    Esc,
    /// After ESC and one or more intermediates (0x20–0x2F).
    EscInter,
    /// Control sequence: parameters and intermediates until a final byte.
    Csi,
    /// Operating system command: until BEL or ST.
    Osc,
    /// DCS, SOS, PM, APC: until ST.
    Str,
}

#[derive(Debug, Default)]
struct Scanner {
    state: State,
}

impl Scanner {
    fn step(&mut self, c: char) -> Tok {
        match self.state {
            State::Ground => self.ground(c),
            State::Esc => match c {
                '[' => self.enter(State::Csi),
                ']' => self.enter(State::Osc),
                'P' | 'X' | '^' | '_' => self.enter(State::Str),
                '\u{20}'..='\u{2F}' => self.enter(State::EscInter),
                '\u{30}'..='\u{7E}' => self.enter(State::Ground),
                CAN | SUB => self.enter(State::Ground),
                // Not a sequence after all: drop the ESC, read `c` afresh.
                _ => self.ground(c),
            },
            State::EscInter => match c {
                '\u{20}'..='\u{2F}' => Tok::Drop,
                '\u{30}'..='\u{7E}' | CAN | SUB => self.enter(State::Ground),
                _ => self.ground(c),
            },
            State::Csi => match c {
                '\u{20}'..='\u{3F}' => Tok::Drop,
                '\u{40}'..='\u{7E}' | CAN | SUB => self.enter(State::Ground),
                ESC => self.enter(State::Esc),
                // Other C0 controls and DEL inside a CSI are ignored.
                '\u{00}'..='\u{1F}' | '\u{7F}' => Tok::Drop,
                // Anything else breaks the sequence; C1 may start another.
                _ => self.ground(c),
            },
            State::Osc => match c {
                BEL | ST8 | CAN | SUB => self.enter(State::Ground),
                ESC => self.enter(State::Esc),
                _ => Tok::Drop,
            },
            State::Str => match c {
                ST8 | CAN | SUB => self.enter(State::Ground),
                ESC => self.enter(State::Esc),
                _ => Tok::Drop,
            },
        }
    }

    fn enter(&mut self, state: State) -> Tok {
        self.state = state;
        Tok::Drop
    }

    fn ground(&mut self, c: char) -> Tok {
        self.state = State::Ground;
        if c.is_ascii() {
            return match c {
                ' ' => Tok::Space,
                '\t' => Tok::Tab,
                '\n' | '\u{0B}' | '\u{0C}' => Tok::Break,
                '\r' => Tok::Cr,
                ESC => self.enter(State::Esc),
                '\u{00}'..='\u{1F}' | '\u{7F}' => Tok::Drop,
                _ => Tok::Char(c),
            };
        }
        match c {
            '\u{9B}' => self.enter(State::Csi),
            '\u{9D}' => self.enter(State::Osc),
            '\u{90}' | '\u{98}' | '\u{9E}' | '\u{9F}' => self.enter(State::Str),
            '\u{85}' | '\u{2028}' | '\u{2029}' => Tok::Break,
            _ if !is_plain(c) => Tok::Drop,
            _ if c.is_whitespace() => Tok::OtherSpace(c),
            _ => Tok::Char(c),
        }
    }
}

/// Line breaks other than LF that [`inert_text`] turns into LF.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// False for controls (all of C0, DEL, C1), bidi controls and invisible
/// format characters; true for everything that may be shown as it is
/// (including printable whitespace, which the callers treat separately).
fn is_plain(c: char) -> bool {
    !matches!(
        c,
        '\u{00}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn is_bidi(c: char) -> bool {
        matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
    }

    fn is_forbidden_in_line(c: char) -> bool {
        c.is_control() || is_bidi(c) || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}')
    }

    #[test]
    fn plain_text_is_untouched_and_borrowed() {
        let s = "Armed clashes reported near Kandahar airport";
        assert_eq!(inert_line(s), s);
        assert!(is_inert_line(s));
        assert!(matches!(inert_line_cow(s), Cow::Borrowed(_)));
        assert!(matches!(inert_text_cow(s), Cow::Borrowed(_)));
        assert_eq!(inert_line(""), "");
        assert!(is_inert_line(""));
        assert!(is_inert_text(""));
    }

    #[test]
    fn csi_cursor_moves_and_sgr_are_removed() {
        assert_eq!(inert_line("a\x1b[2J\x1b[Hb"), "ab");
        assert_eq!(inert_line("\x1b[10;20Hmoved"), "moved");
        assert_eq!(inert_line("\x1b[1A\x1b[2Kup"), "up");
        assert_eq!(inert_line("\x1b[31;1mRED\x1b[0m alert"), "RED alert");
        assert_eq!(inert_line("\x1b[38;2;255;0;0mtrue\x1b[m"), "true");
        assert_eq!(inert_line("\x1b[?1049hx\x1b[?25l"), "x");
        // Private marker and intermediates.
        assert_eq!(inert_line("\x1b[>0;1c\x1b[2 qy"), "y");
        assert!(matches!(inert_line_cow("\x1b[31mx"), Cow::Owned(_)));
    }

    #[test]
    fn osc_52_clipboard_write_is_removed() {
        let bel = "copy \x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07me";
        assert_eq!(inert_line(bel), "copy me");
        let st = "copy \x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x1b\\me";
        assert_eq!(inert_line(st), "copy me");
        let st8 = "copy \u{9D}52;c;Y3VybA==\u{9C}me";
        assert_eq!(inert_line(st8), "copy me");
    }

    #[test]
    fn osc_title_and_hyperlinks_are_removed() {
        assert_eq!(inert_line("\x1b]0;pwned\x07Flood warning"), "Flood warning");
        assert_eq!(inert_line("\x1b]2;title\x1b\\x"), "x");
        assert_eq!(
            inert_line("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"),
            "click"
        );
        // Notifications from a feed would impersonate the console's own.
        assert_eq!(inert_line("\x1b]777;notify;x;y\x07ok"), "ok");
    }

    #[test]
    fn dcs_sos_pm_apc_are_removed() {
        assert_eq!(inert_line("a\x1bP1$r0m\x1b\\b"), "ab");
        assert_eq!(inert_line("a\x1bPq#0;2;0;0;0#0~~@@\x1b\\b"), "ab"); // sixel
        assert_eq!(inert_line("a\x1bXsos\x1b\\b"), "ab");
        assert_eq!(inert_line("a\x1b^pm\x1b\\b"), "ab");
        assert_eq!(inert_line("a\x1b_Gf=100;AAAA\x1b\\b"), "ab"); // kitty graphics
        assert_eq!(inert_line("a\u{90}payload\u{9C}b"), "ab");
        // BEL does not end a DCS: the payload keeps being swallowed.
        assert_eq!(inert_line("a\x1bPx\x07y\x1b\\b"), "ab");
    }

    #[test]
    fn eight_bit_csi_is_removed() {
        assert_eq!(inert_line("a\u{9B}2Jb"), "ab");
        assert_eq!(inert_line("\u{9B}31mred\u{9B}0m"), "red");
    }

    #[test]
    fn short_escapes_are_removed() {
        assert_eq!(inert_line("a\x1bcb"), "ab"); // RIS, full reset
        assert_eq!(inert_line("a\x1b7\x1b8b"), "ab"); // save/restore cursor
        assert_eq!(inert_line("a\x1b(0b"), "ab"); // line-drawing charset
        assert_eq!(inert_line("a\x1b#8b"), "ab"); // DECALN screen fill
        assert_eq!(inert_line("a\x1b\x1b[31mb"), "ab");
        // ESC before something that cannot follow it: only ESC goes.
        assert_eq!(inert_line("a\x1b\u{e9}b"), "a\u{e9}b");
    }

    #[test]
    fn unterminated_sequences_swallow_the_rest() {
        assert_eq!(inert_line("safe\x1b]52;c;ZXZpbA=="), "safe");
        assert_eq!(inert_line("safe\x1bPpayload"), "safe");
        assert_eq!(inert_line("safe\x1b[12;"), "safe");
        assert_eq!(inert_line("safe\x1b"), "safe");
        assert_eq!(inert_line("safe\u{9D}0;title"), "safe");
        assert_eq!(inert_text("safe\n\x1b]0;title\nmore"), "safe");
    }

    #[test]
    fn can_and_sub_abort_a_sequence() {
        assert_eq!(inert_line("a\x1b]0;t\x18b"), "ab");
        assert_eq!(inert_line("a\x1b[3\x1ab"), "ab");
    }

    #[test]
    fn broken_csi_keeps_following_text() {
        // A non-ASCII char ends a malformed CSI; it and the rest are shown.
        assert_eq!(inert_line("a\x1b[3\u{e9}t\u{e9}"), "a\u{e9}t\u{e9}");
        // C0 controls inside a CSI are ignored, as a terminal would.
        assert_eq!(inert_line("a\x1b[3\n1mb"), "ab");
    }

    #[test]
    fn trojan_source_bidi_controls_are_removed() {
        // The classic "Trojan Source" early-return and comment-out attacks.
        let s = "access_level != \"user\u{202E} \u{2066}// Check if admin\u{2069} \u{2066}\"";
        let out = inert_line(s);
        assert!(!out.chars().any(is_bidi), "{out:?}");
        assert_eq!(out, "access_level != \"user // Check if admin \"");
        assert_eq!(inert_line("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(
            inert_line("\u{200E}\u{200F}\u{061C}\u{202A}\u{202B}\u{202C}\u{202D}\u{2067}\u{2068}x"),
            "x"
        );
    }

    #[test]
    fn invisible_format_chars_are_removed() {
        assert_eq!(inert_line("K\u{200B}BL"), "KBL");
        assert_eq!(inert_line("\u{FEFF}KBL"), "KBL");
        assert_eq!(inert_line("K\u{200C}B\u{200D}L\u{2060}"), "KBL");
        assert_eq!(inert_line("co\u{AD}operation"), "cooperation");
        assert_eq!(inert_line("tag\u{E0041}\u{E0042}"), "tag");
        assert!(!is_inert_line("K\u{200B}BL"));
    }

    #[test]
    fn nul_del_and_c1_are_removed() {
        assert_eq!(inert_line("a\0b\x7fc\u{80}d\u{9A}e\x08f"), "abcdef");
        assert_eq!(inert_line("bell\x07"), "bell");
    }

    #[test]
    fn whitespace_collapses_in_lines() {
        assert_eq!(
            inert_line("  Heavy\train\r\n\r\nexpected  "),
            "Heavy rain expected"
        );
        assert_eq!(inert_line("a\u{2028}b\u{2029}c\u{85}d"), "a b c d");
        assert_eq!(inert_line("a\u{A0}\u{3000} b"), "a b");
        assert_eq!(inert_line("a \x1b[31m b"), "a b");
        assert_eq!(inert_line("\n\t \n"), "");
        assert!(!is_inert_line(" a"));
        assert!(!is_inert_line("a "));
        assert!(!is_inert_line("a  b"));
        assert!(!is_inert_line("a\u{A0}b"));
        assert!(is_inert_line("a b"));
    }

    #[test]
    fn printable_unicode_is_kept() {
        for s in [
            "\u{0643}\u{0627}\u{0628}\u{0644}",          // Kabul, Arabic
            "\u{5317}\u{4EAC}\u{5E02} \u{53F0}\u{98CE}", // CJK
            "S\u{E3}o Paulo, Bogot\u{E1}, Z\u{FC}rich",  // accents
            "Ha\u{300}\u{301} No\u{302}i",               // combining marks
            "\u{26A0}\u{FE0F} \u{1F30A} \u{05E9}\u{05DC}\u{05D5}\u{05DD}", // emoji, Hebrew
            "\u{0E01}\u{0E23}\u{0E38}\u{0E07}\u{0E40}\u{0E17}\u{0E1E}", // Thai
        ] {
            assert_eq!(inert_line(s), s);
            assert!(is_inert_line(s), "{s:?}");
            assert_eq!(inert_text(s), s);
        }
    }

    #[test]
    fn text_keeps_lines_and_tabs() {
        assert_eq!(inert_text("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(inert_text("col1\tcol2"), "col1\tcol2");
        assert_eq!(inert_text("a  \t\nb"), "a\nb");
        assert_eq!(
            inert_text("\n\n  \nfirst\n\n\n\n\n\nlast\n\n"),
            "first\n\n\nlast"
        );
        assert_eq!(inert_text("a\n\n\nb"), "a\n\n\nb");
        assert_eq!(inert_text("a\u{2028}b\x0cc"), "a\nb\nc");
        assert_eq!(inert_text("  indented\n    more"), "  indented\n    more");
        assert_eq!(inert_text("a\r\x1b[0m\nb"), "a\nb");
        assert_eq!(inert_text("a\x1b[31m\nb\x1b]0;t\x07\n\x1b[2Jc"), "a\nb\nc");
        assert_eq!(inert_text("\u{202E}x\u{9B}1Ay\0"), "xy");
        assert!(is_inert_text("a\n\n\nb\tc"));
        assert!(!is_inert_text("a\n\n\n\nb"));
        assert!(!is_inert_text("a \nb"));
        assert!(!is_inert_text("\nb"));
        assert!(!is_inert_text(" \nb"));
        assert!(is_inert_text(" b"));
        assert!(!is_inert_text("b\n"));
        assert!(!is_inert_text("a\rb"));
    }

    /// Strings built from the characters most likely to trip the scanner.
    fn nasty() -> impl Strategy<Value = String> {
        let pieces = prop::collection::vec(
            prop_oneof![
                Just("\x1b".to_string()),
                Just("[".to_string()),
                Just("]".to_string()),
                Just("P".to_string()),
                Just("\\".to_string()),
                Just("\x07".to_string()),
                Just("\u{9B}".to_string()),
                Just("\u{9C}".to_string()),
                Just("\u{9D}".to_string()),
                Just("\u{90}".to_string()),
                Just("\u{202E}".to_string()),
                Just("\u{2066}".to_string()),
                Just("\u{200B}".to_string()),
                Just("\r".to_string()),
                Just("\n".to_string()),
                Just("\t".to_string()),
                Just(" ".to_string()),
                Just("\u{A0}".to_string()),
                Just("\u{2028}".to_string()),
                Just("\u{18}".to_string()),
                "[0-9;mHJ]{0,3}",
                "\\PC{0,3}",
                any::<char>().prop_map(String::from),
            ],
            0..24,
        );
        pieces.prop_map(|v| v.concat())
    }

    fn input() -> impl Strategy<Value = String> {
        prop_oneof![nasty(), any::<String>(), "[ -~\t\n\r\x1b]{0,40}"]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn line_output_is_inert(s in input()) {
            let out = inert_line(&s);
            for c in out.chars() {
                prop_assert!(!is_forbidden_in_line(c), "{:?} in {:?}", c, out);
                prop_assert!(c == ' ' || !c.is_whitespace(), "{:?} in {:?}", c, out);
            }
            prop_assert!(!out.starts_with(' ') && !out.ends_with(' ') && !out.contains("  "));
            prop_assert_eq!(inert_line(&out), out.clone());
            prop_assert!(is_inert_line(&out));
            prop_assert_eq!(is_inert_line(&s), out == s);
            let cow = inert_line_cow(&s);
            prop_assert_eq!(cow.as_ref(), out.as_str());
        }

        #[test]
        fn text_output_is_inert(s in input()) {
            let out = inert_text(&s);
            for c in out.chars() {
                let allowed = c == '\n' || c == '\t';
                prop_assert!(allowed || !is_forbidden_in_line(c), "{:?} in {:?}", c, out);
                prop_assert!(!matches!(c, '\r' | '\u{2028}' | '\u{2029}'), "{:?}", out);
            }
            prop_assert!(!out.contains("\n\n\n\n"));
            prop_assert_eq!(inert_text(&out), out.clone());
            prop_assert!(is_inert_text(&out));
            prop_assert_eq!(is_inert_text(&s), out == s);
            let cow = inert_text_cow(&s);
            prop_assert_eq!(cow.as_ref(), out.as_str());
            // The line form of the text form is the line form.
            prop_assert_eq!(inert_line(&out), inert_line(&s));
        }
    }
}
