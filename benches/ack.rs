//! Acknowledgement durability: `SqliteJournal::append` of an `Acknowledged`
//! on a real file (WAL, synchronous=FULL: fsynced before it returns) in a
//! temporary directory on the target's disk. Budget (SPEC §7): p99 ≤ 20 ms.
//!
//! Criterion reports mean and median; the p99 is computed here over 500
//! appends and printed.

mod common;

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

use watchkeeper::domain::event::{Actor, Appended, EventKind};
use watchkeeper::journal::{Journal, SqliteJournal};

fn actor() -> Actor {
    Actor {
        officer: "alice".into(),
        host: "ops-1".into(),
    }
}

fn ack(j: &mut SqliteJournal, i: u64) {
    let r = j
        .append(
            &actor(),
            chrono::Utc::now(),
            EventKind::Acknowledged {
                alert: format!("incidents:INC-{i:07}"),
            },
            None,
        )
        .unwrap();
    assert!(matches!(r, Appended::Recorded(_)));
}

fn bench(c: &mut Criterion) {
    // On the disk the target directory is on (not a tmpfs): fsync is real.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let path = dir.path().join("journal.sqlite");
    let mut j = SqliteJournal::open(&path, None).unwrap();
    let mut next = 0u64;
    for _ in 0..20 {
        ack(&mut j, next);
        next += 1;
    }
    let mut ms = Vec::with_capacity(500);
    for _ in 0..500 {
        let t = Instant::now();
        ack(&mut j, next);
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        next += 1;
    }
    let mean = ms.iter().sum::<f64>() / ms.len() as f64;
    let p50 = common::quantile(&mut ms, 0.5);
    let p99 = common::quantile(&mut ms, 0.99);
    let max = common::quantile(&mut ms, 1.0);
    println!(
        "ack append (fsynced) over 500: mean {mean:.2} ms, p50 {p50:.2} ms, p99 {p99:.2} ms, \
         max {max:.2} ms (budget p99 ≤ 20 ms)"
    );

    c.bench_function("ack_append_fsync", |b| {
        b.iter(|| {
            ack(&mut j, next);
            next += 1;
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
