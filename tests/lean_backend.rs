//! The lean backend's bytes, replayed by a terminal emulator (the `vt100`
//! crate), give the screen ratatui meant: contents, colours and
//! attributes of every cell after every frame, across frames that reuse
//! the pen and the cursor, wide characters, resizes and clears. And an
//! idle frame of the real console (the clock moving one second) is a few
//! bytes.

mod common;

use proptest::prelude::*;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Rect, Size};
use ratatui::style::{Color, Modifier, Style};
use ratatui::{Frame, Terminal};
use unicode_width::UnicodeWidthStr;
use watchkeeper::app::Msg;
use watchkeeper::tui::backend::LeanBackend;

#[path = "lean_backend/reference.rs"]
mod reference;

use reference::Reference;

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

/// The same frames drawn through the lean backend and through ratatui's
/// crossterm backend (the reference), each replayed by an emulator.
struct Screens {
    lean: Terminal<LeanBackend<Vec<u8>>>,
    lean_vt: vt100::Parser,
    old: Terminal<Reference>,
    old_vt: vt100::Parser,
}

impl Screens {
    fn new(width: u16, height: u16) -> Screens {
        let size = Size { width, height };
        Screens {
            lean: Terminal::new(LeanBackend::with_size(Vec::new(), size)).unwrap(),
            lean_vt: vt100::Parser::new(nz(height), nz(width), 0),
            old: Terminal::new(Reference::new(size)).unwrap(),
            old_vt: vt100::Parser::new(nz(height), nz(width), 0),
        }
    }

    /// The terminal window changes size (the next frame redraws it all).
    fn resize(&mut self, width: u16, height: u16) {
        let size = Size { width, height };
        self.lean.backend_mut().set_size(size);
        self.old.backend_mut().size = size;
        self.lean_vt.screen_mut().set_size(nz(height), nz(width));
        self.old_vt.screen_mut().set_size(nz(height), nz(width));
    }

    fn clear(&mut self) {
        self.lean.clear().unwrap();
        self.old.clear().unwrap();
    }

    /// Draws one frame on both, checks the lean screen, returns its bytes.
    fn draw(&mut self, render: impl Fn(&mut Frame), what: &str) -> Vec<u8> {
        let drawn = self.lean.draw(&render).unwrap().buffer.clone();
        self.old.draw(&render).unwrap();
        let bytes = std::mem::take(self.lean.backend_mut().writer_mut());
        self.lean_vt.process(&bytes);
        self.old_vt.process(&self.old.backend().bytes.take());
        check(
            self.lean_vt.screen(),
            self.old_vt.screen(),
            &drawn,
            &format!("{what} after {:?}", String::from_utf8_lossy(&bytes)),
        );
        bytes
    }
}

/// What an emulator shows in one cell.
#[derive(Debug, PartialEq)]
struct Shown {
    symbol: String,
    wide: bool,
    fg: vt100::Color,
    bg: vt100::Color,
    bold: bool,
    dim: bool,
    italic: bool,
    underline: bool,
    inverse: bool,
}

fn shown(screen: &vt100::Screen, x: u16, y: u16) -> Shown {
    let c = screen.cell(y, x).unwrap();
    Shown {
        symbol: if c.has_contents() {
            c.contents().to_string()
        } else {
            " ".to_string()
        },
        wide: c.is_wide(),
        fg: c.fgcolor(),
        bg: c.bgcolor(),
        bold: c.bold(),
        dim: c.dim(),
        italic: c.italic(),
        underline: c.underline(),
        inverse: c.inverse(),
    }
}

/// Two emulator cells alike (an emulator keeps one intensity where a
/// terminal keeps bold and dim: either counts).
fn same(a: &Shown, b: &Shown) -> bool {
    let intensity = |s: &Shown| s.bold || s.dim;
    let plain = |s: &Shown| Shown {
        bold: false,
        dim: false,
        symbol: s.symbol.clone(),
        ..*s
    };
    intensity(a) == intensity(b) && plain(a) == plain(b)
}

