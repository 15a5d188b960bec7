//! The shortest way to move the terminal's cursor from where it is to the
//! next cell to write: nothing, one control character (CR, BS, LF), a
//! relative move (`CSI n A/B/C/D`), a column (`CSI n G`) or, failing
//! those, the absolute `CSI row;col H`.
//!
//! Only used from a known position that is not the "pending wrap" state
//! after the last column (where BS and relative moves differ between
//! terminals); the caller forgets the position there.

use std::io::Write;

use ratatui::layout::Position;

/// Appends the bytes that move the cursor from `from` (`None`: not known)
/// to `to` (0-based, like ratatui's).
pub fn move_to(out: &mut Vec<u8>, from: Option<Position>, to: Position) {
    let Some(from) = from else {
        absolute(out, to);
        return;
    };
    if from == to {
        return;
    }
    let (v, vlen) = vertical(from.y, to.y);
    let (h, hlen) = horizontal(from.x, to.x);
    if vlen + hlen <= absolute_len(to) {
        emit(out, v);
        emit(out, h);
    } else {
        absolute(out, to);
    }
}

#[derive(Clone, Copy)]
enum Step {
    None,
    /// A single control character (CR, BS or LF).
    Byte(u8),
    /// `CSI n <final>`, with n left out when it is 1.
    Csi(u16, u8),
}

fn vertical(from: u16, to: u16) -> (Step, usize) {
    match to.cmp(&from) {
        std::cmp::Ordering::Equal => (Step::None, 0),
        // LF never scrolls here: `to` is on the screen, so `from` is not
        // the last row (and no scrolling region is ever set).
        std::cmp::Ordering::Greater if to - from == 1 => (Step::Byte(b'\n'), 1),
        std::cmp::Ordering::Greater => csi(to - from, b'B'),
        std::cmp::Ordering::Less => csi(from - to, b'A'),
    }
}

fn horizontal(from: u16, to: u16) -> (Step, usize) {
    if from == to {
        return (Step::None, 0);
    }
    if to == 0 {
        return (Step::Byte(b'\r'), 1);
    }
    if to + 1 == from {
        return (Step::Byte(0x08), 1);
    }
    let relative = if to > from {
        csi(to - from, b'C')
    } else {
        csi(from - to, b'D')
    };
    let column = csi(to.saturating_add(1), b'G');
    if column.1 < relative.1 {
        column
    } else {
        relative
    }
}

fn csi(n: u16, fin: u8) -> (Step, usize) {
    let len = if n == 1 { 3 } else { 3 + digits(n) };
    (Step::Csi(n, fin), len)
}

fn emit(out: &mut Vec<u8>, step: Step) {
    match step {
        Step::None => {}
        Step::Byte(b) => out.push(b),
        Step::Csi(1, fin) => out.extend_from_slice(&[0x1b, b'[', fin]),
        // Writing to a Vec cannot fail.
        Step::Csi(n, fin) => {
            let _ = write!(out, "\x1b[{n}{}", char::from(fin));
        }
    }
}

/// `CSI row;col H`, shortened where a parameter is 1.
fn absolute(out: &mut Vec<u8>, to: Position) {
    let (row, col) = (u32::from(to.y) + 1, u32::from(to.x) + 1);
    // Writing to a Vec cannot fail.
    let _ = match (row, col) {
        (1, 1) => write!(out, "\x1b[H"),
        (_, 1) => write!(out, "\x1b[{row}H"),
        _ => write!(out, "\x1b[{row};{col}H"),
    };
}

fn absolute_len(to: Position) -> usize {
    let (row, col) = (u32::from(to.y) + 1, u32::from(to.x) + 1);
    match (row, col) {
        (1, 1) => 3,
        (_, 1) => 3 + digits(row),
        _ => 4 + digits(row) + digits(col),
    }
}

fn digits(n: impl Into<u32>) -> usize {
    let n: u32 = n.into();
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Position;

    fn mv(from: Option<(u16, u16)>, to: (u16, u16)) -> String {
        let mut out = Vec::new();
        super::move_to(
            &mut out,
            from.map(|(x, y)| Position { x, y }),
            Position { x: to.0, y: to.1 },
        );
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_shortest_move_is_chosen() {
        assert_eq!(mv(Some((5, 3)), (5, 3)), "");
        assert_eq!(mv(None, (0, 0)), "\x1b[H");
        assert_eq!(mv(None, (0, 9)), "\x1b[10H");
        assert_eq!(mv(None, (44, 0)), "\x1b[1;45H");
        assert_eq!(mv(Some((45, 0)), (44, 0)), "\x08");
        assert_eq!(mv(Some((45, 0)), (0, 0)), "\r");
        assert_eq!(mv(Some((45, 0)), (46, 0)), "\x1b[C");
        assert_eq!(mv(Some((45, 0)), (52, 0)), "\x1b[7C");
        assert_eq!(mv(Some((45, 0)), (40, 0)), "\x1b[5D");
        assert_eq!(mv(Some((45, 0)), (3, 0)), "\x1b[4G");
        assert_eq!(mv(Some((45, 3)), (45, 4)), "\n");
        assert_eq!(mv(Some((45, 3)), (0, 4)), "\n\r");
        assert_eq!(mv(Some((45, 3)), (45, 1)), "\x1b[2A");
        assert_eq!(mv(Some((45, 3)), (46, 9)), "\x1b[6B\x1b[C");
        assert_eq!(mv(Some((100, 30)), (7, 2)), "\x1b[3;8H");
    }
}
