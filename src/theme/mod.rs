//! Themes: semantic palettes (`themes/*.toml`, embedded; or the operator's
//! `<config_dir>/themes/NAME.toml`, which shadows a built-in) turned into
//! ratatui `Style`s for the terminal's colour depth. Meaning never rests on
//! colour alone: critical is bold (and reversed without colour), resolved
//! and cleared are dim, the selection is reversed without colour.

mod color;
pub mod contrast;
mod palette;

use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};

pub use color::{ColorDepth, adapt, nearest_16, nearest_256, parse_colour};
pub use palette::{BASE_SLOTS, FEED_SLOTS, Palette, SEVERITY_SLOTS, STATE_SLOTS};

use crate::config::ConfigError;
use crate::domain::severity::Severity;

const BUILTINS: [(&str, &str); 4] = [
    ("watch-dark", include_str!("../../themes/watch-dark.toml")),
    ("watch-light", include_str!("../../themes/watch-light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    (
        "colorblind-safe",
        include_str!("../../themes/colorblind-safe.toml"),
    ),
];
const NAMES: [&str; 4] = [BUILTINS[0].0, BUILTINS[1].0, BUILTINS[2].0, BUILTINS[3].0];

/// The default theme, and the palette every other theme falls back to for
/// slots it leaves out.
pub const DEFAULT_THEME: &str = "watch-dark";

pub fn builtin_names() -> &'static [&'static str] {
    &NAMES
}

/// The built-in theme file's text.
pub fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// `<config_dir>/themes`, where operators put their own themes.
pub fn user_dir() -> Option<PathBuf> {
    crate::config::config_dir().map(|d| d.join("themes"))
}

/// Theme names are file names: letters, digits, `-` and `_` only.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn user_file(name: &str, dir: Option<&Path>) -> Option<PathBuf> {
    dir.filter(|_| valid_name(name))
        .map(|d| d.join(format!("{name}.toml")))
        .filter(|p| p.is_file())
}

/// Every theme `:theme` can switch to: the built-in ones, then the
/// operator's own files in [`user_dir`] (by name, sorted, each once).
pub fn names() -> Vec<String> {
    let mut out: Vec<String> = builtin_names().iter().map(|n| n.to_string()).collect();
    let mut own: Vec<String> = user_dir()
        .and_then(|d| std::fs::read_dir(d).ok())
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .filter(|n| valid_name(n) && !out.contains(n))
        .collect();
    own.sort();
    out.extend(own);
    out
}

/// A built-in theme or a user file of that name exists.
pub fn exists(name: &str) -> bool {
    exists_in(name, user_dir().as_deref())
}

/// [`exists`] with the user theme folder given.
pub fn exists_in(name: &str, user_dir: Option<&Path>) -> bool {
    builtin_text(name).is_some() || user_file(name, user_dir).is_some()
}

/// Loads a theme by name (a user file shadows a built-in one).
pub fn load(name: &str, depth: ColorDepth) -> Result<Theme, ConfigError> {
    load_from(name, depth, user_dir().as_deref())
}

/// [`load`] with the user theme folder given.
pub fn load_from(
    name: &str,
    depth: ColorDepth,
    user_dir: Option<&Path>,
) -> Result<Theme, ConfigError> {
    if let Some(path) = user_file(name, user_dir) {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            ConfigError::new(&shown, None, "", format!("cannot read the theme file: {e}"))
        })?;
        return parse(name, &text, &shown, depth);
    }
    match builtin_text(name) {
        Some(text) => parse(name, text, &format!("<built-in theme {name}>"), depth),
        None => {
            let place = match user_dir {
                Some(d) if valid_name(name) => format!("or put {name}.toml in {}/", d.display()),
                Some(_) => "theme names use letters, digits, - and _".to_string(),
                None => "user themes need $HOME or $XDG_CONFIG_HOME".to_string(),
            };
            let msg = format!(
                "no theme named {name:?} (built-in: {}; {place})",
                NAMES.join(", ")
            );
            Err(ConfigError::new("<themes>", None, "theme", msg))
        }
    }
}

/// Builds a theme from a theme file's text; `file` names it in errors.
/// Slots the file leaves out come from the default theme.
pub fn parse(name: &str, text: &str, file: &str, depth: ColorDepth) -> Result<Theme, ConfigError> {
    let fallback = Palette::parse(
        builtin_text(DEFAULT_THEME).unwrap_or(""),
        "<built-in theme watch-dark>",
    )?;
    let palette = Palette::parse(text, file)?.or(&fallback);
    Ok(Theme::from_palette(name, &palette, depth))
}

