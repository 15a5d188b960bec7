//! The journals under test: in memory, SQLite, and PostgreSQL when a server
//! is available (`WATCHKEEPER_TEST_PG`, or the `PG*` variables that
//! `pg_virtualenv` sets). Each PostgreSQL test gets a database of its own.

use std::path::PathBuf;

use watchkeeper::journal::{self, Journal, MemoryJournal, OpenOptions, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Memory,
    Sqlite,
    Postgres,
}

pub struct Backend {
    pub kind: Kind,
    pub dir: tempfile::TempDir,
    memory: MemoryJournal,
    /// The test database's URL (PostgreSQL only).
    pub url: Option<String>,
}

impl Backend {
    pub fn file(&self) -> PathBuf {
        self.dir.path().join("journal.db")
    }

    pub fn target(&self) -> Target {
        match self.kind {
            Kind::Memory => Target::Memory,
            Kind::Sqlite => Target::File(self.file()),
            Kind::Postgres => Target::Postgres(self.url.clone().unwrap_or_default()),
        }
    }

    /// A new handle (a new connection) on this backend's journal.
    pub fn handle(&self) -> Box<dyn Journal> {
        match self.kind {
            Kind::Memory => Box::new(self.memory.handle()),
            _ => journal::open(&self.target(), &OpenOptions::default())
                .unwrap_or_else(|e| panic!("{:?}: {e}", self.kind)),
        }
    }
}

/// Memory and SQLite always; PostgreSQL when a server is available.
pub fn all() -> Vec<Backend> {
    let mut out = vec![make(Kind::Memory, None), make(Kind::Sqlite, None)];
    if let Some(url) = postgres_database() {
        out.push(make(Kind::Postgres, Some(url)));
    }
    out
}

/// PostgreSQL only (None: skipped, as [`server`] said).
pub fn postgres() -> Option<Backend> {
    postgres_database().map(|url| make(Kind::Postgres, Some(url)))
}

fn make(kind: Kind, url: Option<String>) -> Backend {
    Backend {
        kind,
        dir: tempfile::tempdir().unwrap(),
        memory: MemoryJournal::new(),
        url,
    }
}

/// The server to test against, as an admin URL. None (with a note) when
/// there is none, except under `CI=true`, where that is a failure.
pub fn server() -> Option<String> {
    if let Ok(url) = std::env::var("WATCHKEEPER_TEST_PG") {
        return Some(url);
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if var("PGHOST").is_some() || var("PGPORT").is_some() {
        let host = var("PGHOST").unwrap_or_else(|| "localhost".into());
        let host = host.replace('/', "%2F"); // a socket directory
        let port = var("PGPORT").unwrap_or_else(|| "5432".into());
        let user = var("PGUSER").unwrap_or_else(|| "postgres".into());
        let auth = match var("PGPASSWORD") {
            Some(p) => format!("{user}:{p}"),
            None => user,
        };
        let db = var("PGDATABASE").unwrap_or_else(|| "postgres".into());
        // A throwaway cluster's certificate (Debian's snakeoil) names no
        // host we connect to: plain connections unless PGSSLMODE says.
        let ssl = var("PGSSLMODE").unwrap_or_else(|| "disable".into());
        return Some(format!(
            "postgres://{auth}@{host}:{port}/{db}?sslmode={ssl}"
        ));
    }
    let msg = "skipped: no PostgreSQL (set WATCHKEEPER_TEST_PG=postgres://user:pass@host:port/db \
               of a server where the user may create databases, or run under `pg_virtualenv`)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true: the PostgreSQL suite must run, but {msg}");
    }
    // Straight to the terminal (the test harness hides eprintln! output of
    // passing tests), once per run.
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "journal_conformance: {msg}");
    });
    None
}

/// Runs `sql` on the server at `url` (admin work the journal never does).
pub fn admin(url: &str, sql: &str) -> Result<u64, tokio_postgres::Error> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
        tokio::spawn(conn);
        client.execute(sql, &[]).await
    })
}

/// A fresh database on the test server, as a URL.
fn postgres_database() -> Option<String> {
    let server = server()?;
    let name = format!("wk_test_{:016x}", rand::random::<u64>());
    admin(&server, &format!("CREATE DATABASE {name}"))
        .unwrap_or_else(|e| panic!("cannot create a test database on {server}: {e}"));
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server.as_str(), String::new()),
    };
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    Some(format!("{base}/{name}{query}"))
}
