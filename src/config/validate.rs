//! File layer -> runtime `Config`: every semantic check, each error with a
//! line (from the value's span) and a dotted key.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use super::error::{ConfigError, Ctx, quote_key};
use super::file::{FileConfig, FileConsole, FileJournal, FileRisk, S};
use super::lookup::{LookupEnv, expand_home};
use super::{
    Config, ConfigSource, ConsoleConfig, Desk, JournalConfig, Notifications, RiskLevel, RiskScale,
    short_of,
};
use crate::domain::duration::parse_duration;
use crate::keymap::KeyMap;

/// Default `[console] poll_deadline`: well under a minute.
pub const DEFAULT_POLL_DEADLINE: Duration = Duration::from_secs(20);

pub(crate) type R<T> = Result<T, ConfigError>;

/// Validation context: the error builder and what paths resolve against.
pub(crate) struct V<'a> {
    pub ctx: Ctx<'a>,
    pub env: &'a LookupEnv,
    /// Relative paths in a config file are relative to the file's folder.
    pub base: Option<PathBuf>,
}

impl V<'_> {
    pub fn err<T>(
        &self,
        s: &S<impl Sized>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> R<T> {
        Err(self.ctx.at(s.span(), key, message))
    }

    pub fn duration(&self, s: &S<String>, key: &str) -> R<Duration> {
        parse_duration(s.get_ref()).or_else(|m| self.err(s, key, m))
    }

    /// `~/` expanded to $HOME; a relative path joined to the config's folder.
    pub fn path(&self, s: &S<String>, key: &str) -> R<PathBuf> {
        let raw = s.get_ref().trim();
        if raw.is_empty() {
            return self.err(s, key, "empty path (leave the key out for the default)");
        }
        let p = expand_home(raw, self.env.home.as_deref()).or_else(|m| self.err(s, key, m))?;
        Ok(match &self.base {
            Some(base) if p.is_relative() => base.join(p),
            _ => p,
        })
    }
}

pub(crate) fn validate(file: FileConfig, v: &V<'_>, source: ConfigSource) -> R<Config> {
    let (keys, keymap) = keys(&file.keys, v)?;
    let notify = super::contacts::notify(&file.notify, v)?;
    let contacts = super::contacts::contacts(&file.contacts, &notify, v)?;
    let escalation = super::watch::escalation(file.escalation.as_ref(), v)?;
    super::contacts::check_targets(file.escalation.as_ref(), &escalation, &contacts, v)?;
    Ok(Config {
        source,
        console: console(&file.console, v)?,
        risk: risk(&file.risk, v)?,
        watch: super::watch::watch(&file.watch, v)?,
        journal: journal(&file.journal, v)?,
        escalation,
        keys,
        keymap,
        feeds: super::feeds::feeds(&file.feeds, v)?,
        contacts,
        notify,
        related: super::related::related(&file.related, v)?,
    })
}

