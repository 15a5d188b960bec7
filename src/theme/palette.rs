//! A theme file's palette: fixed semantic slots, each an optional colour,
//! validated with file, line and slot in every error.

use std::collections::BTreeMap;

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use super::color::parse_colour;
use crate::config::{ConfigError, Ctx};

pub const BASE_SLOTS: [&str; 14] = [
    "fg",
    "bg",
    "dim",
    "border",
    "border_focus",
    "title",
    "selected_fg",
    "selected_bg",
    "status_fg",
    "status_bg",
    "accent",
    "error",
    "warning",
    "ok",
];
/// Most severe first, as `Severity::ALL_DESC`.
pub const SEVERITY_SLOTS: [&str; 5] = ["critical", "high", "medium", "low", "info"];
pub const STATE_SLOTS: [&str; 5] = ["new", "acknowledged", "resolved", "snoozed", "cleared"];
pub const FEED_SLOTS: [&str; 3] = ["ok", "stale", "failing"];

type Slots = BTreeMap<String, Spanned<toml::Value>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileTheme {
    #[allow(dead_code)]
    name: Option<String>,
    #[allow(dead_code)]
    description: Option<String>,
    #[serde(default)]
    base: Slots,
    #[serde(default)]
    severity: Slots,
    #[serde(default)]
    level: Slots,
    #[serde(default)]
    state: Slots,
    #[serde(default)]
    feed: Slots,
}

/// Colours as written (before mapping to a colour depth).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Palette {
    pub base: [Option<Color>; 14],
    pub severity: [Option<Color>; 5],
    pub state: [Option<Color>; 5],
    pub feed: [Option<Color>; 3],
    /// Level number (1-based) -> colour, as given.
    pub levels: BTreeMap<u8, Color>,
}

impl Palette {
    /// Parses a theme file's text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Palette, ConfigError> {
        let ctx = Ctx::new(file, text);
        let f: FileTheme = toml::from_str(text).map_err(|e| ctx.toml_error(&e))?;
        let mut p = Palette::default();
        fill(&ctx, "base", &f.base, &BASE_SLOTS, &mut p.base)?;
        fill(
            &ctx,
            "severity",
            &f.severity,
            &SEVERITY_SLOTS,
            &mut p.severity,
        )?;
        fill(&ctx, "state", &f.state, &STATE_SLOTS, &mut p.state)?;
        fill(&ctx, "feed", &f.feed, &FEED_SLOTS, &mut p.feed)?;
        for (k, v) in &f.level {
            let key = format!("level.{}", crate::config::quote_key(k));
            let n = match k.parse::<u8>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(ctx.at(
                        v.span(),
                        key,
                        "unknown slot (levels are numbered \"1\", \"2\", ... lowest first)",
                    ));
                }
            };
            let c = parse_colour(v.get_ref()).map_err(|m| ctx.at(v.span(), &key, m))?;
            p.levels.insert(n, c);
        }
        Ok(p)
    }

    /// Slots this palette leaves out are taken from `fallback`; levels
    /// only when this palette gives none at all.
    pub fn or(mut self, fallback: &Palette) -> Palette {
        fn merge<const N: usize>(a: &mut [Option<Color>; N], b: &[Option<Color>; N]) {
            for (x, y) in a.iter_mut().zip(b) {
                if x.is_none() {
                    *x = *y;
                }
            }
        }
        merge(&mut self.base, &fallback.base);
        merge(&mut self.severity, &fallback.severity);
        merge(&mut self.state, &fallback.state);
        merge(&mut self.feed, &fallback.feed);
        if self.levels.is_empty() {
            self.levels = fallback.levels.clone();
        }
        self
    }

    pub fn base(&self, slot: &str) -> Option<Color> {
        BASE_SLOTS
            .iter()
            .position(|s| *s == slot)
            .and_then(|i| self.base[i])
    }

    /// Levels 1..=highest given; a missing level takes the nearest lower
    /// one (or the lowest given, below it).
    pub fn level_list(&self) -> Vec<Color> {
        let Some((&top, _)) = self.levels.last_key_value() else {
            return Vec::new();
        };
        let lowest = self.levels.values().next().copied().unwrap_or(Color::Reset);
        (1..=top)
            .map(|n| {
                self.levels
                    .range(..=n)
                    .next_back()
                    .map(|(_, c)| *c)
                    .unwrap_or(lowest)
            })
            .collect()
    }
}

fn fill<const N: usize>(
    ctx: &Ctx<'_>,
    table: &str,
    given: &Slots,
    names: &[&str; N],
    out: &mut [Option<Color>; N],
) -> Result<(), ConfigError> {
    for (k, v) in given {
        let key = format!("{table}.{}", crate::config::quote_key(k));
        let Some(i) = names.iter().position(|n| n == k) else {
            let msg = format!("unknown slot (the {table} slots are {})", names.join(", "));
            return Err(ctx.at(v.span(), key, msg));
        };
        out[i] = Some(parse_colour(v.get_ref()).map_err(|m| ctx.at(v.span(), &key, m))?);
    }
    Ok(())
}
