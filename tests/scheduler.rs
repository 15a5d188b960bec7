//! The feed loop on paused tokio time: backoff delays after failures, the
//! cap at 10× the interval, recovery, and when a feed turns stale — all
//! through the real `scheduler::run` and `Model::apply_feed`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use tokio::sync::mpsc;
use tokio::time::Instant;
use watchkeeper::config::{self, ConfigSource, FeedConfig, RiskScale};
use watchkeeper::feeds::scheduler::{self, FeedRunner};
use watchkeeper::feeds::transport::{MemorySource, Transport};
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};
use watchkeeper::state::{FeedStatus, Model};

const STATIONS: &str = include_str!("fixtures/native/stations.json");

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap()
}

fn feed() -> FeedConfig {
    let text = "[[feeds]]\nid = \"stations\"\nkind = \"stations\"\nformat = \"watchkeeper-json\"\nurl = \"https://feeds.example.org/stations.json\"\ninterval = \"30s\"\n";
    config::parse(text, ConfigSource::Builtin)
        .expect("config")
        .feeds
        .remove(0)
}

/// Starts the real feed loop on a source that fails while `failing` is
/// set (else serves the stations), with jitter fixed at `jitter`. Poll
/// times are `base()` plus the paused clock's elapsed time.
fn start(failing: Arc<AtomicBool>, jitter: f64) -> mpsc::UnboundedReceiver<FeedUpdate> {
    let src = MemorySource::new(move |_| match failing.load(Ordering::SeqCst) {
        true => Err("HTTP 503 Service Unavailable".to_string()),
        false => Ok(STATIONS.as_bytes().to_vec()),
    });
    let runner = FeedRunner::with_transport(feed(), 6, Ok(Transport::Memory(src)));
    let (tx, rx) = mpsc::unbounded_channel();
    let t0 = Instant::now();
    let clock = move || base() + chrono::Duration::from_std(t0.elapsed()).unwrap_or_default();
    tokio::spawn(scheduler::run(
        runner,
        move |u| {
            let _ = tx.send(u);
        },
        clock,
        move || jitter,
    ));
    rx
}

fn secs(u: &FeedUpdate) -> i64 {
    (u.fetched_at - base()).num_seconds()
}

fn model() -> Model {
    Model::new(
        RiskScale::un_sls(),
        chrono::Duration::hours(1),
        None,
        &[feed()],
        base(),
    )
}

#[tokio::test(start_paused = true)]
async fn a_failing_feed_backs_off_exponentially_capped_at_ten_intervals() {
    let mut rx = start(Arc::new(AtomicBool::new(true)), 1.0);
    let mut m = model();
    let mut seen = Vec::new();
    for _ in 0..8 {
        let u = rx.recv().await.expect("update");
        let at = u.fetched_at;
        seen.push((secs(&u), m.feed("stations").map(|f| f.stale(at))));
        m.apply_feed(u);
        let f = m.feed("stations").expect("feed");
        assert_eq!(f.status(at), FeedStatus::Failing);
        assert_eq!(f.error.as_deref(), Some("HTTP 503 Service Unavailable"));
    }
    let times: Vec<i64> = seen.iter().map(|s| s.0).collect();
    // Delays 30, 60, 120, 240, then 300 (10 × 30 s) for good.
    assert_eq!(times, [0, 30, 90, 210, 450, 750, 1050, 1350]);
    // Never a success: stale once 3 × 30 s have passed since the start.
    let stale: Vec<bool> = seen.iter().map(|s| s.1 == Some(true)).collect();
    assert_eq!(stale, [false, false, false, true, true, true, true, true]);
    let f = m.feed("stations").expect("feed");
    assert!(!f.stale(base() + chrono::Duration::seconds(90)));
    assert!(f.stale(base() + chrono::Duration::seconds(91)));
}

