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

/// Like [`inert_line_cow`], for a string the caller already holds as a
/// `Cow`: it comes back as it was (still borrowed, or the same `String`)
/// when it is already inert, so a parser can turn it into a field with at
/// most one allocation.
pub fn inert_line_into(s: Cow<'_, str>) -> Cow<'_, str> {
    if is_inert_line(&s) {
        s
    } else {
        Cow::Owned(clean_line(&s))
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
        // Without early exits, so that the compiler vectorizes both loops.
        let control = bytes
            .iter()
            .fold(false, |bad, &b| bad | (b < 0x20) | (b == 0x7F));
        let pairs = bytes.iter().zip(bytes.get(1..).unwrap_or_default());
        let double_space = pairs.fold(false, |bad, (&a, &b)| bad | ((a == b' ') & (b == b' ')));
        return !control && !double_space;
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

/// Like [`inert_line_into`], for a multi-line field (see [`inert_text`]).
pub fn inert_text_into(s: Cow<'_, str>) -> Cow<'_, str> {
    if is_inert_text(&s) {
        s
    } else {
        Cow::Owned(clean_text(&s))
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
    if s.is_ascii() {
        return is_inert_ascii_text(s);
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
                // ASCII: the line breaks other than LF are all C0 controls.
                let bad = if c.is_ascii() {
                    c < ' ' || c == '\u{7F}'
                } else {
                    !is_plain(c) || is_line_break(c)
                };
                if bad {
                    return false;
                }
                breaks = 0;
            }
        }
        prev = c;
    }
    true
}

/// [`is_inert_text`] of an ASCII `s` that neither starts with a blank line
/// nor ends in a break or a space: no control but LF and tab, no space or
/// tab before a LF, at most 3 LFs in a row (nothing can come between two
/// LFs of a run: a space or tab would be before the second).
fn is_inert_ascii_text(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Without early exits, so that the compiler vectorizes both loops.
    let control = bytes.iter().fold(false, |bad, &b| {
        bad | ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7F)
    });
    let pairs = bytes.iter().zip(bytes.get(1..).unwrap_or_default());
    let trailing = pairs.fold(false, |bad, (&a, &b)| {
        bad | ((b == b'\n') & ((a == b' ') | (a == b'\t')))
    });
    !control && !trailing && !s.contains("\n\n\n\n")
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
#[path = "sanitize_tests.rs"]
mod tests;
