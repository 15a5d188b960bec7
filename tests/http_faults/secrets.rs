//! `env:NAME` headers: sent to the feed's own host, never in an error, a
//! log line or `Debug` output, even when the server echoes them back.

use super::*;
use watchkeeper::feeds::http::HttpSource;
use watchkeeper::feeds::transport::{Fetched, Transport};

const SECRET: &str = "s3cr3t-7f2a9c";

fn with_token(url: &str) -> FeedConfig {
    feed_of(
        "incidents",
        "incidents",
        url,
        "headers = { Authorization = \"env:WK_TOKEN\" }",
    )
}

fn source(cfg: &FeedConfig) -> Result<HttpSource, String> {
    HttpSource::with_env(cfg, |name| {
        (name == "WK_TOKEN").then(|| format!("Bearer {SECRET}").into())
    })
}

fn runner(cfg: FeedConfig) -> FeedRunner {
    let t = source(&cfg).map(Transport::Http);
    FeedRunner::with_transport(cfg, 6, t)
}

/// The server echoes the request head (with the secret) in its answer.
async fn echo_in(status: u16) -> (Server, String, String) {
    let s = Server::start(move |r| Reply::status(status, r.raw.clone())).await;
    let mut run = runner(with_token(&s.url("/incidents.json")));
    let u = run.poll(Utc::now()).await;
    (s, error(&u).to_string(), format!("{run:?}"))
}

#[tokio::test]
async fn the_secret_is_sent_but_an_echoing_500_cannot_put_it_in_the_error() {
    let (s, e, debug) = echo_in(500).await;
    assert_eq!(e, "HTTP 500 Internal Server Error");
    let sent = s.requests()[0].header("authorization").map(str::to_string);
    assert_eq!(sent, Some(format!("Bearer {SECRET}")));
    assert!(!debug.contains(SECRET), "{debug}");
}

#[tokio::test]
async fn an_echoing_200_fails_to_parse_without_the_secret_in_the_error() {
    let (_s, e, _) = echo_in(200).await;
    assert!(e.starts_with("not a watchkeeper-json document"), "{e}");
    assert!(!e.contains(SECRET), "{e}");
}

#[tokio::test]
async fn a_redirect_carrying_the_secret_does_not_leak_it() {
    let s = Server::start(|r| {
        let token = r.header("authorization").unwrap_or("").replace(' ', "+");
        Reply::status(302, "").with("Location", &format!("http://localhost:1/?t={token}"))
    })
    .await;
    let u = runner(with_token(&s.url("/incidents.json")))
        .poll(Utc::now())
        .await;
    let e = error(&u);
    assert!(!e.contains(SECRET), "{e}");
    assert_eq!(
        e,
        "redirect to another host (localhost) refused: this feed sends headers that must not leave its own host"
    );
}

#[tokio::test]
async fn headers_go_only_to_the_feeds_own_host() {
    let home = Server::start(|_| Reply::ok("{}")).await;
    let other = Server::start(|_| Reply::ok("{}")).await;
    let src = source(&with_token(&home.url("/index.atom"))).expect("source");
    let url = reqwest_url(&other.url("/cap/1.xml"));
    let got = src.get(&url, None, 1024).await;
    assert!(matches!(got, Ok(Fetched::Body { .. })), "{got:?}");
    assert_eq!(other.requests()[0].header("authorization"), None);
    let url = reqwest_url(&home.url("/cap/1.xml"));
    src.get(&url, None, 1024).await.expect("home");
    assert!(home.requests()[0].header("authorization").is_some());
    assert!(!format!("{src:?}").contains(SECRET));
}

fn reqwest_url(s: &str) -> watchkeeper::feeds::http::Url {
    watchkeeper::feeds::http::Url::parse(s).expect("url")
}

#[tokio::test]
async fn a_missing_variable_is_named_and_the_feed_fails() {
    let cfg = feed_of(
        "incidents",
        "incidents",
        "http://127.0.0.1:1/x.json",
        "headers = { \"X-Api-Key\" = \"env:WATCHKEEPER_TEST_SURELY_UNSET_8F3\" }",
    );
    let u = poll_once(cfg).await;
    assert_eq!(
        error(&u),
        "header X-Api-Key: environment variable WATCHKEEPER_TEST_SURELY_UNSET_8F3 is not set"
    );
}

#[tokio::test]
async fn a_bad_ca_file_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let garbage = dir.path().join("ca.pem");
    std::fs::write(&garbage, "not a certificate").expect("write");
    let mut cfg = feed("https://127.0.0.1:1/x.json");
    cfg.ca_file = Some(garbage.clone());
    let e = poll_once(cfg.clone()).await;
    assert_eq!(
        error(&e),
        format!("ca_file {}: no PEM certificate in it", garbage.display())
    );
    cfg.ca_file = Some(dir.path().join("missing.pem"));
    let e = poll_once(cfg).await;
    assert!(error(&e).starts_with(&format!(
        "ca_file {}: ",
        dir.path().join("missing.pem").display()
    )));
}

#[tokio::test]
async fn https_never_falls_back_to_plain_text() {
    // A plain-HTTP server answering a TLS handshake with a plain response:
    // the handshake fails; the answer is never read as a document.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        if let Ok((mut s, _)) = listener.accept().await {
            let body = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{STATIONS}",
                STATIONS.len()
            );
            let _ = s.write_all(body.as_bytes()).await;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    let u = poll_once(feed(&format!("https://{addr}/stations.json"))).await;
    let e = error(&u);
    assert!(e.starts_with(&format!("cannot connect to {addr}: ")), "{e}");
}
