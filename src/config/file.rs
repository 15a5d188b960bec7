//! The file layer: what `watchkeeper.toml` may contain, as serde types.
//! Unknown keys are refused; values checked by hand are kept `Spanned` so
//! their errors carry a line. `validate.rs` turns these into `Config`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    #[serde(default)]
    pub console: FileConsole,
    #[serde(default)]
    pub risk: FileRisk,
    #[serde(default)]
    pub watch: FileWatch,
    #[serde(default)]
    pub journal: FileJournal,
    /// Absent: the SPEC's policies. `escalation = []`: none.
    pub escalation: Option<S<Vec<FileEscalation>>>,
    #[serde(default)]
    pub keys: BTreeMap<String, S<toml::Value>>,
    #[serde(default)]
    pub feeds: Vec<S<FileFeed>>,
    #[serde(default)]
    pub contacts: Vec<S<super::contacts::FileContact>>,
    #[serde(default)]
    pub notify: super::contacts::FileNotify,
    #[serde(default)]
    pub related: super::related::FileRelated,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConsole {
    pub theme: Option<S<String>>,
    pub language: Option<S<String>>,
    pub notifications: Option<S<String>>,
    pub ascii: Option<bool>,
    pub desk: Option<S<String>>,
    pub clear_after: Option<S<String>>,
    pub poll_deadline: Option<S<String>>,
    pub max_snooze: Option<S<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRisk {
    pub levels: Option<S<Vec<S<String>>>>,
    pub short: Option<S<Vec<S<String>>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileWatch {
    pub timezone: Option<S<String>>,
    pub day_starts: Option<S<String>>,
    pub shifts: Option<S<Vec<S<FileShift>>>>,
    pub reports_dir: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileShift {
    pub name: S<String>,
    pub start: S<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileJournal {
    pub path: Option<S<String>>,
    pub mode: Option<S<String>>,
    pub url: Option<S<String>>,
    pub password: Option<S<String>>,
    pub ca_file: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEscalation {
    pub severity: S<String>,
    pub steps: S<Vec<S<FileStep>>>,
    pub ack_timeout: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileStep {
    pub after: S<String>,
    pub to: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileFeed {
    pub id: S<String>,
    pub kind: S<String>,
    pub format: S<String>,
    pub url: S<String>,
    pub interval: Option<S<String>>,
    pub timeout: Option<S<String>>,
    pub headers: Option<BTreeMap<String, S<String>>>,
    pub max_bytes: Option<S<toml::Value>>,
    pub match_radius_km: Option<S<f64>>,
    pub min_severity: Option<S<String>>,
    pub ca_file: Option<S<String>>,
    pub include_exercises: Option<bool>,
    pub max_entries: Option<S<i64>>,
}
