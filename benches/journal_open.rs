//! Opening a 1M-event journal to the first frame: what `runtime::prepare`
//! does (open, read the newest checkpoint and the events after it, hold
//! the events since the previous shift began, build the app) plus one
//! render at 200×60. Budget (SPEC §7): ≤ 500 ms.
//!
//! The journal is generated once (one transaction of raw inserts shaped
//! exactly like `SqliteJournal::append`'s, one event a second up to
//! `common::now()`) into the target's temporary directory and reused by
//! later runs. Its checkpoint is the worst a console leaves: written
//! `CHECKPOINT_LAG` events before the end, the most a running console lets
//! pass before writing the next. A copy without the checkpoint (a journal
//! from before checkpoints) is measured too: every event is folded.
//!
//! With `WATCHKEEPER_BENCH_PG=postgres://USER:PASS@HOST:PORT/DB` (a server
//! where the user may create a database) the same journal, copied into a
//! new PostgreSQL database with its checkpoint, is measured beside it.

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rusqlite::{Connection, params};

use watchkeeper::domain::Severity;
use watchkeeper::domain::event::EventKind;
use watchkeeper::journal::{self, OpenOptions, SqliteJournal, Target};
use watchkeeper::setup::Setup;
use watchkeeper::state::JournalState;
use watchkeeper::state::checkpoint::FORMAT;

const EVENTS: i64 = 1_000_000;
/// Events after the checkpoint (a console writes one every 10,000).
const CHECKPOINT_LAG: i64 = 9_999;
const ALERTS: usize = 100_000;

/// The `i`-th synthetic event: per alert a raise, an ack, an escalation,
/// notes, a snooze and a resolve; every tenth slot a system or log event.
fn event(i: i64) -> (EventKind, Option<String>) {
    let alert = format!("incidents:INC-{:07}", (i / 10) as usize % ALERTS);
    let kind = match i % 10 {
        0 => EventKind::Raised {
            alert,
            severity: Severity::High,
            reraise: false,
        },
        1 => EventKind::Acknowledged { alert },
        2 => EventKind::Escalated {
            alert,
            step: 1,
            target: "duty-manager".into(),
            manual: false,
        },
        3..=5 => EventKind::Note { alert },
        6 => EventKind::Snoozed {
            alert,
            until: common::now() - Duration::hours(1),
        },
        7 => EventKind::Resolved { alert },
        8 => EventKind::WatchLog,
        _ => match (i / 10) % 3 {
            0 => EventKind::LevelChanged {
                station: common::station_id((i as usize / 10) % 1000),
                from: 3,
                to: 4,
                reported_at: common::now() - Duration::seconds(EVENTS - i),
            },
            1 => EventKind::FeedFailed {
                feed: "hazards".into(),
                error: "timed out after 10s".into(),
            },
            _ => EventKind::FeedRecovered {
                feed: "hazards".into(),
            },
        },
    };
    let note = matches!(i % 10, 3..=5 | 8).then(|| format!("Note number {i} on the watch"));
    (kind, note)
}

/// Inserts events `from..to` in one transaction, as `SqliteJournal::append` would.
fn insert(path: &Path, from: i64, to: i64) {
    let mut conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO events \
                 (at, kind, officer, host, alert, station, payload, note, unique_key) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)",
            )
            .unwrap();
        let start: DateTime<Utc> = common::now() - Duration::seconds(EVENTS);
        for i in from..to {
            let (kind, note) = event(i);
            let at = (start + Duration::seconds(i)).to_rfc3339_opts(SecondsFormat::Millis, true);
            stmt.execute(params![
                at,
                kind.name(),
                ["alice", "bob", "chen", "dara"][i as usize % 4],
                "ops-1",
                kind.alert(),
                kind.station(),
                serde_json::to_string(&kind).unwrap(),
                note,
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").ok();
}

/// The cached 1M-event journals, with and without a checkpoint (created
/// on first use).
fn journals() -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("journal-1m-v2.sqlite");
    let cold = dir.join("journal-1m-v2-no-checkpoint.sqlite");
    if path.exists() && cold.exists() {
        return (path, cold);
    }
    let tmp = dir.join("journal-1m-v2.sqlite.partial");
    let _ = std::fs::remove_file(&tmp);
    let _ = std::fs::remove_file(tmp.with_extension("partial-wal"));
    let t = Instant::now();
    drop(SqliteJournal::open(&tmp, None).unwrap()); // schema, WAL, user_version
    insert(&tmp, 0, EVENTS - CHECKPOINT_LAG);
    // The checkpoint a console writes (`history::load`, then the state's
    // checkpoint as of its last event).
    let mut j = SqliteJournal::open(&tmp, None).unwrap();
    let keep_from = common::now() - Duration::hours(16);
    let (state, _, _) = watchkeeper::history::load::<JournalState>(&mut j, keep_from).unwrap();
    let bytes = state.checkpoint(common::now());
    j.write_checkpoint(state.last_seq, FORMAT, common::now(), &bytes)
        .unwrap();
    drop(j);
    insert(&tmp, EVENTS - CHECKPOINT_LAG, EVENTS);
    std::fs::copy(&tmp, &cold).unwrap();
    let c = Connection::open(&cold).unwrap();
    c.execute("DELETE FROM checkpoints", []).unwrap();
    c.execute_batch("VACUUM").unwrap();
    drop(c);
    std::fs::rename(&tmp, &path).unwrap();
    println!(
        "generated {} and {} ({EVENTS} events; checkpoint of {} alerts, {} bytes) in {:.1} s",
        path.display(),
        cold.display(),
        state.alerts.len(),
        bytes.len(),
        t.elapsed().as_secs_f64()
    );
    (path, cold)
}

/// The same 1M events (and the same checkpoint) in a new PostgreSQL
/// database, when `WATCHKEEPER_BENCH_PG` names a server where the user may
/// create one: `journal copy`, then the SQLite journal's checkpoint
/// written through the PostgreSQL journal as a console would.
fn postgres(path: &Path) -> Option<Target> {
    let server = std::env::var("WATCHKEEPER_BENCH_PG").ok()?;
    let name = format!("wk_bench_open_{:08x}", rand::random::<u32>());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(&server, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
    });
    let (base, query) = server.split_once('?').unwrap_or((&server, ""));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    let url = format!("{base}/{name}?{query}");
    let target = Target::Postgres(url);
    let t = Instant::now();
    let mut from = SqliteJournal::open(path, None).unwrap();
    let mut to = journal::open(&target, &OpenOptions::default()).unwrap();
    let copied = journal::copy(&mut from, to.as_mut()).unwrap();
    let (seq, bytes) = from.latest_checkpoint(FORMAT).unwrap().unwrap();
    to.write_checkpoint(seq, FORMAT, common::now(), &bytes)
        .unwrap();
    assert_eq!(
        to.latest_checkpoint(FORMAT).unwrap().map(|c| c.0),
        Some(seq)
    );
    println!(
        "copied {} events into {} and wrote checkpoint #{seq} in {:.1} s",
        copied.events,
        target.location(),
        t.elapsed().as_secs_f64()
    );
    Some(target)
}

