//! The HTTP transport against a real (scripted) server on 127.0.0.1:0:
//! every fault an operator's feeds can show, with short timeouts.

mod fault_server;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use fault_server::{Reply, Server};
use watchkeeper::config::{self, ConfigSource, FeedConfig, RiskScale};
use watchkeeper::feeds::scheduler::FeedRunner;
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};
use watchkeeper::state::Model;

const STATIONS: &str = include_str!("fixtures/native/stations.json");
const TIMEOUT: Duration = Duration::from_millis(300);

/// A stations feed on `url` (or another kind), with a 300 ms timeout.
fn feed_of(id: &str, kind: &str, url: &str, extra: &str) -> FeedConfig {
    let text = format!(
        "[[feeds]]\nid = \"{id}\"\nkind = \"{kind}\"\nformat = \"watchkeeper-json\"\nurl = \"{url}\"\n{extra}\n"
    );
    let mut cfg = config::parse(&text, ConfigSource::Builtin).expect("test config parses");
    let mut f = cfg.feeds.remove(0);
    f.timeout = TIMEOUT;
    f
}

fn feed(url: &str) -> FeedConfig {
    feed_of("stations", "stations", url, "")
}

async fn poll_once(cfg: FeedConfig) -> FeedUpdate {
    FeedRunner::new(cfg, 6, &watchkeeper::sim::demo_sources(7))
        .poll(Utc::now())
        .await
}

