//! TLS to the database, verified against `[journal] ca_file`: the test
//! server is given a certificate signed by a fresh authority (ssl on,
//! reloaded); a journal opened with `sslmode=verify-full` and that
//! authority's PEM as `ca_file` works, and one trusting another authority
//! is refused with a message that says what to do.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use watchkeeper::journal::{self, EventKind, JournalError, OpenOptions, Target};

use crate::backends::{self, admin};
use crate::{actor, recorded, t};

/// A fresh authority: its PEM, and the issuer to sign with.
fn authority() -> (String, CertifiedIssuer<'static, KeyPair>) {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
    (ca.pem(), ca)
}

/// One value of the server's settings.
fn show(url: &str, setting: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        let row = client
            .query_one(&format!("SHOW {setting}"), &[])
            .await
            .unwrap();
        row.get::<_, String>(0)
    })
}

/// Writes `text` at `path` owned like the server's data directory (the
/// server must read its key; it refuses a key others may read).
fn write_for_server(path: &Path, text: &str, mode: u32, data_dir: &Path) {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    let owner = std::fs::metadata(data_dir).unwrap();
    std::os::unix::fs::chown(path, Some(owner.uid()), Some(owner.gid())).unwrap();
}

/// Puts the server's TLS settings back as they were, even on a failure.
struct Restore {
    url: String,
    ssl: String,
    cert: String,
    key: String,
    _dir: tempfile::TempDir,
}

impl Drop for Restore {
    fn drop(&mut self) {
        for (name, value) in [
            ("ssl", &self.ssl),
            ("ssl_cert_file", &self.cert),
            ("ssl_key_file", &self.key),
        ] {
            let _ = admin(&self.url, &format!("ALTER SYSTEM SET {name} = '{value}'"));
        }
        let _ = admin(&self.url, "SELECT pg_reload_conf()");
    }
}

#[test]
fn ca_file_trusts_the_databases_authority_and_another_authority_is_refused() {
    let Some(b) = backends::postgres() else {
        return;
    };
    let url = b.url.clone().unwrap();
    let data_dir = PathBuf::from(show(&url, "data_directory"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let restore = Restore {
        ssl: show(&url, "ssl"),
        cert: show(&url, "ssl_cert_file"),
        key: show(&url, "ssl_key_file"),
        url: url.clone(),
        _dir: dir,
    };
    let dir = restore._dir.path();

    let (ca_pem, ca) = authority();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let (cert_file, key_file) = (dir.join("server.crt"), dir.join("server.key"));
    write_for_server(&cert_file, &cert.pem(), 0o644, &data_dir);
    write_for_server(&key_file, &key.serialize_pem(), 0o600, &data_dir);
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &ca_pem).unwrap();
    let (other_pem, _) = authority();
    let other_file = dir.join("other-ca.pem");
    std::fs::write(&other_file, other_pem).unwrap();
    for sql in [
        format!("ALTER SYSTEM SET ssl_cert_file = '{}'", cert_file.display()),
        format!("ALTER SYSTEM SET ssl_key_file = '{}'", key_file.display()),
        "ALTER SYSTEM SET ssl = on".to_string(),
        "SELECT pg_reload_conf()".to_string(),
    ] {
        admin(&url, &sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    let verified = Target::Postgres(url.replace("sslmode=disable", "sslmode=verify-full"));
    assert_ne!(verified, b.target(), "the URL asks for TLS");
    let trusting = |file: &Path| OpenOptions {
        ca_file: Some(file.to_path_buf()),
        ..OpenOptions::default()
    };
    // The reload reaches new connections within moments.
    let start = Instant::now();
    let mut j = loop {
        match journal::open(&verified, &trusting(&ca_file)) {
            Ok(j) => break j,
            Err(e) => assert!(
                start.elapsed() < Duration::from_secs(10),
                "never accepted with ca_file: {e}"
            ),
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    recorded(
        j.append(&actor("alice"), t(0), EventKind::WatchLog, None)
            .unwrap(),
    );
    assert_eq!(j.last_seq().unwrap(), 1);

    let refused = journal::open(&verified, &trusting(&other_file)).err();
    let Some(e @ JournalError::Open { .. }) = refused else {
        panic!("another authority must be refused, got {refused:?}");
    };
    let msg = e.to_string();
    assert!(msg.contains("not trusted"), "{msg}");
    assert!(msg.contains("ca_file"), "{msg}");
    drop(restore);
}