fn setup(path: &Path) -> Setup {
    setup_on(path, Target::File(path.to_path_buf()))
}

fn setup_on(path: &Path, journal: Target) -> Setup {
    let config = common::builtin();
    let s = common::settings("alice");
    Setup {
        config,
        journal_path: path.to_path_buf(),
        journal,
        seed: 1,
        desk: None,
        read_only: false,
        ascii: false,
        depth: watchkeeper::theme::ColorDepth::TrueColor,
        theme_name: "watch-dark".into(),
        watch: s.watch,
    }
}

/// `runtime::prepare` and the first frame.
fn first_frame(setup: &Setup) -> usize {
    let theme = setup.theme().unwrap();
    let p = watchkeeper::runtime::prepare(setup, common::now())
        .unwrap_or_else(|e| panic!("{}", e.message));
    let mut t = common::terminal(200, 60);
    t.draw(|f| watchkeeper::ui::render(f, &p.app, &theme))
        .unwrap();
    p.app.model.journal.last_seq as usize
}

/// Where the time goes, and the median of five first frames.
fn measure(label: &str, setup: &Setup) {
    for _ in 0..2 {
        let t0 = Instant::now();
        let mut j = journal::open(&setup.journal, &OpenOptions::default()).unwrap();
        let t1 = Instant::now();
        let keep_from = watchkeeper::runtime::keep_from(setup, common::now());
        let (state, stats, _) =
            watchkeeper::history::load::<JournalState>(j.as_mut(), keep_from).unwrap();
        let t2 = Instant::now();
        let bytes = state.checkpoint(common::now());
        println!(
            "{label}: writing the next checkpoint ({} alerts, {} bytes) takes the UI thread {:.0} ms",
            state.alerts.len(),
            bytes.len(),
            t2.elapsed().as_secs_f64() * 1e3
        );
        let t2 = Instant::now();
        let mut model = setup.model(common::now());
        model.set_journal(state);
        let app = watchkeeper::app::App::new(model, common::settings("alice"), None, common::now());
        let mut t = common::terminal(200, 60);
        t.draw(|f| watchkeeper::ui::render(f, &app, &setup.theme().unwrap()))
            .unwrap();
        let t3 = Instant::now();
        println!(
            "{label}: open {:.0} ms, load {:.0} ms (checkpoint #{}, {} events folded, \
             {} held since {keep_from}), app+render {:.0} ms; RSS now {} MB",
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3,
            stats.checkpoint,
            stats.folded,
            stats.kept,
            (t3 - t2).as_secs_f64() * 1e3,
            common::rss_kib() / 1024
        );
    }
    let mut ms = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        assert_eq!(first_frame(setup) as i64, EVENTS);
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "{label}: open 1M-event journal to first frame: median {:.0} ms over 5 (budget ≤ 500 ms)",
        common::quantile(&mut ms, 0.5)
    );
}

fn bench(c: &mut Criterion) {
    let (path, cold) = journals();
    let warm = setup(&path);
    let cold = setup(&cold);
    measure("with checkpoint", &warm);
    measure("no checkpoint", &cold);
    c.bench_function("journal_open_1m_to_first_frame", |b| {
        b.iter(|| first_frame(&warm))
    });
    c.bench_function("journal_open_1m_no_checkpoint_to_first_frame", |b| {
        b.iter(|| first_frame(&cold))
    });
    if let Some(target) = postgres(&path) {
        let pg = setup_on(&path, target);
        measure("PostgreSQL with checkpoint", &pg);
        c.bench_function("journal_open_1m_postgres_to_first_frame", |b| {
            b.iter(|| first_frame(&pg))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
