//! End to end over HTTP: `serve-demo` in-process on 127.0.0.1:0, read by
//! the real feed runners through `config/serve-demo.toml`, merged into the
//! model; the CAP side through cap-atom fetching; and the binary itself
//! stopping cleanly on SIGTERM.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::oneshot;
use watchkeeper::config::{self, Config, ConfigSource, FeedKind};
use watchkeeper::domain::{Severity, SourceAlert, SourceState};
use watchkeeper::feeds::cap_atom_fetch::{self, CapAtomCache, CapAtomFormat, Index, IndexEntry};
use watchkeeper::feeds::formats::FormatError;
use watchkeeper::feeds::http::{HttpSource, Url};
use watchkeeper::feeds::scheduler::FeedRunner;
use watchkeeper::feeds::transport::Fetched;
use watchkeeper::feeds::{FeedOutcome, FeedUpdate, Parsed, Payload, Rejection};
use watchkeeper::sim::World;
use watchkeeper::state::Model;
use watchkeeper::state::views::{self, RowFilter};

const EXAMPLE: &str = include_str!("../config/serve-demo.toml");

/// Serves the demo world until the returned sender is dropped.
async fn start() -> (SocketAddr, oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(watchkeeper::sim::serve::serve(
        listener,
        World::new(7),
        async move {
            let _ = rx.await;
        },
    ));
    (addr, tx)
}

/// `config/serve-demo.toml` pointed at `addr`, optionally with its
/// commented-out cap-atom feed switched on.
fn example_config(addr: SocketAddr, with_cap: bool) -> Config {
    let mut text = EXAMPLE.replace("127.0.0.1:8787", &addr.to_string());
    if with_cap {
        let at = text
            .find("# [[feeds]]\n# id = \"hazards-cap\"")
            .expect("cap block");
        let tail: String = text[at..]
            .lines()
            .map(|l| l.trim_start_matches("# "))
            .collect::<Vec<_>>()
            .join("\n");
        text = format!("{}{tail}\n", &text[..at]);
    }
    config::parse(&text, ConfigSource::Builtin).expect("the example config parses")
}

async fn poll_all(runners: &mut [FeedRunner]) -> Vec<FeedUpdate> {
    let now = Utc::now();
    futures::future::join_all(runners.iter_mut().map(|r| r.poll(now))).await
}

#[tokio::test]
async fn a_console_reads_the_demo_world_over_http() {
    let (addr, _stop) = start().await;
    let cfg = example_config(addr, false);
    let mut model = Model::new(
        cfg.risk.clone(),
        chrono::Duration::hours(1),
        None,
        &cfg.feeds,
        Utc::now(),
    );
    let mut runners: Vec<FeedRunner> = cfg
        .feeds
        .iter()
        .map(|f| FeedRunner::new(f.clone(), 6, &watchkeeper::sim::demo_sources(7)))
        .collect();
    let mut updates = poll_all(&mut runners).await;
    updates.sort_by_key(|u| u.feed != "stations");
    for u in updates {
        assert!(
            matches!(u.outcome, FeedOutcome::Data(_)),
            "{}: {:?}",
            u.feed,
            u.outcome
        );
        model.apply_feed(u);
    }
    assert!(
        (140..=170).contains(&model.stations.len()),
        "{}",
        model.stations.len()
    );
    assert!(model.roster.len() >= 40, "{}", model.roster.len());
    assert!(!model.alerts.entries.is_empty());
    let hazards = model
        .alerts
        .entries
        .iter()
        .filter(|e| e.alert.source == "hazards")
        .count();
    assert!(hazards > 0, "hazards geo-matched to stations");
    assert!(model.feeds.iter().all(|f| f.error.is_none() && f.items > 0));

    // Polled again at once: the server answers 304 to every conditional
    // GET (its ETags ignore `generated_at`). The world moves on each
    // minute, so allow a retry should a minute turn in between.
    let mut unchanged = false;
    for _ in 0..3 {
        let again = poll_all(&mut runners).await;
        if again.iter().all(|u| u.outcome == FeedOutcome::Unchanged) {
            unchanged = true;
            break;
        }
    }
    assert!(
        unchanged,
        "a second poll of an unchanged world is 304 → Unchanged"
    );
}