#[tokio::test(start_paused = true)]
async fn jitter_spreads_the_delays_but_never_past_the_cap() {
    for (jitter, expect) in [
        (1.2, [0, 36, 108, 252, 540, 840]),
        (0.8, [0, 24, 72, 168, 360, 600]),
    ] {
        let mut rx = start(Arc::new(AtomicBool::new(true)), jitter);
        let mut times = Vec::new();
        for _ in 0..6 {
            times.push(secs(&rx.recv().await.expect("update")));
        }
        assert_eq!(times, expect, "jitter {jitter}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_feed_that_fails_after_a_success_keeps_its_data_then_goes_stale_then_recovers() {
    let failing = Arc::new(AtomicBool::new(false));
    let mut rx = start(failing.clone(), 1.0);
    let mut m = model();
    let first = rx.recv().await.expect("update");
    assert!(matches!(first.outcome, FeedOutcome::Data(_)));
    m.apply_feed(first);
    assert_eq!(m.stations.len(), 12);
    failing.store(true, Ordering::SeqCst);

    // Polls at 30, 60 (interval, then 30 × 2^0), 120, 240 …
    let mut states = Vec::new();
    for _ in 0..4 {
        let u = rx.recv().await.expect("update");
        let at = u.fetched_at;
        m.apply_feed(u);
        let f = m.feed("stations").expect("feed");
        states.push(((at - base()).num_seconds(), f.stale(at), f.status(at)));
        assert_eq!(m.stations.len(), 12, "the last good data is kept");
        assert_eq!(f.last_success, Some(base()));
    }
    assert_eq!(
        states,
        [
            (30, false, FeedStatus::Failing),
            (60, false, FeedStatus::Failing),
            (120, true, FeedStatus::Failing),
            (240, true, FeedStatus::Failing),
        ]
    );

    // The source comes back: the next poll succeeds, the feed is ok and
    // fresh, and the loop is back on its plain interval.
    failing.store(false, Ordering::SeqCst);
    let back = rx.recv().await.expect("update");
    let at = back.fetched_at;
    assert_eq!(secs(&back), 480);
    m.apply_feed(back);
    let f = m.feed("stations").expect("feed");
    assert_eq!(f.status(at), FeedStatus::Ok);
    assert!(!f.stale(at));
    assert!(
        f.last_error.is_some(),
        "the last error is kept for the feeds view"
    );
    let next = rx.recv().await.expect("update");
    assert_eq!(secs(&next), 510);
    assert_eq!(next.outcome, FeedOutcome::Unchanged, "same bytes: no merge");
}

#[tokio::test(start_paused = true)]
async fn unchanged_polls_keep_a_feed_fresh() {
    let mut rx = start(Arc::new(AtomicBool::new(false)), 1.0);
    let mut m = model();
    for i in 0..10 {
        let u = rx.recv().await.expect("update");
        assert_eq!(secs(&u), 30 * i);
        let at = u.fetched_at;
        m.apply_feed(u);
        let f = m.feed("stations").expect("feed");
        assert_eq!(f.status(at + chrono::Duration::seconds(89)), FeedStatus::Ok);
    }
}

#[test]
fn stale_needs_three_intervals_without_success() {
    let mut m = model();
    let f = m.feed("stations").expect("feed");
    assert_eq!(f.status(base()), FeedStatus::Pending);
    // Never answered: stale after three intervals, and failing (not
    // pending) from its timeout on.
    assert!(f.stale(base() + chrono::Duration::seconds(91)));
    assert_eq!(
        f.status(base() + chrono::Duration::seconds(91)),
        FeedStatus::Failing
    );
    m.apply_feed(FeedUpdate {
        feed: "stations".into(),
        fetched_at: base() + chrono::Duration::seconds(60),
        latency: Duration::from_millis(5),
        outcome: FeedOutcome::Unchanged,
    });
    let f = m.feed("stations").expect("feed");
    assert_eq!(
        f.status(base() + chrono::Duration::seconds(150)),
        FeedStatus::Ok
    );
    assert_eq!(
        f.status(base() + chrono::Duration::seconds(151)),
        FeedStatus::Stale
    );
}
