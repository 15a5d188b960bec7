use ratatui::style::{Color, Modifier};

use super::{Pen, transition};

fn pen(fg: Color, bg: Color, modifier: Modifier) -> Pen {
    Pen {
        fg,
        bg,
        underline: Color::Reset,
        modifier,
    }
}

fn sgr(from: Option<Pen>, to: Pen) -> String {
    let mut out = Vec::new();
    transition(&mut out, from, to);
    String::from_utf8(out).unwrap()
}

#[test]
fn nothing_when_the_pen_is_already_right() {
    let p = pen(Color::Indexed(255), Color::Indexed(236), Modifier::BOLD);
    assert_eq!(sgr(Some(p), p), "");
}

#[test]
fn an_unknown_pen_is_reset_first() {
    let p = pen(Color::Indexed(255), Color::Indexed(236), Modifier::BOLD);
    assert_eq!(sgr(None, p), "\x1b[0;1;38;5;255;48;5;236m");
    assert_eq!(sgr(None, Pen::DEFAULT), "\x1b[0m");
}

#[test]
fn only_what_differs_is_sent() {
    let a = pen(Color::Indexed(255), Color::Indexed(236), Modifier::BOLD);
    let b = pen(Color::Indexed(250), Color::Indexed(236), Modifier::BOLD);
    assert_eq!(sgr(Some(a), b), "\x1b[38;5;250m");
    let c = pen(Color::Indexed(250), Color::Reset, Modifier::BOLD);
    assert_eq!(sgr(Some(b), c), "\x1b[49m");
    let d = pen(
        Color::Reset,
        Color::Reset,
        Modifier::BOLD | Modifier::ITALIC,
    );
    assert_eq!(sgr(Some(c), d), "\x1b[3;39m");
}

#[test]
fn named_colours_use_the_short_forms() {
    let base = Pen::DEFAULT;
    let cases = [
        (Color::Black, "30", "40"),
        (Color::Red, "31", "41"),
        (Color::Gray, "37", "47"),
        (Color::DarkGray, "90", "100"),
        (Color::LightRed, "91", "101"),
        (Color::White, "97", "107"),
    ];
    for (c, fg, bg) in cases {
        assert_eq!(
            sgr(Some(base), pen(c, Color::Reset, Modifier::empty())),
            format!("\x1b[{fg}m")
        );
        assert_eq!(
            sgr(Some(base), pen(Color::Reset, c, Modifier::empty())),
            format!("\x1b[{bg}m")
        );
    }
    assert_eq!(
        sgr(
            Some(base),
            pen(Color::Rgb(1, 2, 3), Color::Indexed(9), Modifier::empty())
        ),
        "\x1b[38;2;1;2;3;48;5;9m"
    );
}

/// A pen with a colour, so that a reset is not the shorter way back.
fn coloured(modifier: Modifier) -> Pen {
    pen(Color::Indexed(100), Color::Reset, modifier)
}

#[test]
fn bold_and_dim_share_normal_intensity() {
    let both = coloured(Modifier::BOLD | Modifier::DIM);
    let bold = coloured(Modifier::BOLD);
    let dim = coloured(Modifier::DIM);
    let plain = coloured(Modifier::empty());
    assert_eq!(sgr(Some(both), bold), "\x1b[22;1m");
    assert_eq!(sgr(Some(bold), dim), "\x1b[22;2m");
    assert_eq!(sgr(Some(dim), both), "\x1b[1m");
    assert_eq!(sgr(Some(bold), plain), "\x1b[22m");
}

#[test]
fn every_attribute_has_its_on_and_off() {
    let all = [
        (Modifier::ITALIC, "3", "23"),
        (Modifier::UNDERLINED, "4", "24"),
        (Modifier::SLOW_BLINK, "5", "25"),
        (Modifier::RAPID_BLINK, "6", "25"),
        (Modifier::REVERSED, "7", "27"),
        (Modifier::HIDDEN, "8", "28"),
        (Modifier::CROSSED_OUT, "9", "29"),
    ];
    let plain = coloured(Modifier::empty());
    for (m, on, off) in all {
        let p = coloured(m);
        assert_eq!(sgr(Some(plain), p), format!("\x1b[{on}m"), "{m:?}");
        assert_eq!(sgr(Some(p), plain), format!("\x1b[{off}m"), "{m:?}");
    }
    let both = coloured(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
    let slow = coloured(Modifier::SLOW_BLINK);
    assert_eq!(sgr(Some(both), slow), "\x1b[25;5m");
    assert_eq!(sgr(Some(both), plain), "\x1b[25m");
}

#[test]
fn a_reset_is_used_when_it_is_shorter() {
    let many = pen(
        Color::Indexed(200),
        Color::Indexed(17),
        Modifier::BOLD | Modifier::ITALIC | Modifier::UNDERLINED | Modifier::REVERSED,
    );
    assert_eq!(sgr(Some(many), Pen::DEFAULT), "\x1b[0m");
    let red = pen(Color::Red, Color::Reset, Modifier::empty());
    assert_eq!(sgr(Some(many), red), "\x1b[0;31m");
}

#[test]
fn the_underline_colour_goes_by_palette_number() {
    let mut p = Pen::DEFAULT;
    p.underline = Color::Red;
    assert_eq!(sgr(Some(Pen::DEFAULT), p), "\x1b[58;5;1m");
    let mut q = p;
    q.underline = Color::Rgb(9, 8, 7);
    assert_eq!(sgr(Some(p), q), "\x1b[58;2;9;8;7m");
    assert_eq!(sgr(Some(q), Pen::DEFAULT), "\x1b[0m");
    let mut coloured_ul = coloured(Modifier::empty());
    coloured_ul.underline = Color::Blue;
    assert_eq!(
        sgr(Some(coloured_ul), coloured(Modifier::empty())),
        "\x1b[59m"
    );
    let mut r = Pen::DEFAULT;
    r.underline = Color::Indexed(42);
    assert_eq!(sgr(None, r), "\x1b[0;58;5;42m");
}