fn error(u: &FeedUpdate) -> &str {
    match &u.outcome {
        FeedOutcome::Failed(e) => e,
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn model(feeds: &[FeedConfig]) -> Model {
    Model::new(
        RiskScale::un_sls(),
        chrono::Duration::hours(1),
        None,
        feeds,
        Utc::now(),
    )
}

#[tokio::test]
async fn a_500_names_the_status_and_keeps_the_body_out() {
    let s = Server::start(|_| Reply::status(500, "stack trace: at db.rs:12")).await;
    let u = poll_once(feed(&s.url("/stations.json"))).await;
    assert_eq!(error(&u), "HTTP 500 Internal Server Error");
    let s = Server::start(|_| Reply::status(404, "nope")).await;
    assert_eq!(
        error(&poll_once(feed(&s.url("/x"))).await),
        "HTTP 404 Not Found"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_is_cut_off_by_the_timeout() {
    let s = Server::start(|_| Reply::Silent(Duration::from_secs(10))).await;
    let t = Instant::now();
    let u = poll_once(feed(&s.url("/stations.json"))).await;
    assert_eq!(error(&u), "timed out after 300 ms");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

#[tokio::test]
async fn a_server_that_drips_a_byte_a_second_is_cut_off_by_the_timeout() {
    let every = Duration::from_secs(1);
    for whole in [true, false] {
        let s = Server::start(move |_| match whole {
            true => Reply::DripAll { every },
            false => Reply::DripBody { every },
        })
        .await;
        let t = Instant::now();
        let u = poll_once(feed(&s.url("/stations.json"))).await;
        assert_eq!(error(&u), "timed out after 300 ms");
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    }
}

#[tokio::test]
async fn a_content_length_over_max_bytes_is_refused_before_the_body() {
    let s = Server::start(|_| Reply::ClaimLength { len: 1 << 30 }).await;
    let mut cfg = feed(&s.url("/stations.json"));
    cfg.max_bytes = 1024;
    let t = Instant::now();
    let u = poll_once(cfg).await;
    assert_eq!(error(&u), "body larger than max_bytes (1024 bytes)");
    assert!(
        t.elapsed() < TIMEOUT,
        "refused at once, not after the timeout"
    );
}

#[tokio::test]
async fn an_endless_body_without_length_is_refused_while_streaming() {
    let s = Server::start(|_| Reply::Endless { limit: 256 << 20 }).await;
    let mut cfg = feed(&s.url("/stations.json"));
    cfg.max_bytes = 1 << 20;
    cfg.timeout = Duration::from_secs(5);
    let u = poll_once(cfg).await;
    assert_eq!(error(&u), "body larger than max_bytes (1048576 bytes)");
    // The client hung up soon after the cap: the server could not push
    // more than the cap plus what the socket buffers hold.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let written = s.written.load(Ordering::SeqCst);
    assert!(written < 32 << 20, "server wrote {written} bytes");
}

#[tokio::test]
async fn a_body_of_exactly_max_bytes_loads() {
    let s = Server::start(|_| Reply::ok(STATIONS)).await;
    let mut cfg = feed(&s.url("/stations.json"));
    cfg.max_bytes = STATIONS.len() as u64;
    let u = poll_once(cfg).await;
    assert!(matches!(u.outcome, FeedOutcome::Data(_)), "{:?}", u.outcome);
}

/// One feed, one runner: the stations fixture first, then `bad`. The
/// model keeps the first poll's stations and shows the error.
async fn good_then(bad: &'static [u8]) -> (String, Model) {
    let broken = Arc::new(AtomicBool::new(false));
    let flag = broken.clone();
    let s = Server::start(move |_| match flag.load(Ordering::SeqCst) {
        true => Reply::ok(bad),
        false => Reply::ok(STATIONS),
    })
    .await;
    let cfg = feed(&s.url("/stations.json"));
    let mut m = model(std::slice::from_ref(&cfg));
    let mut runner = FeedRunner::new(cfg, 6, &watchkeeper::sim::demo_sources(7));
    m.apply_feed(runner.poll(Utc::now()).await);
    assert_eq!(m.stations.len(), 12);
    broken.store(true, Ordering::SeqCst);
    let u = runner.poll(Utc::now()).await;
    let e = error(&u).to_string();
    m.apply_feed(u);
    (e, m)
}

#[tokio::test]
async fn invalid_utf8_is_a_format_error_and_the_previous_data_stays() {
    let (e, m) = good_then(b"{\"stations\":[{\"id\":\"\xff\xfe\"}]}").await;
    assert_eq!(e, "not UTF-8 at byte 20");
    assert_eq!(m.stations.len(), 12, "previous stations kept");
    let f = m.feed("stations").expect("feed");
    assert_eq!(f.error.as_deref(), Some(e.as_str()));
    assert_eq!(f.items, 12);
    assert!(f.last_success.is_some());
}

#[tokio::test]
async fn truncated_json_is_a_format_error_and_the_previous_data_stays() {
    let (e, m) = good_then(&STATIONS.as_bytes()[..300]).await;
    assert!(e.starts_with("not a watchkeeper-json document: EOF"), "{e}");
    assert_eq!(m.stations.len(), 12);
    assert_eq!(m.feed("stations").and_then(|f| f.error.clone()), Some(e));
}

#[tokio::test]
async fn a_server_that_redirects_forever_is_given_up_on() {
    let s = Server::start(|r| {
        let n: u32 = r.path.trim_start_matches("/r/").parse().unwrap_or(0);
        Reply::status(302, "").with("Location", &format!("/r/{}", n + 1))
    })
    .await;
    let u = poll_once(feed(&s.url("/r/0"))).await;
    assert_eq!(error(&u), "too many redirects (more than 5)");
    assert_eq!(
        s.requests().len(),
        6,
        "the first request and five redirects"
    );
}

#[tokio::test]
async fn a_few_redirects_are_followed() {
    let s = Server::start(|r| match r.path.as_str() {
        "/old" => Reply::status(301, "").with("Location", "/new"),
        _ => Reply::ok(STATIONS),
    })
    .await;
    let u = poll_once(feed(&s.url("/old"))).await;
    assert!(matches!(u.outcome, FeedOutcome::Data(_)), "{:?}", u.outcome);
}

#[tokio::test]
async fn etag_and_last_modified_make_an_unchanged_poll() {
    let s = Server::start(|r| {
        if r.header("if-none-match") == Some("\"v1\"") {
            return Reply::status(304, "");
        }
        Reply::ok(STATIONS)
            .with("ETag", "\"v1\"")
            .with("Last-Modified", "Sun, 22 Nov 2026 20:58:00 GMT")
    })
    .await;
    let cfg = feed(&s.url("/stations.json"));
    let mut m = model(std::slice::from_ref(&cfg));
    let mut runner = FeedRunner::new(cfg, 6, &watchkeeper::sim::demo_sources(7));
    let first = runner.poll(Utc::now()).await;
    assert!(matches!(first.outcome, FeedOutcome::Data(_)));
    m.apply_feed(first);
    let rev = m.revision;
    let second = runner.poll(Utc::now()).await;
    assert_eq!(second.outcome, FeedOutcome::Unchanged);
    assert!(!m.apply_feed(second).changed, "no merge, no redraw");
    assert_eq!(m.revision, rev);
    let reqs = s.requests();
    assert_eq!(reqs[0].header("if-none-match"), None);
    assert_eq!(reqs[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(
        reqs[1].header("if-modified-since"),
        Some("Sun, 22 Nov 2026 20:58:00 GMT")
    );
    let ua = reqs[0].header("user-agent").unwrap_or("");
    assert_eq!(ua, concat!("watchkeeper/", env!("CARGO_PKG_VERSION")));
}

#[tokio::test]
async fn a_response_that_did_not_parse_is_not_asked_about_again() {
    let s = Server::start(|_| Reply::ok(&b"{\"stations\":["[..]).with("ETag", "\"bad\"")).await;
    let mut runner = FeedRunner::new(
        feed(&s.url("/stations.json")),
        6,
        &watchkeeper::sim::demo_sources(7),
    );
    runner.poll(Utc::now()).await;
    let u = runner.poll(Utc::now()).await;
    assert!(matches!(u.outcome, FeedOutcome::Failed(_)));
    assert!(
        s.requests()
            .iter()
            .all(|r| r.header("if-none-match").is_none())
    );
}

#[tokio::test]
async fn one_failing_feed_does_not_hold_up_another() {
    let silent = Server::start(|_| Reply::Silent(Duration::from_secs(10))).await;
    let good = Server::start(|_| Reply::ok(STATIONS)).await;
    let a = feed_of("stations", "stations", &good.url("/s.json"), "");
    let b = feed_of("backup", "stations", &silent.url("/s.json"), "");
    let mut m = model(&[a.clone(), b.clone()]);
    let t = Instant::now();
    let good_task = tokio::spawn(async move {
        let u = poll_once(a).await;
        (u, Instant::now())
    });
    let bad = poll_once(b).await;
    let (ok, ok_at) = good_task.await.expect("task");
    assert!(
        ok_at - t < TIMEOUT,
        "the good feed did not wait for the bad one"
    );
    assert_eq!(error(&bad), "timed out after 300 ms");
    m.apply_feed(ok);
    m.apply_feed(bad);
    assert_eq!(m.stations.len(), 12);
    assert!(m.feed("stations").is_some_and(|f| f.error.is_none()));
    assert!(m.feed("backup").is_some_and(|f| f.error.is_some()));
}

#[path = "http_faults/secrets.rs"]
mod secrets;

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

#[tokio::test]
async fn gzip_bodies_are_decoded_and_the_cap_counts_decoded_bytes() {
    let small = gzip(STATIONS.as_bytes());
    let s = Server::start(move |_| Reply::ok(small.clone()).with("Content-Encoding", "gzip")).await;
    let u = poll_once(feed(&s.url("/stations.json"))).await;
    assert!(matches!(u.outcome, FeedOutcome::Data(_)), "{:?}", u.outcome);
    let asked = s.requests()[0]
        .header("accept-encoding")
        .unwrap_or("")
        .to_string();
    assert!(asked.contains("gzip"), "{asked}");

    // 8 MiB of spaces is a few KiB gzipped: a bomb for a 1 MiB cap.
    let bomb = gzip(&vec![b' '; 8 << 20]);
    assert!(bomb.len() < 64 << 10, "{}", bomb.len());
    let s = Server::start(move |_| Reply::ok(bomb.clone()).with("Content-Encoding", "gzip")).await;
    let mut cfg = feed(&s.url("/stations.json"));
    cfg.max_bytes = 1 << 20;
    cfg.timeout = Duration::from_secs(5);
    let u = poll_once(cfg).await;
    assert_eq!(error(&u), "body larger than max_bytes (1048576 bytes)");
}
