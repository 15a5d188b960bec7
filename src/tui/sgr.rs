//! The terminal's "pen" (colours and attributes of the next character
//! written) and the shortest SGR (`CSI … m`) sequence that changes it.

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

/// What the terminal will paint the next character with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pen {
    pub fg: Color,
    pub bg: Color,
    pub underline: Color,
    pub modifier: Modifier,
}

impl Pen {
    /// The terminal's pen after `CSI 0 m`.
    pub const DEFAULT: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    pub fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }
}

/// Appends to `out` one SGR sequence that takes the pen from `from` (`None`:
/// not known, e.g. before the first frame) to `to`; nothing when they are
/// the same. Of "change only what differs" and "reset, then set what is
/// not default" the shorter is written.
pub fn transition(out: &mut Vec<u8>, from: Option<Pen>, to: Pen) {
    if from == Some(to) {
        return;
    }
    out.extend_from_slice(b"\x1b[");
    let start = out.len();
    reset_params(&mut Params::new(out), to);
    if let Some(from) = from {
        // The other form after it; keep the shorter one.
        let mid = out.len();
        diff_params(&mut Params::new(out), from, to);
        let (reset, diff) = (mid - start, out.len() - mid);
        if diff < reset {
            out.copy_within(mid.., start);
            out.truncate(start + diff);
        } else {
            out.truncate(mid);
        }
    }
    out.push(b'm');
}

/// `CSI 0 m`: the pen back to the terminal's default.
pub const RESET: &[u8] = b"\x1b[0m";

/// SGR numbers that set (and clear) one attribute each.
const ATTRIBUTES: [(Modifier, u8, u8); 7] = [
    (Modifier::ITALIC, 3, 23),
    (Modifier::UNDERLINED, 4, 24),
    (Modifier::SLOW_BLINK, 5, 25),
    (Modifier::RAPID_BLINK, 6, 25),
    (Modifier::REVERSED, 7, 27),
    (Modifier::HIDDEN, 8, 28),
    (Modifier::CROSSED_OUT, 9, 29),
];

fn reset_params(p: &mut Params<'_>, to: Pen) {
    p.push(0);
    if to.modifier.contains(Modifier::BOLD) {
        p.push(1);
    }
    if to.modifier.contains(Modifier::DIM) {
        p.push(2);
    }
    for (m, on, _) in ATTRIBUTES {
        if to.modifier.contains(m) {
            p.push(on);
        }
    }
    for (layer, c) in [
        (Layer::Fg, to.fg),
        (Layer::Bg, to.bg),
        (Layer::Underline, to.underline),
    ] {
        if c != Color::Reset {
            color(p, layer, c);
        }
    }
}

fn diff_params(p: &mut Params<'_>, from: Pen, to: Pen) {
    let removed = from.modifier - to.modifier;
    let added = to.modifier - from.modifier;
    // Bold and dim share one "normal intensity" (22); so do the two blinks
    // (25). Clearing one clears both: put back the one that stays.
    let intensity = Modifier::BOLD | Modifier::DIM;
    let mut set = added;
    if removed.intersects(intensity) {
        p.push(22);
        set |= to.modifier & intensity;
    }
    let blink = Modifier::SLOW_BLINK | Modifier::RAPID_BLINK;
    if removed.intersects(blink) {
        set |= to.modifier & blink;
    }
    let mut blink_cleared = false;
    for (m, _, off) in ATTRIBUTES {
        if removed.contains(m) && !(off == 25 && blink_cleared) {
            p.push(off);
            blink_cleared |= off == 25;
        }
    }
    if set.contains(Modifier::BOLD) {
        p.push(1);
    }
    if set.contains(Modifier::DIM) {
        p.push(2);
    }
    for (m, on, _) in ATTRIBUTES {
        if set.contains(m) {
            p.push(on);
        }
    }
    if from.fg != to.fg {
        color(p, Layer::Fg, to.fg);
    }
    if from.bg != to.bg {
        color(p, Layer::Bg, to.bg);
    }
    if from.underline != to.underline {
        color(p, Layer::Underline, to.underline);
    }
}

#[derive(Clone, Copy)]
enum Layer {
    Fg,
    Bg,
    Underline,
}

/// One colour's parameters: the 16 named colours as 30–37/90–97 (40–47,
/// 100–107 for the background), the 256-colour palette as `38;5;n`, true
/// colour as `38;2;r;g;b`, the default as 39/49/59. The underline colour
/// has no short forms: its named colours go by palette number.
fn color(p: &mut Params<'_>, layer: Layer, c: Color) {
    let (normal, bright, extended, default) = match layer {
        Layer::Fg => (30, 90, 38, 39),
        Layer::Bg => (40, 100, 48, 49),
        Layer::Underline => (0, 0, 58, 59),
    };
    let named = crate::theme::contrast::named_index(c);
    match (c, named, layer) {
        (Color::Reset, _, _) => p.push(default),
        (_, Some(i), Layer::Fg | Layer::Bg) if i < 8 => p.push(normal + i),
        (_, Some(i), Layer::Fg | Layer::Bg) => p.push(bright + i - 8),
        (_, Some(i), Layer::Underline) | (Color::Indexed(i), None, _) => {
            p.push(extended);
            p.push(5);
            p.push(i);
        }
        (Color::Rgb(r, g, b), _, _) => {
            p.push(extended);
            p.push(2);
            for v in [r, g, b] {
                p.push(v);
            }
        }
        // Every other colour is named (handled above).
        _ => p.push(default),
    }
}

/// The parameters of one SGR sequence, appended to a frame.
struct Params<'a> {
    out: &'a mut Vec<u8>,
    start: usize,
}

impl<'a> Params<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        let start = out.len();
        Params { out, start }
    }

    /// Appends `;n` (`n` if it is the first).
    fn push(&mut self, n: u8) {
        if self.out.len() > self.start {
            self.out.push(b';');
        }
        if n >= 100 {
            self.out.push(b'0' + n / 100);
        }
        if n >= 10 {
            self.out.push(b'0' + n / 10 % 10);
        }
        self.out.push(b'0' + n % 10);
    }
}

#[cfg(test)]
#[path = "sgr_tests.rs"]
mod tests;
