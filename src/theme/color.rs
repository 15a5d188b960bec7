//! Colours: parsing theme values, detecting the terminal's colour depth and
//! mapping a palette down to it.

use ratatui::style::Color;

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    TrueColor,
    Ansi256,
    Ansi16,
    /// No colour at all (`NO_COLOR`, `TERM=dumb`, `--colors none`).
    None,
}

impl ColorDepth {
    /// From `NO_COLOR` (set and non-empty: none), `COLORTERM`
    /// (`truecolor`/`24bit`), then `TERM` (`dumb`: none; `*256color*`: 256;
    /// `*-direct`: truecolor; otherwise 16). Pure: the caller reads the env.
    pub fn detect(
        no_color: Option<&str>,
        colorterm: Option<&str>,
        term: Option<&str>,
    ) -> ColorDepth {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return ColorDepth::None;
        }
        let term = term.unwrap_or("").to_ascii_lowercase();
        if term == "dumb" {
            return ColorDepth::None;
        }
        let colorterm = colorterm.unwrap_or("").to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" || term.ends_with("-direct") {
            ColorDepth::TrueColor
        } else if term.contains("256color") {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }

    /// `--colors`: `truecolor` | `24bit` | `256` | `16` | `none`.
    pub fn parse(s: &str) -> Option<ColorDepth> {
        match s.trim().to_ascii_lowercase().as_str() {
            "truecolor" | "24bit" | "24-bit" => Some(ColorDepth::TrueColor),
            "256" | "ansi256" => Some(ColorDepth::Ansi256),
            "16" | "ansi16" | "ansi" => Some(ColorDepth::Ansi16),
            "none" | "0" | "off" => Some(ColorDepth::None),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ColorDepth::TrueColor => "truecolor",
            ColorDepth::Ansi256 => "256",
            ColorDepth::Ansi16 => "16",
            ColorDepth::None => "none",
        }
    }
}

pub const COLOUR_HELP: &str = "use \"#rrggbb\", a name such as red, bright-cyan or dark-gray, an integer 0-255, or \"default\"";

/// A theme value: `"#rrggbb"`, an ANSI name (ratatui's, with `bright-`/
/// `light-`, `gray`/`grey`), `"default"`/`"reset"`, or an integer 0-255.
pub fn parse_colour(v: &toml::Value) -> Result<Color, String> {
    match v {
        toml::Value::Integer(n) => match u8::try_from(*n) {
            Ok(i) => Ok(Color::Indexed(i)),
            Err(_) => Err(format!("bad colour {n}: colour numbers run 0-255")),
        },
        toml::Value::String(s) => {
            let t = s.trim();
            if t.eq_ignore_ascii_case("default") {
                return Ok(Color::Reset);
            }
            if t.starts_with('#') && t.len() != 7 {
                return Err(format!(
                    "bad colour {s:?} (write six hex digits, e.g. \"#e5484d\")"
                ));
            }
            t.parse::<Color>()
                .map_err(|_| format!("bad colour {s:?} ({COLOUR_HELP})"))
        }
        other => Err(format!(
            "bad colour: found {} ({COLOUR_HELP})",
            crate::config::a_type(other)
        )),
    }
}

/// The 16 ANSI colours with xterm's default RGB values, by index.
const ANSI16: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// Perceptual-ish distance ("redmean" weighting), cheap and good enough.
fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> i64 {
    let rmean = (i64::from(a.0) + i64::from(b.0)) / 2;
    let (dr, dg, db) = (
        i64::from(a.0) - i64::from(b.0),
        i64::from(a.1) - i64::from(b.1),
        i64::from(a.2) - i64::from(b.2),
    );
    (((512 + rmean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rmean) * db * db) >> 8)
}

/// RGB of an xterm-256 index.
pub fn index_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI16[usize::from(i)].1,
        16..=231 => {
            let n = i - 16;
            (
                CUBE[usize::from(n / 36)],
                CUBE[usize::from(n / 6 % 6)],
                CUBE[usize::from(n % 6)],
            )
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

/// Nearest xterm-256 index (cube or grey ramp; never 0-15, which users
/// recolour).
pub fn nearest_256(rgb: (u8, u8, u8)) -> u8 {
    let (mut best, mut best_d) = (16u8, i64::MAX);
    for i in 16..=255u8 {
        let d = distance(rgb, index_rgb(i));
        if d < best_d {
            (best, best_d) = (i, d);
        }
    }
    best
}

/// Nearest of the 16 ANSI colours, keeping meaning where it can: a clearly
/// coloured, not dark input keeps its hue (orange-ish to red or yellow, a muted purple
/// to magenta, never to a gray), a clearly gray one stays gray; in between,
/// the nearest by RGB distance. Normal or light variant: the nearer one.
pub fn nearest_16(rgb: (u8, u8, u8)) -> Color {
    let (r, g, b) = (f64::from(rgb.0), f64::from(rgb.1), f64::from(rgb.2));
    let (hi, lo) = (r.max(g).max(b), r.min(g).min(b));
    let chroma = hi - lo;
    let grey = |c: &Color| {
        matches!(
            c,
            Color::Black | Color::DarkGray | Color::Gray | Color::White
        )
    };
    let nearest = |keep: &dyn Fn(&Color) -> bool| {
        ANSI16
            .iter()
            .filter(|(c, _)| keep(c))
            .min_by_key(|(_, c)| distance(rgb, *c))
            .map(|(c, _)| *c)
            .unwrap_or(Color::Reset)
    };
    if chroma < 24.0 {
        return nearest(&grey);
    }
    if chroma < 64.0 || hi < 128.0 {
        return nearest(&|_| true);
    }
    let hue = if hi == r {
        60.0 * ((g - b) / chroma)
    } else if hi == g {
        60.0 * (2.0 + (b - r) / chroma)
    } else {
        60.0 * (4.0 + (r - g) / chroma)
    }
    .rem_euclid(360.0);
    const SECTORS: [(f64, Color, Color); 6] = [
        (0.0, Color::Red, Color::LightRed),
        (60.0, Color::Yellow, Color::LightYellow),
        (120.0, Color::Green, Color::LightGreen),
        (180.0, Color::Cyan, Color::LightCyan),
        (240.0, Color::Blue, Color::LightBlue),
        (300.0, Color::Magenta, Color::LightMagenta),
    ];
    let gap = |h: f64| {
        let d = (hue - h).abs();
        d.min(360.0 - d)
    };
    let (_, normal, light) = SECTORS
        .iter()
        .copied()
        .min_by(|x, y| gap(x.0).total_cmp(&gap(y.0)))
        .unwrap_or(SECTORS[0]);
    nearest(&|c| *c == normal || *c == light)
}

/// A palette colour as this depth shows it; `None` when colour is off.
pub fn adapt(c: Color, depth: ColorDepth) -> Option<Color> {
    match (depth, c) {
        (ColorDepth::None, _) => None,
        (ColorDepth::TrueColor, c) => Some(c),
        (ColorDepth::Ansi256, Color::Rgb(r, g, b)) => Some(Color::Indexed(nearest_256((r, g, b)))),
        (ColorDepth::Ansi256, c) => Some(c),
        (ColorDepth::Ansi16, Color::Rgb(r, g, b)) => Some(nearest_16((r, g, b))),
        (ColorDepth::Ansi16, Color::Indexed(i)) if i < 16 => Some(ANSI16[usize::from(i)].0),
        (ColorDepth::Ansi16, Color::Indexed(i)) => Some(nearest_16(index_rgb(i))),
        (ColorDepth::Ansi16, c) => Some(c),
    }
}
