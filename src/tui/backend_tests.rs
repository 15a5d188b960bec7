use ratatui::backend::{Backend, ClearType};
use ratatui::buffer::Cell;
use ratatui::layout::Size;
use ratatui::style::{Color, Modifier};

use super::LeanBackend;

fn backend() -> LeanBackend<Vec<u8>> {
    LeanBackend::with_size(
        Vec::new(),
        Size {
            width: 20,
            height: 5,
        },
    )
}

fn cell(symbol: &str, fg: Color) -> Cell {
    let mut c = Cell::default();
    c.set_symbol(symbol).set_fg(fg);
    c
}

/// Draws `cells` as one frame and returns what was written.
fn frame(b: &mut LeanBackend<Vec<u8>>, cells: &[(u16, u16, Cell)]) -> String {
    b.draw(cells.iter().map(|(x, y, c)| (*x, *y, c))).unwrap();
    b.hide_cursor().unwrap();
    b.flush().unwrap();
    String::from_utf8(std::mem::take(b.writer_mut())).unwrap()
}

#[test]
fn a_clock_tick_is_a_move_and_a_digit() {
    let mut b = backend();
    let first = frame(&mut b, &[(5, 0, cell("1", Color::Indexed(255)))]);
    assert_eq!(first, "\x1b[1;6H\x1b[0;38;5;255m1\x1b[?25l");
    // Same pen, cursor just right of the digit, cursor already hidden.
    let tick = frame(&mut b, &[(5, 0, cell("2", Color::Indexed(255)))]);
    assert_eq!(tick, "\x082");
    let two = frame(
        &mut b,
        &[
            (4, 0, cell("1", Color::Indexed(255))),
            (5, 0, cell("0", Color::Indexed(255))),
        ],
    );
    assert_eq!(two, "\x1b[2D10");
}

#[test]
fn frames_of_more_than_a_few_cells_or_lines_are_synchronized() {
    let mut b = backend();
    let nine: Vec<_> = (0..9).map(|x| (x, 1, cell("x", Color::Reset))).collect();
    let out = frame(&mut b, &nine);
    assert!(
        out.starts_with("\x1b[?2026h") && out.ends_with("\x1b[?2026l"),
        "{out:?}"
    );
    let eight: Vec<_> = (0..8).map(|x| (x, 2, cell("y", Color::Reset))).collect();
    let out = frame(&mut b, &eight);
    assert!(!out.contains("2026"), "{out:?}");
    let two_rows = [
        (0, 3, cell("a", Color::Reset)),
        (0, 4, cell("b", Color::Reset)),
    ];
    let out = frame(&mut b, &two_rows);
    assert!(
        out.starts_with("\x1b[?2026h") && out.ends_with("\x1b[?2026l"),
        "{out:?}"
    );
    // Nothing changed: nothing written.
    assert_eq!(frame(&mut b, &[]), "");
}

#[test]
fn no_reset_after_a_frame_but_one_before_a_clear() {
    let mut b = backend();
    let mut on_blue = cell("z", Color::White);
    on_blue.set_bg(Color::Blue).modifier = Modifier::BOLD;
    let out = frame(&mut b, &[(0, 0, on_blue.clone())]);
    assert!(
        !out.contains("\x1b[0m\x1b[?25l") && !out.ends_with("0m"),
        "{out:?}"
    );
    b.clear_region(ClearType::All).unwrap();
    let out = frame(&mut b, &[(3, 3, on_blue)]);
    assert_eq!(
        out,
        "\x1b[?2026h\x1b[0m\x1b[2J\x1b[4;4H\x1b[1;97;44mz\x1b[?2026l"
    );
}

#[test]
fn the_cursor_is_placed_absolutely_after_a_wide_symbol_and_at_the_margin() {
    let mut b = backend();
    let out = frame(
        &mut b,
        &[
            (0, 0, cell("称", Color::Reset)),
            (2, 0, cell("a", Color::Reset)),
            (19, 0, cell("b", Color::Reset)),
            (0, 1, cell("c", Color::Reset)),
        ],
    );
    assert_eq!(
        out,
        "\x1b[?2026h\x1b[H\x1b[0m称\x1b[1;3Ha\x1b[16Cb\x1b[2Hc\x1b[?25l\x1b[?2026l"
    );
}

#[test]
fn show_and_hide_are_sent_only_on_a_change() {
    let mut b = backend();
    b.show_cursor().unwrap();
    b.show_cursor().unwrap();
    b.set_cursor_position((3, 2)).unwrap();
    b.flush().unwrap();
    assert_eq!(b.writer().as_slice(), b"\x1b[?25h\x1b[3;4H");
}

#[test]
fn nothing_is_written_when_dropped() {
    let mut out = Vec::new();
    {
        let mut b = LeanBackend::with_size(
            &mut out,
            Size {
                width: 4,
                height: 4,
            },
        );
        b.clear_region(ClearType::All).unwrap();
        b.show_cursor().unwrap();
    }
    assert_eq!(out, b"");
}
