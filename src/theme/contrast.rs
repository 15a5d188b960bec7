//! WCAG 2 contrast: relative luminance of sRGB colours and the ratio
//! between two of them (1:1 to 21:1). The selected row must read at 4.5:1
//! (WCAG AA for text) for every severity and state word on it.

use ratatui::style::{Color, Style};

use super::color::index_rgb;

/// WCAG AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

/// The RGB a colour is drawn in, where it is known (not `Reset`: the
/// terminal's own colour).
pub fn rgb_of(c: Color) -> Option<(u8, u8, u8)> {
    match c {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i) => Some(index_rgb(i)),
        Color::Reset => None,
        named => named_index(named).map(index_rgb),
    }
}

/// The palette number of a named colour (0–15); `None` for the others.
pub fn named_index(c: Color) -> Option<u8> {
    Some(match c {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Reset | Color::Indexed(_) | Color::Rgb(..) => return None,
    })
}

/// Relative luminance (WCAG 2.x), 0 (black) to 1 (white).
pub fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// The contrast ratio of two colours, 1.0 to 21.0.
pub fn ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

impl super::Theme {
    /// A cell's style on the selected row: its own colour where that reads
    /// at [`MIN_CONTRAST`] on the selection, else the selection's own
    /// foreground (the glyph and word still say what it is).
    pub fn on_selected(&self, cell: Style) -> Style {
        // Dim text on the selection would undo the contrast.
        let cell = cell.remove_modifier(ratatui::style::Modifier::DIM);
        let (Some(fg), Some(bg)) = (cell.fg.and_then(rgb_of), self.selected.bg.and_then(rgb_of))
        else {
            return cell;
        };
        if ratio(fg, bg) >= MIN_CONTRAST {
            return cell;
        }
        match self.selected.fg {
            Some(sel) => cell.fg(sel),
            None => cell,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_on_white_is_21_and_equal_colours_1() {
        assert!((ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((ratio((10, 20, 30), (10, 20, 30)) - 1.0).abs() < 1e-9);
        // A known pair: #767676 on white is the AA threshold, 4.54:1.
        let r = ratio((0x76, 0x76, 0x76), (255, 255, 255));
        assert!((r - 4.54).abs() < 0.01, "{r}");
    }
}