/// Just enough Atom and CAP reading to drive the fetching without the
/// real parsers: hrefs from the index, identifier and severity from CAP.
struct Scan;

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    Some(&s[start..start + s[start..].find(close)?])
}

impl CapAtomFormat for Scan {
    type Item = SourceAlert;

    fn parse_index(&self, bytes: &[u8], base: &str) -> Result<Index<SourceAlert>, FormatError> {
        let text = std::str::from_utf8(bytes).map_err(|_| FormatError("utf8".into()))?;
        let base = Url::parse(base).map_err(|_| FormatError("base".into()))?;
        let mut out = Vec::new();
        for entry in text.split("<entry>").skip(1) {
            let href = between(entry, "href=\"", "\"").ok_or_else(|| FormatError("href".into()))?;
            let url = base.join(href).map_err(|_| FormatError("join".into()))?;
            out.push(IndexEntry {
                url: Some(url.to_string()),
                id: between(entry, "<id>", "</id>").unwrap_or(href).to_string(),
                updated: between(entry, "<updated>", "</updated>")
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| t.with_timezone(&Utc)),
                inline: None,
            });
        }
        Ok(Index {
            entries: out,
            rejected: Vec::new(),
        })
    }

    fn parse_doc(&self, bytes: &[u8]) -> Result<(Vec<SourceAlert>, Vec<Rejection>), FormatError> {
        let text = std::str::from_utf8(bytes).map_err(|_| FormatError("utf8".into()))?;
        let id = between(text, "<identifier>", "</identifier>")
            .ok_or_else(|| FormatError("no identifier".into()))?;
        let severity = match between(text, "<severity>", "</severity>") {
            Some("Extreme") => Severity::Critical,
            Some("Severe") => Severity::High,
            Some("Moderate") => Severity::Medium,
            Some("Minor") => Severity::Low,
            _ => Severity::Info,
        };
        let sent =
            between(text, "<sent>", "</sent>").and_then(|s| DateTime::parse_from_rfc3339(s).ok());
        let at = sent.map(|t| t.with_timezone(&Utc)).unwrap_or_default();
        let alert = SourceAlert {
            id: format!("hazards-cap:{id}"),
            severity,
            category: "hazard".into(),
            title: between(text, "<event>", "</event>").unwrap_or("").into(),
            detail: String::new(),
            reported_at: at,
            updated_at: at,
            source: "hazards-cap".into(),
            link: None,
            lat: None,
            lon: None,
            stations: Vec::new(),
            source_state: SourceState::Open,
            areas: Vec::new(),
            implausible: None,
            area_desc: None,
        };
        Ok((vec![alert], Vec::new()))
    }

    fn assemble(&self, items: Vec<SourceAlert>, rejected: Vec<Rejection>) -> Parsed {
        Parsed::new(Payload::Alerts(items), rejected)
    }
}

#[tokio::test]
async fn the_cap_atom_index_and_every_alert_it_links_come_over_http() {
    let (addr, _stop) = start().await;
    let cfg = example_config(addr, true);
    let feed = cfg
        .feeds
        .iter()
        .find(|f| f.id == "hazards-cap")
        .expect("cap feed");
    assert_eq!(feed.kind, FeedKind::Hazards);
    let http = HttpSource::new(feed).expect("source");
    let Ok(Fetched::Body { bytes: index, .. }) = http.get(http.url(), None, feed.max_bytes).await
    else {
        panic!("index");
    };
    let requests = std::sync::atomic::AtomicUsize::new(0);
    let fetch = |url: String, cond: Option<watchkeeper::feeds::http::Validators>| {
        requests.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let http = &http;
        Box::pin(async move {
            let u = Url::parse(&url).map_err(|e| e.to_string())?;
            http.get(&u, cond.as_ref(), 1 << 20).await
        }) as futures::future::BoxFuture<'_, Result<Fetched, String>>
    };
    let mut cache = CapAtomCache::default();
    let parsed = cap_atom_fetch::poll(
        &index,
        &feed.url,
        &Scan,
        &mut cache,
        &fetch,
        cap_atom_fetch::CONCURRENCY,
    )
    .await
    .expect("cap-atom poll");
    let Payload::Alerts(alerts) = &parsed.payload else {
        panic!("alerts")
    };
    let entries = String::from_utf8_lossy(&index).matches("<entry>").count();
    assert!(entries > 3);
    assert_eq!(
        alerts.len(),
        entries,
        "one alert per entry: {:?}",
        parsed.rejected
    );
    let ids: HashSet<&str> = alerts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), entries);
    assert!(alerts.iter().any(|a| a.severity >= Severity::Medium));
    let fetched = requests.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(fetched, entries);
    // Polled again with the same index: nothing is fetched.
    cap_atom_fetch::poll(&index, &feed.url, &Scan, &mut cache, &fetch, 4)
        .await
        .expect("again");
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), fetched);
}

