//! Where the configuration comes from, and the XDG default paths.
//!
//! The environment is read once into a [`LookupEnv`]; everything else is a
//! pure function of it, so tests never need to set process variables.

use std::path::{Path, PathBuf};

use super::error::{ConfigError, Ctx};
use super::file::FileConfig;
use super::validate::{V, validate};
use super::{Config, ConfigSource};

/// The shipped `config/watchkeeper.toml`: the built-in default.
pub const BUILTIN: &str = include_str!("../../config/watchkeeper.toml");

/// The environment variables the lookup reads. Unset, empty and (for the
/// XDG ones, as the XDG spec says) relative values count as absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LookupEnv {
    pub watchkeeper_config: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
    pub xdg_data_home: Option<PathBuf>,
    pub home: Option<PathBuf>,
}

impl LookupEnv {
    pub fn from_process() -> LookupEnv {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let abs = |name: &str| var(name).filter(|p| p.is_absolute());
        LookupEnv {
            watchkeeper_config: var("WATCHKEEPER_CONFIG"),
            xdg_config_home: abs("XDG_CONFIG_HOME"),
            xdg_data_home: abs("XDG_DATA_HOME"),
            home: var("HOME"),
        }
    }

    /// `$XDG_CONFIG_HOME/watchkeeper`, else `~/.config/watchkeeper`.
    pub fn config_dir(&self) -> Option<PathBuf> {
        let base = self
            .xdg_config_home
            .clone()
            .or_else(|| self.home.as_ref().map(|h| h.join(".config")))?;
        Some(base.join("watchkeeper"))
    }

    /// `$XDG_DATA_HOME/watchkeeper`, else `~/.local/share/watchkeeper`.
    pub fn data_dir(&self) -> Option<PathBuf> {
        let base = self
            .xdg_data_home
            .clone()
            .or_else(|| self.home.as_ref().map(|h| h.join(".local/share")))?;
        Some(base.join("watchkeeper"))
    }

    /// A path for messages, with $HOME written `~`.
    pub fn tilde(&self, p: &Path) -> String {
        match self.home.as_ref().and_then(|h| p.strip_prefix(h).ok()) {
            Some(rest) => format!("~/{}", rest.display()),
            None => p.display().to_string(),
        }
    }
}

/// `~` and `~/...` become $HOME and $HOME/...; other paths are unchanged.
pub fn expand_home(raw: &str, home: Option<&Path>) -> Result<PathBuf, String> {
    let rest = match raw.strip_prefix('~') {
        None => return Ok(PathBuf::from(raw)),
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.trim_start_matches('/'),
        Some(_) => {
            return Err(format!(
                "cannot expand {raw:?}: only ~/ (your own home) is understood; write the full path"
            ));
        }
    };
    match home {
        Some(h) => Ok(h.join(rest)),
        None => Err(format!(
            "cannot expand {raw:?}: $HOME is not set (write the full path)"
        )),
    }
}

/// The config file to read: `explicit` (`--config`), else
/// `$WATCHKEEPER_CONFIG`, else `<config_dir>/watchkeeper.toml` if it exists;
/// `None` means the built-in default. A named file that is missing (or a
/// directory) is an error; the XDG one is optional. `/dev/null` is an empty
/// config: no feeds, which `check` warns about.
pub fn find_config(
    explicit: Option<&Path>,
    env: &LookupEnv,
) -> Result<Option<PathBuf>, ConfigError> {
    let named = [
        (explicit.map(Path::to_path_buf), "--config"),
        (env.watchkeeper_config.clone(), "WATCHKEEPER_CONFIG"),
    ];
    for (path, via) in named {
        if let Some(path) = path {
            let shown = path.display().to_string();
            let path = expand_home(&shown, env.home.as_deref())
                .map_err(|m| ConfigError::new(&shown, None, via, m))?;
            // Anything readable that is not a directory will do:
            // `--config /dev/null` is an empty config (as `ssh -F /dev/null`
            // is), `--config <(…)` a pipe.
            if !path.exists() || path.is_dir() {
                let what = if path.is_dir() {
                    "is a directory, not a file"
                } else {
                    "no such file"
                };
                let msg = format!(
                    "{what} (named by {})",
                    if via == "--config" {
                        "--config"
                    } else {
                        "$WATCHKEEPER_CONFIG"
                    }
                );
                return Err(ConfigError::new(&shown, None, via, msg));
            }
            return Ok(Some(path));
        }
    }
    Ok(env
        .config_dir()
        .map(|d| d.join("watchkeeper.toml"))
        .filter(|p| p.exists()))
}

/// Finds, reads, parses and validates the configuration.
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    load_with(explicit, &LookupEnv::from_process())
}

/// [`load`] with the environment given.
pub fn load_with(explicit: Option<&Path>, env: &LookupEnv) -> Result<Config, ConfigError> {
    match find_config(explicit, env)? {
        None => parse_with(BUILTIN, ConfigSource::Builtin, env),
        Some(path) => {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|e| {
                ConfigError::new(
                    &shown,
                    None,
                    "",
                    format!("cannot read the config file: {e}"),
                )
            })?;
            parse_with(&text, ConfigSource::File(path), env)
        }
    }
}

/// Parses and validates config text. User themes are looked for under the
/// process's config dir.
pub fn parse(text: &str, source: ConfigSource) -> Result<Config, ConfigError> {
    parse_with(text, source, &LookupEnv::from_process())
}

/// [`parse`] with the environment given.
pub fn parse_with(
    text: &str,
    source: ConfigSource,
    env: &LookupEnv,
) -> Result<Config, ConfigError> {
    let ctx = Ctx::new(source.display_name(), text);
    let file: FileConfig = toml::from_str(text).map_err(|e| ctx.toml_error(&e))?;
    let base = match &source {
        ConfigSource::File(p) => p.parent().map(Path::to_path_buf),
        ConfigSource::Builtin => None,
    };
    validate(file, &V { ctx, env, base }, source)
}

/// The built-in default configuration.
pub fn builtin() -> Result<Config, ConfigError> {
    parse(BUILTIN, ConfigSource::Builtin)
}

fn data_dir_or_here() -> PathBuf {
    LookupEnv::from_process()
        .data_dir()
        .unwrap_or_else(|| PathBuf::from("watchkeeper"))
}

/// `$XDG_DATA_HOME/watchkeeper/journal.db`, else `~/.local/share/watchkeeper/journal.db`.
pub fn default_journal_path() -> PathBuf {
    data_dir_or_here().join("journal.db")
}

/// `$XDG_DATA_HOME/watchkeeper/reports`, else `~/.local/share/watchkeeper/reports`.
pub fn default_reports_dir() -> PathBuf {
    data_dir_or_here().join("reports")
}

/// `$XDG_CONFIG_HOME/watchkeeper`, else `~/.config/watchkeeper` (user themes
/// live in its `themes/`).
pub fn config_dir() -> Option<PathBuf> {
    LookupEnv::from_process().config_dir()
}
