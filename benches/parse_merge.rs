//! Parse + merge of a 10k-incident `watchkeeper-json` poll against a plain
//! `serde_json::from_slice` into a typed struct of the same bytes (budget
//! ≤ 2×), and the unchanged re-poll (budget: no merge, no redraw).
//!
//! The model holds 1k stations (so every incident names a known station)
//! and the feed's previous poll; each measured poll differs from the one
//! before it in every item, so every item is merged. The measured path is
//! the console's: `formats::parse` (as the scheduler calls it on a body
//! whose hash changed) and `Model::apply_feed` (as `App::update` does).

mod common;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;

use watchkeeper::config::{FeedFormat, FeedKind};
use watchkeeper::feeds::formats::{self, ParseCtx};
use watchkeeper::feeds::{FeedOutcome, FeedUpdate, Parsed};
use watchkeeper::state::Model;

const N: usize = 10_000;
const STATIONS: usize = 1_000;

/// The same fields the native parser reads, as a plain typed struct.
#[allow(dead_code)]
#[derive(Deserialize)]
struct TypedIncident {
    id: String,
    station: Option<String>,
    severity: String,
    category: Option<String>,
    title: String,
    detail: Option<String>,
    reported_at: Option<String>,
    updated_at: Option<String>,
    status: Option<String>,
    link: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct TypedDoc {
    generated_at: Option<String>,
    incidents: Vec<TypedIncident>,
}

fn typed(bytes: &[u8]) -> TypedDoc {
    serde_json::from_slice(bytes).unwrap()
}

/// The scheduler's parse of a `watchkeeper-json` body.
fn parse(bytes: &[u8], ctx: &ParseCtx) -> Parsed {
    formats::parse(FeedFormat::WatchkeeperJson, bytes, ctx).unwrap()
}

fn poll(model: &mut Model, bytes: &[u8]) -> watchkeeper::state::Changes {
    let parsed = parse(bytes, &common::ctx("incidents", FeedKind::Incidents));
    model.apply_feed(FeedUpdate {
        feed: "incidents".into(),
        fetched_at: common::now(),
        latency: std::time::Duration::from_millis(5),
        outcome: FeedOutcome::Data(parsed),
    })
}

/// What the scheduler does with a poll: hash the bytes; the same hash as
/// last time is `Unchanged` and is never parsed.
fn same_bytes(model: &mut Model, bytes: &[u8]) -> watchkeeper::state::Changes {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    black_box(h.finish());
    model.apply_feed(FeedUpdate {
        feed: "incidents".into(),
        fetched_at: common::now(),
        latency: std::time::Duration::from_millis(5),
        outcome: FeedOutcome::Unchanged,
    })
}

fn base_model() -> Model {
    let mut m = common::empty_model();
    m.apply_feed(common::update(
        "stations",
        FeedKind::Stations,
        common::stations_json(STATIONS).as_bytes(),
    ));
    m
}

fn ms(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1e3
}

fn bench(c: &mut Criterion) {
    let a = common::incidents_json(N, STATIONS, 0).into_bytes();
    let b = common::incidents_json(N, STATIONS, 1).into_bytes();
    // Same items as `a`, another `generated_at`: not the same bytes.
    let a2 = String::from_utf8(a.clone())
        .unwrap()
        .replacen("2026-11-22T21:00:00Z", "2026-11-22T21:00:05Z", 1)
        .into_bytes();
    assert_ne!(a, a2);
    // One item of the wrong shape (a number for a title): the one pass
    // fails and the document is read again item by item.
    let bad = String::from_utf8(a.clone())
        .unwrap()
        .replacen(
            "\"title\":\"Synthetic incident 5000 ",
            "\"title\":5,\"t\":\"",
            1,
        )
        .into_bytes();
    assert_ne!(a, bad);
    println!("10k-incident document: {} bytes", a.len());

    let mut model = base_model();
    assert!(poll(&mut model, &a).changed);
    assert_eq!(model.alerts.len(), N);
    let rev = model.revision;
    let c1 = poll(&mut model, &a2);
    assert!(!c1.changed, "same items re-polled must not merge");
    let c2 = same_bytes(&mut model, &a);
    assert!(!c2.changed, "same bytes re-polled must not merge");
    assert_eq!(model.revision, rev, "no redraw: the revision did not move");
    println!("unchanged re-poll: changes.changed == false, revision unchanged ({rev})");

    // Own medians, interleaved in one run so the ratio sees one machine load.
    let rounds = 15;
    let (mut t_typed, mut t_full, mut t_parse, mut t_same_items, mut t_same_bytes) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut t_bad = vec![];
    let ctx = common::ctx("incidents", FeedKind::Incidents);
    let p = parse(&bad, &ctx);
    assert_eq!((p.payload.len(), p.rejected.len()), (N - 1, 1));
    for r in 0..rounds {
        t_typed.push(ms(|| {
            black_box(typed(&a));
        }));
        t_parse.push(ms(|| {
            black_box(parse(&a, &ctx));
        }));
        t_bad.push(ms(|| {
            black_box(parse(&bad, &ctx));
        }));
        let next = if r % 2 == 0 { &b } else { &a };
        t_full.push(ms(|| {
            assert!(poll(&mut model, next).changed);
        }));
        let same = if r % 2 == 0 { &b } else { &a };
        t_same_items.push(ms(|| {
            assert!(!poll(&mut model, &same[..]).changed);
        }));
        t_same_bytes.push(ms(|| {
            assert!(!same_bytes(&mut model, same).changed);
        }));
    }
    let med = |v: &mut Vec<f64>| common::quantile(v, 0.5);
    let (ty, full, parse, si, sb) = (
        med(&mut t_typed),
        med(&mut t_full),
        med(&mut t_parse),
        med(&mut t_same_items),
        med(&mut t_same_bytes),
    );
    println!("median over {rounds} rounds, 10k incidents:");
    println!("  serde_json typed parse       {ty:8.2} ms");
    println!(
        "  formats::parse alone         {parse:8.2} ms  = {:.2} × typed",
        parse / ty
    );
    println!(
        "  parse + merge (changed poll) {full:8.2} ms  = {:.2} × typed (budget ≤ 2)",
        full / ty
    );
    println!(
        "  re-poll, same items          {si:8.2} ms  = {:.2} × parse alone (no merge)",
        si / parse
    );
    println!("  re-poll, same bytes          {sb:8.3} ms  (hash + Unchanged, no parse)");
    let bad = med(&mut t_bad);
    println!(
        "  parse, one item of the wrong shape {bad:8.2} ms  = {:.2} × typed (read item by item)",
        bad / ty
    );

    let mut g = c.benchmark_group("parse_merge_10k");
    g.bench_function("serde_json_typed", |bch| bch.iter(|| black_box(typed(&a))));
    g.bench_function("parse_and_merge_changed", |bch| {
        let mut flip = false;
        bch.iter(|| {
            flip = !flip;
            poll(&mut model, if flip { &b } else { &a })
        })
    });
    // `model` ends on `a` or `b`: make it `a`, then re-poll `a2` (same items).
    poll(&mut model, &a);
    g.bench_function("repoll_same_items", |bch| {
        bch.iter(|| {
            let c = poll(&mut model, &a2);
            assert!(!c.changed);
        })
    });
    g.bench_function("repoll_same_bytes", |bch| {
        bch.iter(|| {
            let c = same_bytes(&mut model, &a);
            assert!(!c.changed);
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
