//! Connecting to the PostgreSQL journal: the URL (libpq style, several
//! hosts allowed), the password from the config, TLS with rustls (the
//! server's certificate always verified, against `ca_file` or the public
//! web roots), and the connection task that hears `NOTIFY`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rustls::RootCertStore;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use tokio_postgres::{AsyncMessage, Client, Config};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::{JournalError, Location, OpenOptions};

/// The channel every append notifies on commit.
pub(super) const CHANNEL: &str = "watchkeeper_journal";

/// How long a connection attempt (per host) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// TCP keepalives: first probe after this much silence, then one every
/// [`KEEPALIVE_INTERVAL`], [`KEEPALIVE_RETRIES`] unanswered ones and the
/// connection is dead.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(5);
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(1);
const KEEPALIVE_RETRIES: u32 = 3;

/// Data sent and not acknowledged by the peer for this long ends the connection.
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(5);

/// What it takes to (re)connect.
pub(super) struct Connector {
    config: Config,
    tls: MakeRustlsConnect,
}

/// A live connection: the client, and flags set by its connection task.
pub(super) struct Live {
    pub client: Client,
    /// Set when a notification arrives (another writer committed).
    pub notified: Arc<AtomicBool>,
    /// Set when the connection ended (the next call reconnects).
    pub closed: Arc<AtomicBool>,
}

impl Connector {
    /// Parses `url` and prepares TLS. Accepts libpq's `sslmode=verify-full`
    /// and `verify-ca` (rustls always verifies) and `sslrootcert=FILE`.
    pub fn new(
        url: &str,
        options: &OpenOptions,
        location: &Location,
    ) -> Result<Self, JournalError> {
        let bad = |reason: String| JournalError::Open {
            location: location.clone(),
            reason,
        };
        let mut ca_file = options.ca_file.clone();
        let url = libpq_compat(url, &mut ca_file);
        let mut config: Config = url
            .parse()
            .map_err(|e| bad(format!("not a usable PostgreSQL URL: {e}")))?;
        if let Some(password) = &options.password {
            config.password(password.as_str());
        }
        if config.get_user().is_none() {
            let user = std::env::var("PGUSER").unwrap_or_else(|_| whoami::username());
            config.user(user);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // A peer that vanished (host down, cable cut) ends the connection
        // within seconds, not at the kernel's default of minutes: TCP
        // keepalives while idle, and unacknowledged data given up on.
        config
            .keepalives(true)
            .keepalives_idle(KEEPALIVE_IDLE)
            .keepalives_interval(KEEPALIVE_INTERVAL)
            .keepalives_retries(KEEPALIVE_RETRIES)
            .tcp_user_timeout(TCP_USER_TIMEOUT);
        config.application_name("watchkeeper");
        let mut roots = RootCertStore::empty();
        match &ca_file {
            Some(path) => {
                let certs = CertificateDer::pem_file_iter(path)
                    .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                    .map_err(|e| bad(format!("cannot read ca_file {}: {e}", path.display())))?;
                if certs.is_empty() {
                    return Err(bad(format!(
                        "ca_file {} holds no PEM certificate",
                        path.display()
                    )));
                }
                for cert in certs {
                    roots.add(cert).map_err(|e| {
                        bad(format!("ca_file {}: bad certificate: {e}", path.display()))
                    })?;
                }
            }
            None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| bad(format!("TLS set-up failed: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Connector {
            config,
            tls: MakeRustlsConnect::new(tls),
        })
    }

    /// Connects (to the first host that takes it, honouring
    /// `target_session_attrs`), starts the connection task on `rt` and
    /// listens on [`CHANNEL`].
    pub async fn connect(&self) -> Result<Live, tokio_postgres::Error> {
        let (client, mut connection) = self.config.connect(self.tls.clone()).await?;
        let notified = Arc::new(AtomicBool::new(true));
        let closed = Arc::new(AtomicBool::new(false));
        let (n, c) = (Arc::clone(&notified), Arc::clone(&closed));
        tokio::spawn(async move {
            loop {
                match futures::future::poll_fn(|cx| connection.poll_message(cx)).await {
                    Some(Ok(AsyncMessage::Notification(_))) => n.store(true, Ordering::SeqCst),
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => break,
                }
            }
            c.store(true, Ordering::SeqCst);
        });
        client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
        Ok(Live {
            client,
            notified,
            closed,
        })
    }
}

/// Rewrites the libpq options tokio-postgres does not know: `sslmode`
/// `verify-ca`/`verify-full` become `require` (the certificate is verified
/// whenever TLS is used) and `sslrootcert=FILE` becomes the CA file.
fn libpq_compat(url: &str, ca_file: &mut Option<std::path::PathBuf>) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let mut kept = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("sslmode", "verify-ca" | "verify-full")) => kept.push("sslmode=require".into()),
            Some(("sslrootcert", file)) => {
                if ca_file.is_none() {
                    *ca_file = Some(file.into());
                }
            }
            _ => kept.push(pair.to_string()),
        }
    }
    if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

/// Maps a driver error to the journal error that says what to do, and
/// whether the connection must be dropped (lost, or no longer usable for
/// writing, as on a standby after a failover).
pub(super) fn pg_err(location: &Location, e: &tokio_postgres::Error) -> (JournalError, bool) {
    let location = location.clone();
    let Some(db) = e.as_db_error() else {
        let text = e.to_string();
        // A value of an unexpected type (a schema not as this build made
        // it): the connection is fine, the data is not.
        if text.starts_with("error deserializing column") || text.starts_with("invalid column") {
            let detail = format!("a value of an unexpected type ({text})");
            return (JournalError::Database { location, detail }, false);
        }
        let reason = match std::error::Error::source(e) {
            Some(source) => format!("{e}: {source}"),
            None => e.to_string(),
        };
        if reason.contains("certificate") {
            let reason = format!(
                "{reason}; the database's TLS certificate is not trusted: set [journal] ca_file \
                 to the PEM file of the authority that signed it"
            );
            return (JournalError::Open { location, reason }, true);
        }
        return (JournalError::Unavailable { location, reason }, true);
    };
    let code = db.code().code();
    let reason = db.message().to_string();
    // 08: connection exception; 57P0x: shutdown, crash, cannot connect now;
    // 25006: read-only transaction (a standby, or a primary demoted).
    if code.starts_with("08") || code.starts_with("57P") || code == "25006" {
        return (JournalError::Unavailable { location, reason }, true);
    }
    if code == "42501" {
        return (JournalError::ReadOnly { location }, false);
    }
    let detail = format!("{reason} (SQLSTATE {code})");
    (JournalError::Database { location, detail }, false)
}

#[cfg(test)]
#[test]
fn libpq_options_are_understood() {
    let mut ca = None;
    assert_eq!(
        libpq_compat(
            "postgres://wk@a,b/watch?sslmode=verify-full&sslrootcert=/etc/ca.pem&target_session_attrs=read-write",
            &mut ca
        ),
        "postgres://wk@a,b/watch?sslmode=require&target_session_attrs=read-write"
    );
    assert_eq!(ca, Some("/etc/ca.pem".into()));
}