/// `[a-z0-9-]+`: feed ids and desk (region) ids.
pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn console(c: &FileConsole, v: &V<'_>) -> R<ConsoleConfig> {
    let theme = match &c.theme {
        None => "watch-dark".to_string(),
        Some(t) => {
            let name = t.get_ref().trim();
            let dir = v.env.config_dir().map(|d| d.join("themes"));
            if !crate::theme::exists_in(name, dir.as_deref()) {
                let shown = dir
                    .map(|d| v.env.tilde(&d))
                    .unwrap_or_else(|| "~/.config/watchkeeper/themes".into());
                let msg = format!(
                    "no theme named {name:?} (built-in: {}; or put {name}.toml in {shown}/)",
                    crate::theme::builtin_names().join(", ")
                );
                return v.err(t, "console.theme", msg);
            }
            name.to_string()
        }
    };
    let language = match &c.language {
        None => "en".to_string(),
        Some(l) => {
            let s = l.get_ref().trim();
            let mut parts = s.split('-');
            let primary = parts.next().unwrap_or("");
            let ok = (2..=3).contains(&primary.len())
                && primary.bytes().all(|b| b.is_ascii_alphabetic())
                && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
            if !ok {
                let msg = format!(
                    "bad language {s:?} (use a language tag such as \"en\", \"fr\" or \"pt-BR\")"
                );
                return v.err(l, "console.language", msg);
            }
            s.to_string()
        }
    };
    let notifications = match &c.notifications {
        None => Notifications::Auto,
        Some(n) => match Notifications::from_name(n.get_ref().trim()) {
            Some(x) => x,
            None => {
                let msg = format!(
                    "unknown value {:?} (expected {})",
                    n.get_ref(),
                    Notifications::choices()
                );
                return v.err(n, "console.notifications", msg);
            }
        },
    };
    let desk = match &c.desk {
        None => Desk::All,
        Some(d) if d.get_ref().trim() == "all" => Desk::All,
        Some(d) if is_id(d.get_ref().trim()) => Desk::Region(d.get_ref().trim().to_string()),
        Some(d) => {
            let msg = format!(
                "bad desk {:?} (use \"all\" or a region id of a-z, 0-9 and -, e.g. \"africa\")",
                d.get_ref()
            );
            return v.err(d, "console.desk", msg);
        }
    };
    let clear_after = match &c.clear_after {
        None => Duration::from_secs(3600),
        Some(d) => v.duration(d, "console.clear_after")?,
    };
    let poll_deadline = match &c.poll_deadline {
        None => DEFAULT_POLL_DEADLINE,
        Some(d) => v.duration(d, "console.poll_deadline")?,
    };
    let max_snooze = match &c.max_snooze {
        None => Duration::from_secs(7 * 24 * 3600),
        Some(d) => {
            let max = v.duration(d, "console.max_snooze")?;
            if max.is_zero() {
                return v.err(
                    d,
                    "console.max_snooze",
                    "must be longer than 0 (e.g. \"7d\")",
                );
            }
            max
        }
    };
    Ok(ConsoleConfig {
        max_snooze,
        theme,
        language,
        notifications,
        ascii: c.ascii.unwrap_or(false),
        desk,
        clear_after,
        poll_deadline,
    })
}

fn risk(r: &FileRisk, v: &V<'_>) -> R<RiskScale> {
    let Some(levels) = &r.levels else {
        if let Some(short) = &r.short {
            return v.err(
                short,
                "risk.short",
                "short labels given without levels (add risk.levels)",
            );
        }
        return Ok(RiskScale::un_sls());
    };
    if levels.get_ref().len() < 2 {
        return v.err(
            levels,
            "risk.levels",
            "a risk scale needs at least 2 levels, lowest first",
        );
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, name) in levels.get_ref().iter().enumerate() {
        let n = name.get_ref().trim();
        if n.is_empty() {
            return v.err(name, format!("risk.levels[{i}]"), "empty level name");
        }
        if !seen.insert(n.to_lowercase()) {
            return v.err(
                name,
                format!("risk.levels[{i}]"),
                format!("level {n:?} is listed twice"),
            );
        }
        out.push(RiskLevel {
            name: n.to_string(),
            short: short_of(n),
        });
    }
    if let Some(short) = &r.short {
        let (got, want) = (short.get_ref().len(), out.len());
        if got != want {
            let msg = format!(
                "{got} short labels for {want} levels (give one per level, in the same order)"
            );
            return v.err(short, "risk.short", msg);
        }
        for (i, (s, level)) in short.get_ref().iter().zip(out.iter_mut()).enumerate() {
            if s.get_ref().trim().is_empty() {
                return v.err(s, format!("risk.short[{i}]"), "empty short label");
            }
            level.short = s.get_ref().trim().to_string();
        }
    }
    Ok(RiskScale { levels: out })
}