/// What ratatui meant for a cell; `Err` names the first difference.
fn fits(got: &Shown, want: &Cell) -> Result<(), String> {
    let m = want.modifier;
    let width = want.symbol().width().max(1);
    // The emulator keeps one intensity; terminals keep both.
    let intensity = if m.contains(Modifier::BOLD | Modifier::DIM) {
        got.bold || got.dim
    } else {
        got.bold == m.contains(Modifier::BOLD) && got.dim == m.contains(Modifier::DIM)
    };
    let checks = [
        ("symbol", got.symbol == want.symbol()),
        ("wide", got.wide == (width == 2)),
        ("fg", got.fg == vt_color(want.fg)),
        ("bg", got.bg == vt_color(want.bg)),
        ("bold/dim", intensity),
        ("italic", got.italic == m.contains(Modifier::ITALIC)),
        (
            "underline",
            got.underline == m.contains(Modifier::UNDERLINED),
        ),
        ("inverse", got.inverse == m.contains(Modifier::REVERSED)),
    ];
    match checks.iter().find(|(_, ok)| !ok) {
        None => Ok(()),
        Some((what, _)) => Err(format!("{what}: shown {got:?}, drawn {want:?}")),
    }
}

/// Every cell of the lean screen is what ratatui drew. Where ratatui's own
/// backend does not manage that either (a wide character half overwritten
/// in a later frame: the terminal blanks its other half with the new
/// pen, and ratatui's diff does not redraw it), the lean screen must show
/// what ratatui's own backend shows.
fn check(lean: &vt100::Screen, old: &vt100::Screen, buf: &Buffer, what: &str) {
    let area = buf.area;
    let (rows, cols) = lean.size();
    assert_eq!(
        (rows.get(), cols.get()),
        (area.height, area.width),
        "{what}: size"
    );
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let want = &buf[(x, y)];
            let got = shown(lean, x, y);
            if let Err(e) = fits(&got, want) {
                let reference = shown(old, x, y);
                assert!(
                    fits(&reference, want).is_err() && same(&reference, &got),
                    "{what}: cell ({x}, {y}): {e}; ratatui's backend shows {reference:?}"
                );
            }
            x += want.symbol().width().max(1) as u16;
        }
    }
}

fn vt_color(c: Color) -> vt100::Color {
    let named = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        named_colour => {
            let i = named.iter().position(|n| *n == named_colour).unwrap();
            vt100::Color::Idx(i as u8)
        }
    }
}

// ---- random frames ----

const GRAPHEMES: &[&str] = &[
    "a", "b", "Z", "1", "2", " ", " ", "─", "│", "▶", "⠿", "·", "e\u{301}", "称", "号", "漢",
];

fn color() -> impl Strategy<Value = Color> {
    prop_oneof![
        3 => Just(Color::Reset),
        2 => Just(Color::Indexed(236)),
        2 => Just(Color::Indexed(255)),
        1 => (0usize..16).prop_map(|i| [
            Color::Black, Color::Red, Color::Green, Color::Yellow, Color::Blue,
            Color::Magenta, Color::Cyan, Color::Gray, Color::DarkGray, Color::LightRed,
            Color::LightGreen, Color::LightYellow, Color::LightBlue, Color::LightMagenta,
            Color::LightCyan, Color::White,
        ][i]),
        1 => any::<u8>().prop_map(Color::Indexed),
        1 => any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
    ]
}

fn modifier() -> impl Strategy<Value = Modifier> {
    // The emulator keeps one intensity (bold or dim, not both).
    let intensity = prop_oneof![
        Just(Modifier::empty()),
        Just(Modifier::BOLD),
        Just(Modifier::DIM)
    ];
    let others = prop::collection::vec(
        prop_oneof![
            Just(Modifier::ITALIC),
            Just(Modifier::UNDERLINED),
            Just(Modifier::REVERSED),
            Just(Modifier::SLOW_BLINK),
            Just(Modifier::RAPID_BLINK),
            Just(Modifier::HIDDEN),
            Just(Modifier::CROSSED_OUT),
        ],
        0..3,
    );
    (intensity, others).prop_map(|(i, o)| o.into_iter().fold(i, |a, m| a | m))
}

