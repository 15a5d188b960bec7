//! Where a journal is: what the officer gave (`--journal`, `[journal]`) and
//! how it is named in messages (never with a password).

use std::fmt;
use std::path::{Path, PathBuf};

/// Which journal to open. Its `Debug` leaves out any password in a URL.
#[derive(Clone, PartialEq, Eq)]
pub enum Target {
    /// A SQLite file on this host.
    File(PathBuf),
    /// A PostgreSQL database shared by several hosts: a libpq-style URL,
    /// `postgres://user@host1:5432,host2:5432/db?target_session_attrs=read-write`.
    Postgres(String),
    /// A journal that lives in this process only (tests, demos).
    Memory,
}

impl Target {
    /// A `postgres://` or `postgresql://` URL, else a file path.
    pub fn parse(s: &str) -> Target {
        if is_postgres_url(s) {
            Target::Postgres(s.to_string())
        } else {
            Target::File(PathBuf::from(s))
        }
    }

    /// As [`Target::parse`], for what arrived as a path (`--journal`).
    pub fn from_path(path: &Path) -> Target {
        match path.to_str() {
            Some(s) if is_postgres_url(s) => Target::Postgres(s.to_string()),
            _ => Target::File(path.to_path_buf()),
        }
    }

    /// How messages name it.
    pub fn location(&self) -> Location {
        match self {
            Target::File(p) => Location::File(p.clone()),
            Target::Postgres(url) => Location::Postgres(redact(url)),
            Target::Memory => Location::Memory,
        }
    }

    /// True for a file that exists, and for every non-file journal.
    pub fn exists(&self) -> bool {
        match self {
            Target::File(p) => p.exists(),
            Target::Postgres(_) | Target::Memory => true,
        }
    }
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::File(p) => f.debug_tuple("File").field(p).finish(),
            Target::Postgres(url) => f.debug_tuple("Postgres").field(&redact(url)).finish(),
            Target::Memory => f.write_str("Memory"),
        }
    }
}

/// True if `s` is a PostgreSQL connection URL.
pub fn is_postgres_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// A journal's name in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    /// The URL with any password replaced by `***`.
    Postgres(String),
    Memory,
}

impl Location {
    pub fn file(path: &Path) -> Location {
        Location::File(path.to_path_buf())
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Postgres(url) => f.write_str(url),
            Location::Memory => f.write_str("(in memory)"),
        }
    }
}

/// `url` with the password of its user info (and any `password=` query
/// parameter) replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority_end, _) = rest
        .char_indices()
        .find(|&(_, c)| c == '/' || c == '?')
        .unwrap_or((rest.len(), ' '));
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((user_info, hosts)) => match user_info.split_once(':') {
            Some((user, _)) => format!("{user}:***@{hosts}"),
            None => format!("{user_info}@{hosts}"),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k == "password" => format!("{k}=***"),
                    _ => p.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// How to open a journal beyond its target. Its `Debug` shows whether a
/// password is set, never the password.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct OpenOptions {
    /// File mode for a newly created journal file (e.g. 0o660).
    pub mode: Option<u32>,
    /// The database password (from `[journal] password = "env:NAME"`);
    /// overrides one in the URL.
    pub password: Option<String>,
    /// PEM file of the certificate authorities trusted for the database's
    /// TLS certificate (else the public web roots).
    pub ca_file: Option<PathBuf>,
}

impl fmt::Debug for OpenOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenOptions")
            .field("mode", &self.mode)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password_in_messages() {
        assert_eq!(
            redact("postgres://wk:s3cret@db1:5432,db2:5432/watch?sslmode=require"),
            "postgres://wk:***@db1:5432,db2:5432/watch?sslmode=require"
        );
        assert_eq!(
            redact("postgresql://db/watch?user=wk&password=s3cret"),
            "postgresql://db/watch?user=wk&password=***"
        );
        assert_eq!(redact("postgres://wk@db/watch"), "postgres://wk@db/watch");
        let t = Target::parse("postgres://a:b@h/d");
        assert_eq!(t.location().to_string(), "postgres://a:***@h/d");
        assert_eq!(
            Target::parse("/var/lib/wk/journal.db"),
            Target::File(PathBuf::from("/var/lib/wk/journal.db"))
        );
    }

    #[test]
    fn debug_output_never_shows_a_password() {
        let options = OpenOptions {
            mode: Some(0o660),
            password: Some("hunter2-s3cret".into()),
            ca_file: Some("/etc/wk/ca.pem".into()),
        };
        let shown = format!("{options:?}");
        assert!(!shown.contains("hunter2-s3cret"), "{shown}");
        assert!(shown.contains("password: Some(\"***\")"), "{shown}");
        assert!(shown.contains("/etc/wk/ca.pem"), "{shown}");
        let target = Target::parse("postgres://wk:hunter2-s3cret@db1,db2/watch?sslmode=require");
        let shown = format!("{target:?}");
        assert!(!shown.contains("hunter2-s3cret"), "{shown}");
        assert!(shown.contains("wk:***@db1,db2/watch"), "{shown}");
    }
}