fn journal(j: &FileJournal, v: &V<'_>) -> R<JournalConfig> {
    let path = j
        .path
        .as_ref()
        .map(|p| v.path(p, "journal.path"))
        .transpose()?;
    let mode = match &j.mode {
        None => None,
        Some(m) => {
            let raw = m.get_ref().trim();
            let digits = raw.strip_prefix("0o").unwrap_or(raw);
            let parsed = match digits.len() {
                3 | 4 => u32::from_str_radix(digits, 8).ok(),
                _ => None,
            };
            match parsed {
                Some(mode) if mode & 0o600 == 0o600 => Some(mode),
                Some(_) => {
                    let msg = format!(
                        "file mode {raw:?} would lock the owner out of the journal (the owner needs read and write, e.g. \"0660\")"
                    );
                    return v.err(m, "journal.mode", msg);
                }
                None => {
                    let msg = format!(
                        "bad file mode {raw:?} (write octal digits 0-7 in quotes, e.g. \"0660\" or \"0600\")"
                    );
                    return v.err(m, "journal.mode", msg);
                }
            }
        }
    };
    let url = match &j.url {
        None => None,
        Some(u) => {
            let raw = u.get_ref().trim();
            if !crate::journal::is_postgres_url(raw) {
                let msg = format!(
                    "{raw:?} is not a PostgreSQL URL (write postgres://user@host:5432/dbname; \
                     for a journal file use journal.path)"
                );
                return v.err(u, "journal.url", msg);
            }
            if path.is_some() {
                let msg = "journal.url and journal.path both set: choose one journal";
                return v.err(u, "journal.url", msg);
            }
            Some(raw.to_string())
        }
    };
    let password = match &j.password {
        None => None,
        Some(p) => {
            let raw = p.get_ref().trim();
            let Some(name) = raw.strip_prefix("env:").filter(|n| !n.is_empty()) else {
                let msg = "write the password as \"env:NAME\", naming the environment \
                           variable that holds it (never the password itself)";
                return v.err(p, "journal.password", msg);
            };
            match std::env::var(name) {
                Ok(value) if !value.is_empty() => Some(crate::config::Secret(value)),
                _ => {
                    let msg = format!("environment variable {name} is not set (or empty)");
                    return v.err(p, "journal.password", msg);
                }
            }
        }
    };
    let ca_file = j
        .ca_file
        .as_ref()
        .map(|p| v.path(p, "journal.ca_file"))
        .transpose()?;
    Ok(JournalConfig {
        path,
        mode,
        url,
        password,
        ca_file,
    })
}

/// The raw `[keys]` table: (action name, key specs, line).
type KeysTable = Vec<(String, Vec<String>, usize)>;

fn keys(
    table: &std::collections::BTreeMap<String, S<toml::Value>>,
    v: &V<'_>,
) -> R<(KeysTable, KeyMap)> {
    let mut out = Vec::new();
    for (action, value) in table {
        let key = format!("keys.{}", quote_key(action));
        let line = super::line_of(v.ctx.text, value.span().start);
        let specs = match value.get_ref() {
            toml::Value::String(s) => vec![s.clone()],
            toml::Value::Array(items) => {
                let mut specs = Vec::new();
                for item in items {
                    match item.as_str() {
                        Some(s) => specs.push(s.to_string()),
                        None => {
                            return v.err(
                                value,
                                key,
                                "key lists hold strings, e.g. [\"a\", \"ctrl+a\"]",
                            );
                        }
                    }
                }
                specs
            }
            other => {
                let msg = format!(
                    "expected a key or a list of keys, e.g. [\"a\", \"f5\"], found {}",
                    super::error::a_type(other)
                );
                return v.err(value, key, msg);
            }
        };
        out.push((action.clone(), specs, line));
    }
    // Refuse unknown actions, bad key specs and clashes now, so the
    // console exits 2 with file:line before the terminal is touched.
    let keymap = KeyMap::from_config(&out)
        .map_err(|e| ConfigError::new(&v.ctx.file, Some(e.line), e.key, e.message))?;
    Ok((out, keymap))
}
