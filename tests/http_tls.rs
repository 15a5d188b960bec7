//! TLS is always verified: a server whose certificate chains to a CA made
//! here is refused until `ca_file` names that CA, and a certificate for
//! another name is refused even then.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::{self, pki_types};
use watchkeeper::config::{self, ConfigSource, FeedConfig};
use watchkeeper::feeds::FeedOutcome;
use watchkeeper::feeds::scheduler::FeedRunner;

const STATIONS: &str = include_str!("fixtures/native/stations.json");

/// Starts an HTTPS server on 127.0.0.1:0 whose certificate (for `names`)
/// is signed by a fresh CA; returns its port and the CA's PEM.
async fn https_server(names: &[&str]) -> (u16, String) {
    let ca_key = KeyPair::generate().expect("key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, ca_key).expect("ca");
    let key = KeyPair::generate().expect("key");
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let cert = CertificateParams::new(names)
        .expect("params")
        .signed_by(&key, &ca)
        .expect("cert");
    let chain = vec![cert.der().clone()];
    let key = pki_types::PrivateKeyDer::try_from(key.serialize_der()).expect("key der");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server config");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 8192];
                let _ = tls.read(&mut buf).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    STATIONS.len()
                );
                let _ = tls.write_all(head.as_bytes()).await;
                let _ = tls.write_all(STATIONS.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, ca.pem())
}

fn feed(url: &str, ca_file: Option<std::path::PathBuf>) -> FeedConfig {
    let text = format!(
        "[[feeds]]\nid = \"stations\"\nkind = \"stations\"\nformat = \"watchkeeper-json\"\nurl = \"{url}\"\n"
    );
    let mut cfg = config::parse(&text, ConfigSource::Builtin).expect("config");
    let mut f = cfg.feeds.remove(0);
    f.timeout = Duration::from_secs(2);
    f.ca_file = ca_file;
    f
}

async fn poll(cfg: FeedConfig) -> FeedOutcome {
    FeedRunner::new(cfg, 6, &watchkeeper::sim::demo_sources(7))
        .poll(Utc::now())
        .await
        .outcome
}

#[tokio::test]
async fn an_unknown_ca_is_refused_until_ca_file_names_it() {
    let (port, ca_pem) = https_server(&["127.0.0.1", "localhost"]).await;
    let url = format!("https://127.0.0.1:{port}/stations.json");
    match poll(feed(&url, None)).await {
        FeedOutcome::Failed(e) => assert!(
            e.starts_with(&format!("cannot connect to 127.0.0.1:{port}: "))
                && e.contains("UnknownIssuer"),
            "{e}"
        ),
        other => panic!("an unverified server was trusted: {other:?}"),
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, ca_pem).expect("write");
    let got = poll(feed(&url, Some(ca))).await;
    assert!(matches!(got, FeedOutcome::Data(_)), "{got:?}");
}

#[tokio::test]
async fn a_certificate_for_another_name_is_refused_even_with_the_ca() {
    let (port, ca_pem) = https_server(&["feeds.example.org"]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, ca_pem).expect("write");
    let url = format!("https://127.0.0.1:{port}/stations.json");
    match poll(feed(&url, Some(ca))).await {
        FeedOutcome::Failed(e) => assert!(
            e.contains("certificate not valid for name \"127.0.0.1\""),
            "{e}"
        ),
        other => panic!("a certificate for another name was trusted: {other:?}"),
    }
}
