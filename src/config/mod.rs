//! Configuration: lookup, parsing and validation of `watchkeeper.toml`.
//!
//! Two layers (as trippy does): `file.rs` is what the file may say (serde,
//! unknown keys refused), `validate.rs`/`feeds.rs` turn it into the runtime
//! types below. Every error is a [`ConfigError`] naming file, line and key.

mod contacts;
mod error;
mod feeds;
mod file;
mod lookup;
mod related;
mod validate;
mod watch;

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveTime;
use chrono_tz::Tz;

use crate::domain::severity::Severity;
use crate::keymap::KeyMap;

pub use crate::domain::escalation::{EscalationPolicy, EscalationStep};
pub use crate::domain::feed::FeedKind;
pub use crate::domain::risk::{RiskLevel, RiskScale, short_of};

pub use contacts::{
    Channel, ContactGroup, EmailConfig, EnvSecret, NotifyConfig, PAGERDUTY_EVENTS_URL, Person,
};
pub use error::{ConfigError, line_of};
pub(crate) use error::{Ctx, a_type, quote_key};
pub use feeds::{DEFAULT_MAX_BYTES, check_url, parse_size};
pub use lookup::{
    BUILTIN, LookupEnv, builtin, config_dir, default_journal_path, default_reports_dir,
    expand_home, find_config, load, load_with, parse, parse_with,
};

/// Where a configuration came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// The shipped `config/watchkeeper.toml`, embedded at build time.
    Builtin,
    File(PathBuf),
}

impl ConfigSource {
    /// How errors name this source: the path, or `<built-in config>`.
    pub fn display_name(&self) -> String {
        match self {
            ConfigSource::Builtin => "<built-in config>".to_string(),
            ConfigSource::File(p) => p.display().to_string(),
        }
    }
}

impl fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_name())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub source: ConfigSource,
    pub console: ConsoleConfig,
    pub risk: RiskScale,
    pub watch: WatchConfig,
    pub journal: JournalConfig,
    pub escalation: Vec<EscalationPolicy>,
    /// The raw `[keys]` table: (action name, key specs, line), as built
    /// into `keymap`.
    pub keys: Vec<(String, Vec<String>, usize)>,
    /// The key map: the defaults with `[keys]` applied, built (and so
    /// checked) once, when the config is validated.
    pub keymap: KeyMap,
    pub feeds: Vec<FeedConfig>,
    /// `[[contacts]]`: who escalation steps reach.
    pub contacts: Vec<ContactGroup>,
    pub notify: NotifyConfig,
    /// `[related]`: related alerts shown as one row by this rule; `None`
    /// when `enabled = false`.
    pub related: Option<crate::domain::related::Rule>,
}

impl Config {
    /// The contact group with this id.
    pub fn contact(&self, id: &str) -> Option<&ContactGroup> {
        self.contacts.iter().find(|g| g.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleConfig {
    /// A theme that exists (built-in or user file) when the config was parsed.
    pub theme: String,
    pub language: String,
    pub notifications: Notifications,
    pub ascii: bool,
    pub desk: Desk,
    /// The longest snooze `z` accepts (default 7 days).
    pub max_snooze: Duration,
    /// How long a source-cleared alert stays visible (default 1 h).
    pub clear_after: Duration,
    /// The overall deadline of `snapshot` and `check` polling every feed
    /// once (default 20 s): a feed not done by then is reported as failed.
    pub poll_deadline: Duration,
}

macro_rules! config_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The spelling used in the config file.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// Parses the config spelling (exact, lower case).
            pub fn from_name(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
            /// `a | b | c`, for error messages.
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(" | ")
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

config_enum!(
    /// `console.notifications`.
    Notifications { Auto = "auto", Desktop = "desktop", Terminal = "terminal", Off = "off" }
);
config_enum!(
    /// How a feed's body is parsed.
    FeedFormat {
        WatchkeeperJson = "watchkeeper-json",
        Cap = "cap",
        CapAtom = "cap-atom",
        UsgsGeojson = "usgs-geojson",
        GdacsRss = "gdacs-rss",
        GdacsGeojson = "gdacs-geojson",
    }
);

config_enum!(
    /// `notify.email.tls`.
    SmtpTls { Starttls = "starttls", Tls = "tls", None = "none" }
);

/// `console.desk`: every region, or one desk's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Desk {
    All,
    Region(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchConfig {
    pub timezone: Tz,
    pub day_starts: NaiveTime,
    /// Ordered by start, from the first shift starting at or after
    /// `day_starts` round the clock. Each ends where the next starts; the
    /// last wraps to the first. Non-empty; names and starts distinct.
    pub shifts: Vec<Shift>,
    pub reports_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub name: String,
    pub start: NaiveTime,
}

/// `[journal]`. Its `Debug` shows the URL without its password.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct JournalConfig {
    pub path: Option<PathBuf>,
    /// File mode on creation, e.g. 0o660.
    pub mode: Option<u32>,
    /// A shared PostgreSQL journal (`postgres://...`), instead of `path`.
    pub url: Option<String>,
    /// The database password, read from the environment variable named by
    /// `password = "env:NAME"`.
    pub password: Option<Secret>,
    /// CA certificates (PEM) trusted for the database's TLS certificate.
    pub ca_file: Option<PathBuf>,
}

impl std::fmt::Debug for JournalConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = self.url.as_ref().map(|u| {
            crate::journal::Target::Postgres(u.clone())
                .location()
                .to_string()
        });
        f.debug_struct("JournalConfig")
            .field("path", &self.path)
            .field("mode", &self.mode)
            .field("url", &url)
            .field("password", &self.password)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// A value never printed (Debug shows `***`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedConfig {
    pub id: String,
    pub kind: FeedKind,
    pub format: FeedFormat,
    pub url: String,
    pub interval: Duration,
    pub timeout: Duration,
    pub headers: Vec<(String, HeaderValue)>,
    pub max_bytes: u64,
    pub match_radius_km: f64,
    pub min_severity: Severity,
    pub ca_file: Option<PathBuf>,
    pub include_exercises: bool,
    /// cap-atom: at most this many index entries (the newest) per poll.
    pub max_entries: usize,
}

/// A request header's value. `Debug` never shows a literal value: headers
/// carry secrets.
#[derive(Clone, PartialEq, Eq)]
pub enum HeaderValue {
    Literal(String),
    /// `env:NAME`: read from the environment variable NAME when polling.
    Env(String),
}

impl fmt::Debug for HeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderValue::Literal(_) => f.write_str("Literal(<redacted>)"),
            HeaderValue::Env(name) => write!(f, "Env({name:?})"),
        }
    }
}