/// Every feed of `cfg` polled once over HTTP and merged, stations first.
async fn polled_model(cfg: &Config) -> Model {
    let mut model = Model::new(
        cfg.risk.clone(),
        chrono::Duration::hours(1),
        None,
        &cfg.feeds,
        Utc::now(),
    );
    let mut runners: Vec<FeedRunner> = cfg
        .feeds
        .iter()
        .map(|f| FeedRunner::new(f.clone(), 6, &watchkeeper::sim::demo_sources(7)))
        .collect();
    let mut updates = poll_all(&mut runners).await;
    updates.sort_by_key(|u| u.feed != "stations");
    for u in updates {
        assert!(
            matches!(u.outcome, FeedOutcome::Data(_)),
            "{}: {:?}",
            u.feed,
            u.outcome
        );
        model.apply_feed(u);
    }
    model
}

#[tokio::test]
async fn the_scheduler_reads_the_cap_atom_feed_over_http() {
    let (addr, _stop) = start().await;
    let model = polled_model(&example_config(addr, true)).await;
    let f = model.feed("hazards-cap").expect("feed");
    assert!(f.items > 3 && f.rejected == 0, "{f:?}");
    let cap_alerts = model
        .alerts
        .entries
        .iter()
        .filter(|e| e.alert.source == "hazards-cap")
        .count();
    assert!(cap_alerts > 0, "CAP hazards geo-matched to stations");
}

/// The demo's hazards arrive twice, as native JSON and as CAP alerts: each
/// hazard is one row, its two alerts one group, and both still counted.
#[tokio::test]
async fn one_hazard_through_two_feeds_is_one_row() {
    let (addr, _stop) = start().await;
    let cfg = example_config(addr, true);
    let model = polled_model(&cfg).await;
    let now = Utc::now();
    let grouped = views::compute(
        &model,
        &RowFilter {
            related: cfg.related,
            ..RowFilter::default()
        },
        now,
    );
    let alone = views::compute(&model, &RowFilter::default(), now);
    let entries = &model.alerts.entries;
    let cap: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].alert.source == "hazards-cap")
        .filter(|i| alone.alerts.contains(i))
        // A hazard cleared is a CAP update sent at the clearing, not at
        // the hazard's time: only open ones are certain to pair.
        .filter(|&i| entries[i].cleared_at.is_none())
        .collect();
    assert!(!cap.is_empty(), "CAP hazards near stations");
    for &i in &cap {
        let a = &entries[i].alert;
        let (lead, g) = grouped
            .related
            .group_of(i)
            .unwrap_or_else(|| panic!("{} ({}) is not grouped", a.id, a.title));
        assert_eq!(g.members.len(), 2, "{}: {:?}", a.id, g.members);
        let twin = g
            .members
            .iter()
            .find(|&&m| m != i)
            .map(|&m| &entries[m].alert);
        let twin = twin.expect("a twin");
        assert_eq!(twin.source, "hazards", "{} with {}", a.id, twin.id);
        assert_eq!(twin.title, a.title);
        // Shown once: the group's row, not the other member's.
        let shown = g.members.iter().filter(|m| grouped.alerts.contains(m));
        assert_eq!(shown.count(), 1);
        assert!(grouped.alerts.contains(&lead));
    }
    // Fewer rows, the same counts.
    let hidden = alone.alerts.len() - grouped.alerts.len();
    assert!(
        hidden >= cap.len(),
        "{hidden} rows fewer for {} pairs",
        cap.len()
    );
    assert_eq!(grouped.unacked, alone.unacked);
    assert_eq!(grouped.per_station, alone.per_station);
}

#[test]
fn the_binary_serves_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
        .args(["serve-demo", "--addr", "127.0.0.1:0", "--seed", "3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    assert!(first.contains("(seed 3) on http://127.0.0.1:"), "{first}");
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "{status:?}");
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve-demo did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
