//! Opening a 1M-event journal to the first frame: what `runtime::prepare`
//! does (open, read the whole history, apply it to the model, build the
//! app) plus one render at 200×60. Budget (SPEC §7): ≤ 500 ms.
//!
//! The journal is generated once (one transaction of raw inserts shaped
//! exactly like `SqliteJournal::append`'s) into the target's temporary
//! directory and reused by later runs.

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rusqlite::{Connection, params};

use watchkeeper::domain::Severity;
use watchkeeper::journal::{EventKind, SqliteJournal};
use watchkeeper::setup::Setup;

const EVENTS: i64 = 1_000_000;
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

/// The cached 1M-event journal (created on first use).
fn journal() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("journal-1m-v1.sqlite");
    if path.exists() {
        return path;
    }
    let tmp = dir.join("journal-1m-v1.sqlite.partial");
    let _ = std::fs::remove_file(&tmp);
    let _ = std::fs::remove_file(tmp.with_extension("partial-wal"));
    let t = Instant::now();
    drop(SqliteJournal::open(&tmp, None).unwrap()); // schema, WAL, user_version
    let mut conn = Connection::open(&tmp).unwrap();
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
        for i in 0..EVENTS {
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
    drop(conn);
    std::fs::rename(&tmp, &path).unwrap();
    println!(
        "generated {} ({EVENTS} events) in {:.1} s",
        path.display(),
        t.elapsed().as_secs_f64()
    );
    path
}

fn setup(path: &Path) -> Setup {
    let config = common::builtin();
    let s = common::settings("alice");
    Setup {
        config,
        journal_path: path.to_path_buf(),
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
    let p = watchkeeper::runtime::prepare(setup, theme).unwrap_or_else(|e| panic!("{}", e.message));
    let mut t = common::terminal(200, 60);
    t.draw(|f| watchkeeper::ui::render(f, &p.app)).unwrap();
    p.app.model.journal.last_seq as usize
}

fn bench(c: &mut Criterion) {
    let path = journal();
    let setup = setup(&path);

    // A breakdown, to find where the time goes.
    for _ in 0..2 {
        let t0 = Instant::now();
        let mut j = SqliteJournal::open(&path, None).unwrap();
        let t1 = Instant::now();
        let history =
            watchkeeper::runtime::read_all(&mut j).unwrap_or_else(|e| panic!("{}", e.message));
        let t2 = Instant::now();
        let n = history.len();
        let mut model = setup.model(Utc::now());
        model.apply_journal(history);
        let t3 = Instant::now();
        let app = watchkeeper::app::App::new(
            model,
            common::settings("alice"),
            setup.theme().unwrap(),
            None,
            Utc::now(),
        );
        let mut t = common::terminal(200, 60);
        t.draw(|f| watchkeeper::ui::render(f, &app)).unwrap();
        let t4 = Instant::now();
        let rss = common::rss_kib();
        println!(
            "breakdown ({n} events): open {:.0} ms, read_all {:.0} ms, apply {:.0} ms, \
             app+render {:.0} ms; RSS now {} MB",
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3,
            (t3 - t2).as_secs_f64() * 1e3,
            (t4 - t3).as_secs_f64() * 1e3,
            rss / 1024
        );
    }
    let mut ms = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        assert_eq!(first_frame(&setup) as i64, EVENTS);
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "open 1M-event journal to first frame: median {:.0} ms over 5 (budget ≤ 500 ms)",
        common::quantile(&mut ms, 0.5)
    );

    c.bench_function("journal_open_1m_to_first_frame", |b| {
        b.iter(|| first_frame(&setup))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
