//! SQLite and PostgreSQL journals side by side, in one run (BENCHMARKS.md):
//!
//! 1. acknowledgement durable: one append of an `Acknowledged` at a time,
//!    each committed (fsynced) before the next; p50/p99/max over 500;
//! 2. another host's event seen: a second handle (its own connection) polls
//!    `changed()` every 5 ms, as the console's journal thread does every
//!    200 ms; latency from the writer's commit to the reader holding the
//!    event, p50/p99 over 200;
//! 3. 20 writers × 500 appends at once: events lost, duplicated, gaps in
//!    `seq`, and appends per second.
//!
//! `cargo run --release --example journal_backends -- [postgres://URL]`
//! (the URL of an empty database, or of a server where the user may create
//! one: a database `wk_bench_<random>` is made there). Without a URL only
//! SQLite is measured.

use std::collections::HashSet;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use chrono::Utc;
use watchkeeper::journal::{
    self, Actor, Appended, EventId, EventKind, Journal, JournalError, OpenOptions, Target,
};

const ACKS: usize = 500;
const SEEN: usize = 200;
/// Events timed into a console's state (each takes up to a 200 ms tick).
const ON_SCREEN: usize = 100;
const WRITERS: usize = 20;
const EACH: usize = 500;

fn actor(n: usize) -> Actor {
    Actor {
        officer: format!("officer-{n}"),
        host: "bench".into(),
    }
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

fn summary(mut d: Vec<Duration>) -> String {
    d.sort();
    format!(
        "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (n={})",
        pct(&d, 0.5),
        pct(&d, 0.99),
        pct(&d, 1.0),
        d.len()
    )
}

/// Appends under the same id until the journal takes it (busy, or a
/// reconnect): recorded once whatever happened.
fn append(j: &mut dyn Journal, who: &Actor, kind: EventKind, note: Option<String>) -> Appended {
    let id = EventId::new();
    loop {
        match j.append_with_id(&id, who, Utc::now(), kind.clone(), note.clone()) {
            Ok(done) => return done,
            Err(JournalError::Locked { .. } | JournalError::Unavailable { .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }
}

fn ack_latency(target: &Target) -> String {
    let mut j = journal::open(target, &OpenOptions::default()).unwrap();
    let mut times = Vec::with_capacity(ACKS);
    for i in 0..ACKS {
        let kind = EventKind::Acknowledged {
            alert: format!("bench:ack-{i}"),
        };
        let started = Instant::now();
        let done = append(j.as_mut(), &actor(0), kind, None);
        times.push(started.elapsed());
        assert!(matches!(done, Appended::Recorded(_)));
    }
    summary(times)
}

fn seen_latency(target: &Target) -> String {
    let mut writer = journal::open(target, &OpenOptions::default()).unwrap();
    let mut reader = journal::open(target, &OpenOptions::default()).unwrap();
    let mut cursor = reader.last_seq().unwrap();
    while reader.changed().unwrap() {}
    let mut times = Vec::with_capacity(SEEN);
    for i in 0..SEEN {
        let note = Some(format!("seen {i}"));
        let committed = {
            append(writer.as_mut(), &actor(1), EventKind::WatchLog, note);
            Instant::now()
        };
        loop {
            if reader.changed().unwrap() {
                let batch = reader.read_since(cursor, 100).unwrap();
                if let Some(last) = batch.last() {
                    cursor = last.seq;
                    times.push(committed.elapsed());
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    summary(times)
}

/// Another host's event reaching a console's state the way the console's
/// journal thread takes it: a tick every 200 ms, `changed()`, the check
/// that the last event read is still there (the went-back check), then the
/// read. The writer commits at a random moment between ticks.
fn console_latency(target: &Target) -> String {
    const TICK: Duration = Duration::from_millis(200);
    let mut writer = journal::open(target, &OpenOptions::default()).unwrap();
    let mut reader = journal::open(target, &OpenOptions::default()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<Instant>();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    let console = std::thread::spawn(move || {
        let mut cursor = reader.last_seq().unwrap();
        while stop_rx.recv_timeout(TICK).is_err() {
            if !reader.changed().unwrap() {
                continue;
            }
            if cursor > 0 {
                let at = reader.records_since(cursor - 1, 1).unwrap();
                assert_eq!(at.first().map(|r| r.event.seq), Some(cursor));
            }
            let batch = reader.read_since(cursor, 5_000).unwrap();
            if let Some(last) = batch.last() {
                cursor = last.seq;
                let _ = tx.send(Instant::now());
            }
        }
    });
    let mut times = Vec::with_capacity(ON_SCREEN);
    for i in 0..ON_SCREEN {
        std::thread::sleep(Duration::from_millis(rand::random_range(0..200)));
        let note = Some(format!("on screen {i}"));
        append(writer.as_mut(), &actor(2), EventKind::WatchLog, note);
        let committed = Instant::now();
        let seen = rx.recv().unwrap();
        times.push(seen.saturating_duration_since(committed));
    }
    let _ = stop_tx.send(());
    console.join().unwrap();
    summary(times)
}

fn many_writers(target: &Target) -> String {
    let mut probe = journal::open(target, &OpenOptions::default()).unwrap();
    let before = probe.last_seq().unwrap();
    let barrier = Arc::new(Barrier::new(WRITERS + 1));
    let handles: Vec<_> = (0..WRITERS)
        .map(|w| {
            let mut j = journal::open(target, &OpenOptions::default()).unwrap();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                for i in 0..EACH {
                    let note = Some(format!("{w}/{i}"));
                    append(j.as_mut(), &actor(w), EventKind::WatchLog, note);
                }
            })
        })
        .collect();
    barrier.wait();
    let started = Instant::now();
    for h in handles {
        h.join().unwrap();
    }
    let took = started.elapsed();
    let mut events = Vec::new();
    loop {
        let after = events.last().map_or(before, |e: &journal::Event| e.seq);
        let batch = probe.read_since(after, 10_000).unwrap();
        if batch.is_empty() {
            break;
        }
        events.extend(batch);
    }
    let gaps = events
        .windows(2)
        .filter(|w| w[1].seq != w[0].seq + 1)
        .count()
        + usize::from(events.first().is_some_and(|e| e.seq != before + 1));
    let notes: Vec<_> = events.iter().filter_map(|e| e.note.clone()).collect();
    let distinct: HashSet<_> = notes.iter().collect();
    let want = WRITERS * EACH;
    format!(
        "{} events; lost {}, duplicates {}, gaps {}; {:.0} appends/s ({:.2} s)",
        events.len(),
        want - distinct.len(),
        notes.len() - distinct.len(),
        gaps,
        want as f64 / took.as_secs_f64(),
        took.as_secs_f64()
    )
}

fn bench(name: &str, target: &Target) {
    println!("{name}:");
    println!("  acknowledgement durable: {}", ack_latency(target));
    println!("  another handle's event seen: {}", seen_latency(target));
    println!(
        "  another host's event in a console (200 ms tick): {}",
        console_latency(target)
    );
    println!(
        "  {WRITERS} writers x {EACH} appends: {}",
        many_writers(target)
    );
}

/// A fresh database on the server at `url`.
fn fresh_database(url: &str) -> String {
    let name = format!("wk_bench_{:08x}", rand::random::<u32>());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        client
            .execute(&format!("CREATE DATABASE {name}"), &[])
            .await
            .unwrap();
    });
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{base}/{name}{query}")
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    bench("SQLite", &Target::File(dir.path().join("journal.db")));
    if let Some(url) = std::env::args().nth(1) {
        bench("PostgreSQL", &Target::Postgres(fresh_database(&url)));
    }
}
