//! One key with its modifiers: parsing `"ctrl+a"`, matching terminal
//! events, and labels for the help overlay.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key with its modifiers. Char keys never store SHIFT: the case of the
/// character carries it (`"A"` and `"shift+a"` are both `Char('A')`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("plus", KeyCode::Char('+')),
];

impl KeySpec {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> KeySpec {
        let shift = mods.contains(KeyModifiers::SHIFT);
        match code {
            KeyCode::Char(c) => {
                let c = if shift { c.to_ascii_uppercase() } else { c };
                KeySpec {
                    code: KeyCode::Char(c),
                    mods: mods - KeyModifiers::SHIFT,
                }
            }
            KeyCode::BackTab => KeySpec {
                code,
                mods: mods - KeyModifiers::SHIFT,
            },
            KeyCode::Tab if shift => KeySpec {
                code: KeyCode::BackTab,
                mods: mods - KeyModifiers::SHIFT,
            },
            _ => KeySpec { code, mods },
        }
    }

    /// The event as a spec, normalised the same way as parsed specs.
    pub fn from_event(ev: &KeyEvent) -> KeySpec {
        let mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        KeySpec::new(ev.code, mods)
    }

    /// `"a"`, `"A"`, `"ctrl+a"`, `"alt+x"`, `"shift+tab"`, `"f5"`, `"enter"`,
    /// `"esc"`, `"tab"`, `"space"`, arrows, `"pgup"`, `"pgdn"`, `"home"`,
    /// `"end"`, `"?"`, `"/"`, `":"`, `"+"`. Names are case-insensitive; a
    /// single character is taken as written.
    pub fn parse(s: &str) -> Result<KeySpec, String> {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(KeySpec::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let s = s.trim();
        if s.is_empty() {
            return Err("empty key (write e.g. \"a\", \"ctrl+a\" or \"f5\")".to_string());
        }
        let (mod_part, key) = match s.strip_suffix("++") {
            Some(m) => (Some(m), "+"),
            None => match s.rsplit_once('+') {
                Some((m, k)) => (Some(m), k),
                None => (None, s),
            },
        };
        let mut mods = KeyModifiers::NONE;
        for m in mod_part.into_iter().flat_map(|p| p.split('+')) {
            mods |= match m.trim().to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" | "meta" | "option" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                "" => {
                    return Err(format!(
                        "bad key {s:?}: a + with nothing before it (e.g. \"ctrl+a\")"
                    ));
                }
                other => {
                    return Err(format!(
                        "bad key {s:?}: unknown modifier {other:?} (use ctrl, alt or shift)"
                    ));
                }
            };
        }
        let mut kc = key.chars();
        let code = match (kc.next(), kc.next()) {
            (None, _) => {
                return Err(format!(
                    "bad key {s:?}: no key after the modifier (e.g. \"ctrl+a\")"
                ));
            }
            (Some(c), None) => KeyCode::Char(c),
            _ => {
                let lower = key.to_ascii_lowercase();
                let f = lower
                    .strip_prefix('f')
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=24).contains(n));
                match (f, NAMED.iter().find(|(n, _)| *n == lower)) {
                    (Some(n), _) => KeyCode::F(n),
                    (None, Some((_, code))) => *code,
                    (None, None) => {
                        return Err(format!(
                            "bad key {s:?}: unknown key name {key:?} (use one character, or enter, esc, tab, space, backspace, delete, insert, up, down, left, right, pgup, pgdn, home, end, f1-f24; modifiers ctrl+, alt+, shift+)"
                        ));
                    }
                }
            }
        };
        if let (KeyCode::Char(c), true) = (code, mods.contains(KeyModifiers::SHIFT))
            && !c.is_ascii_alphabetic()
        {
            return Err(format!(
                "bad key {s:?}: shift works with letters; write the character itself (e.g. \"!\" or \"?\")"
            ));
        }
        Ok(KeySpec::new(code, mods))
    }

    /// Does this event press this key? Tolerant of terminals that report
    /// SHIFT with an upper-case character, or not.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        *self == KeySpec::from_event(ev)
    }

    /// For the help overlay: `a`, `A`, `Ctrl-a`, `Shift-Tab`, `F5`, `↓`.
    pub fn label(&self) -> String {
        self.render(false)
    }

    /// As [`label`](Self::label) but ASCII only (`--ascii`): `Down`, `Up`.
    pub fn label_ascii(&self) -> String {
        self.render(true)
    }

    fn render(&self, ascii: bool) -> String {
        let mut out = String::new();
        for (m, name) in [
            (KeyModifiers::CONTROL, "Ctrl-"),
            (KeyModifiers::ALT, "Alt-"),
            (KeyModifiers::SHIFT, "Shift-"),
        ] {
            if self.mods.contains(m) {
                out.push_str(name);
            }
        }
        let arrow = |fancy: &str, plain: &str| {
            if ascii {
                plain.to_string()
            } else {
                fancy.to_string()
            }
        };
        out.push_str(&match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Down => arrow("↓", "Down"),
            KeyCode::Up => arrow("↑", "Up"),
            KeyCode::Left => arrow("←", "Left"),
            KeyCode::Right => arrow("→", "Right"),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::Backspace => "Bksp".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::Insert => "Ins".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        });
        out
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}