fn style() -> impl Strategy<Value = Style> {
    (color(), color(), modifier())
        .prop_map(|(fg, bg, m)| Style::new().fg(fg).bg(bg).add_modifier(m))
}

#[derive(Debug, Clone)]
struct Span {
    x: u16,
    y: u16,
    text: String,
    style: Style,
}

fn span() -> impl Strategy<Value = Span> {
    (
        0u16..40,
        0u16..12,
        prop::collection::vec(prop::sample::select(GRAPHEMES), 1..12),
        style(),
    )
        .prop_map(|(x, y, g, style)| Span {
            x,
            y,
            text: g.concat(),
            style,
        })
}

#[derive(Debug, Clone)]
struct Step {
    resize: Option<(u16, u16)>,
    clear: bool,
    spans: Vec<Span>,
}

fn step() -> impl Strategy<Value = Step> {
    (
        prop::option::weighted(0.15, (1u16..40, 1u16..12)),
        prop::bool::weighted(0.1),
        prop::collection::vec(span(), 0..8),
    )
        .prop_map(|(resize, clear, spans)| Step {
            resize,
            clear,
            spans,
        })
}

/// Puts the spans on `model`, then blanks the cell after each wide symbol
/// (a buffer ratatui's widgets could leave).
fn paint(model: &mut Buffer, spans: &[Span]) {
    let area = model.area;
    for s in spans {
        let (x, y) = (s.x % area.width, s.y % area.height);
        model.set_string(x, y, &s.text, s.style);
    }
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let w = model[(x, y)].symbol().width().max(1) as u16;
            for dx in 1..w {
                if x + dx < area.width {
                    model[(x + dx, y)] = Cell::EMPTY;
                }
            }
            x += w;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_emulator_shows_every_frame_as_drawn(
        first in (1u16..40, 1u16..12),
        steps in prop::collection::vec(step(), 1..10),
    ) {
        let mut screens = Screens::new(first.0, first.1);
        let mut model = Buffer::empty(Rect::new(0, 0, first.0, first.1));
        for (i, s) in steps.iter().enumerate() {
            if let Some((w, h)) = s.resize {
                screens.resize(w, h);
                model = Buffer::empty(Rect::new(0, 0, w, h));
            }
            if s.clear {
                screens.clear();
            }
            paint(&mut model, &s.spans);
            screens.draw(
                |f| f.buffer_mut().content.clone_from_slice(&model.content),
                &format!("step {i} of {steps:?}"),
            );
        }
    }
}

// ---- the real console ----

#[test]
fn an_idle_second_costs_a_few_bytes() {
    let mut app = common::app();
    let mut screens = Screens::new(120, 36);
    let first = screens.draw(
        |f| watchkeeper::ui::render(f, &app.app, &app.theme),
        "first frame",
    );
    assert!(first.len() > 1000, "the first frame draws the console");
    let mut sizes = Vec::new();
    for s in 1..=12 {
        app.update(Msg::Tick(common::now() + chrono::Duration::seconds(s)));
        let bytes = screens.draw(|f| watchkeeper::ui::render(f, &app.app, &app.theme), "tick");
        sizes.push(bytes.len());
        let text = String::from_utf8_lossy(&bytes);
        assert!(!bytes.is_empty(), "the clock moved at second {s}");
        // The first tick also sets the clock's colours (the pen was left
        // as the last cell of the first frame had it).
        let budget = if s == 1 { 60 } else { 30 };
        assert!(
            bytes.len() <= budget,
            "second {s}: {} bytes: {text:?}",
            bytes.len()
        );
        assert!(!text.contains("?25l"), "cursor hidden again: {text:?}");
        assert!(!text.contains("[0m"), "pen reset: {text:?}");
        assert!(
            !text.contains("?2026"),
            "a digit needs no wrapper: {text:?}"
        );
    }
    // Most seconds change one digit: a backspace and the digit.
    sizes.sort_unstable();
    assert!(sizes[sizes.len() / 2] <= 4, "idle frame sizes {sizes:?}");
}