/// Every style the UI draws with.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub depth: ColorDepth,
    pub base: Style,
    pub dim: Style,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    pub selected: Style,
    pub status_bar: Style,
    pub accent: Style,
    pub error: Style,
    pub warning: Style,
    pub ok: Style,
    pub state_new: Style,
    pub state_acknowledged: Style,
    pub state_resolved: Style,
    pub state_snoozed: Style,
    pub state_cleared: Style,
    pub feed_ok: Style,
    pub feed_stale: Style,
    pub feed_failing: Style,
    severity: [Style; 5],
    levels: Vec<Style>,
}

impl Theme {
    /// The palette mapped to `depth`, with the modifiers that carry
    /// meaning without colour.
    pub fn from_palette(name: &str, p: &Palette, depth: ColorDepth) -> Theme {
        let none = depth == ColorDepth::None;
        let when = |cond: bool, m: Modifier| if cond { m } else { Modifier::empty() };
        let paint = |fg: Option<Color>, bg: Option<Color>, m: Modifier| {
            let mut s = Style::new().add_modifier(m);
            if let Some(c) = fg.and_then(|c| adapt(c, depth)) {
                s = s.fg(c);
            }
            if let Some(c) = bg.and_then(|c| adapt(c, depth)) {
                s = s.bg(c);
            }
            s
        };
        let fg = |slot: &str, m: Modifier| paint(p.base(slot), None, m);
        let sev = |i: usize, m: Modifier| paint(p.severity[i], None, m);
        let st = |i: usize, m: Modifier| paint(p.state[i], None, m);
        let fd = |i: usize, m: Modifier| paint(p.feed[i], None, m);
        let levels = p
            .level_list()
            .iter()
            .enumerate()
            .map(|(i, c)| paint(Some(*c), None, when(i >= 4, Modifier::BOLD)))
            .collect();
        Theme {
            name: name.to_string(),
            depth,
            base: paint(p.base("fg"), p.base("bg"), Modifier::empty()),
            dim: fg("dim", when(none, Modifier::DIM)),
            border: fg("border", Modifier::empty()),
            border_focus: fg("border_focus", Modifier::BOLD),
            title: fg("title", Modifier::BOLD),
            selected: paint(
                p.base("selected_fg"),
                p.base("selected_bg"),
                when(none, Modifier::REVERSED),
            ),
            status_bar: paint(
                p.base("status_fg"),
                p.base("status_bg"),
                when(none, Modifier::REVERSED),
            ),
            accent: fg("accent", Modifier::empty()),
            error: fg("error", Modifier::BOLD),
            warning: fg("warning", Modifier::empty()),
            ok: fg("ok", Modifier::empty()),
            state_new: st(0, Modifier::BOLD),
            state_acknowledged: st(1, Modifier::empty()),
            state_resolved: st(2, Modifier::DIM),
            state_snoozed: st(3, Modifier::DIM | Modifier::ITALIC),
            state_cleared: st(4, Modifier::DIM),
            feed_ok: fd(0, Modifier::empty()),
            feed_stale: fd(1, when(none, Modifier::ITALIC)),
            feed_failing: fd(2, Modifier::BOLD),
            severity: [
                sev(0, Modifier::BOLD | when(none, Modifier::REVERSED)),
                sev(1, Modifier::BOLD),
                sev(2, Modifier::empty()),
                sev(3, Modifier::empty()),
                sev(4, when(none, Modifier::DIM)),
            ],
            levels,
        }
    }

    pub fn severity(&self, s: Severity) -> Style {
        let i = Severity::ALL_DESC.iter().position(|x| *x == s).unwrap_or(4);
        self.severity[i]
    }

    /// Level `level` (1-based) of the risk scale; below 1 is level 1, above
    /// the theme's highest level is its highest.
    pub fn level(&self, level: u8) -> Style {
        let i = usize::from(level.max(1)) - 1;
        self.levels
            .get(i)
            .or(self.levels.last())
            .copied()
            .unwrap_or(self.base)
    }

    /// How many levels the theme colours distinctly.
    pub fn level_count(&self) -> usize {
        self.levels.len()
    }
}
