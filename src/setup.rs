//! Everything a command needs from config and flags, resolved and checked
//! before the terminal is touched. Errors carry their exit code.

use std::path::PathBuf;

use crate::cli::Global;
use crate::config::{self, Config, Desk};
use crate::domain::Severity;
use crate::domain::watch::{ShiftDef, WatchCycle};
use crate::state::Model;
use crate::theme::{self, ColorDepth, Theme};

/// A command's failure: the message, and the exit code (1 failure, 2 usage
/// or config, 3 partial).
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl From<config::ConfigError> for Failure {
    fn from(e: config::ConfigError) -> Failure {
        Failure::new(2, format!("config error: {e}"))
    }
}

pub struct Setup {
    pub config: Config,
    /// The journal file (for a PostgreSQL journal, its URL as given).
    pub journal_path: PathBuf,
    /// The journal: `--journal` (a path or a `postgres://` URL), else
    /// `[journal] url`, else `[journal] path`, else the default file.
    pub journal: crate::journal::Target,
    pub seed: u64,
    pub desk: Option<String>,
    pub read_only: bool,
    pub ascii: bool,
    pub depth: ColorDepth,
    pub theme_name: String,
    pub watch: WatchCycle,
}

impl Setup {
    /// Loads the config found by the lookup order; `demo` swaps in the
    /// built-in demo feeds.
    pub fn load(g: &Global, demo: bool) -> Result<Setup, Failure> {
        let mut config = config::load(g.config.as_deref())?;
        if demo {
            let builtin = config::parse(config::BUILTIN, config::ConfigSource::Builtin)?;
            config.feeds = builtin.feeds;
        }
        let depth = match &g.colors {
            Some(c) => ColorDepth::parse(c).ok_or_else(|| {
                Failure::new(
                    2,
                    format!("--colors {c:?}: expected truecolor, 256, 16 or none"),
                )
            })?,
            None => ColorDepth::detect(
                std::env::var("NO_COLOR").ok().as_deref(),
                std::env::var("COLORTERM").ok().as_deref(),
                std::env::var("TERM").ok().as_deref(),
            ),
        };
        let theme_name = g
            .theme
            .clone()
            .unwrap_or_else(|| config.console.theme.clone());
        if !theme::exists(&theme_name) {
            return Err(Failure::new(
                2,
                format!(
                    "--theme {theme_name:?}: no such theme (built-in: {})",
                    theme::builtin_names().join(", ")
                ),
            ));
        }
        // A broken theme file is a config error for every command, not only
        // when the console draws with it.
        theme::load(&theme_name, depth)?;
        let desk = match (&g.desk, &config.console.desk) {
            (Some(d), _) if d == "all" => None,
            (Some(d), _) => Some(d.clone()),
            (None, Desk::Region(r)) => Some(r.clone()),
            (None, Desk::All) => None,
        };
        let w = &config.watch;
        let shifts = w
            .shifts
            .iter()
            .map(|s| ShiftDef {
                name: s.name.clone(),
                start: s.start,
            })
            .collect();
        let watch = WatchCycle::new(w.timezone, w.day_starts, shifts)
            .map_err(|e| Failure::new(2, format!("config error: watch.shifts: {e}")))?;
        let journal_path = g
            .journal
            .clone()
            .or_else(|| config.journal.url.clone().map(PathBuf::from))
            .or_else(|| config.journal.path.clone())
            .unwrap_or_else(config::default_journal_path);
        let journal = crate::journal::Target::from_path(&journal_path);
        Ok(Setup {
            ascii: g.ascii || config.console.ascii,
            read_only: g.read_only,
            seed: g.seed.unwrap_or(crate::sim::DEFAULT_SEED),
            desk,
            depth,
            theme_name,
            watch,
            journal_path,
            journal,
            config,
        })
    }

    /// How to open the journal (file mode, database password, CA file).
    pub fn journal_options(&self) -> crate::journal::OpenOptions {
        let j = &self.config.journal;
        crate::journal::OpenOptions {
            mode: j.mode,
            password: j.password.as_ref().map(|p| p.0.clone()),
            ca_file: j.ca_file.clone(),
        }
    }

    pub fn theme(&self) -> Result<Theme, Failure> {
        theme::load(&self.theme_name, self.depth).map_err(Failure::from)
    }

    /// The lowest severity any escalation policy names: first sight of an
    /// alert at or above it is journaled as `raised`.
    pub fn raise_threshold(&self) -> Option<Severity> {
        self.config
            .escalation
            .iter()
            .filter(|p| !p.steps.is_empty())
            .map(|p| p.severity)
            .min()
    }

    pub fn model(&self, now: chrono::DateTime<chrono::Utc>) -> Model {
        let clear_after = chrono::Duration::from_std(self.config.console.clear_after)
            .unwrap_or(chrono::Duration::hours(1));
        Model::new(
            self.config.risk.clone(),
            clear_after,
            self.raise_threshold(),
            &self.config.feeds,
            now,
        )
    }

    pub fn levels(&self) -> u8 {
        u8::try_from(self.config.risk.levels.len()).unwrap_or(u8::MAX)
    }
}
