//! The row lists (`views::compute`: filter, sort and group every alert)
//! with related alerts grouped and without, over 100k incidents and 10k
//! hazards at 1k stations: what grouping adds to each recompute.
//!
//! Prints its own p50 of each, interleaved in the same run, and the ratio.

mod common;

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use watchkeeper::config::FeedKind;
use watchkeeper::state::Model;
use watchkeeper::state::views::{self, RowFilter};

/// 100k incidents and 10k hazards (the same synthetic items, a sixth of
/// them of the hazard category, named at the same 1k stations).
fn storm() -> Model {
    let mut m = common::model(100_000, 1_000, 500);
    let hazards = common::incidents_json(10_000, 1_000, 1);
    m.apply_feed(common::update(
        "hazards",
        FeedKind::Hazards,
        hazards.as_bytes(),
    ));
    m
}

fn bench(c: &mut Criterion) {
    let m = storm();
    let now = common::now();
    let on = RowFilter {
        related: common::builtin().related,
        ..RowFilter::default()
    };
    let off = RowFilter::default();
    let groups = views::compute(&m, &on, now).related.groups.len();
    println!("{} alerts, {groups} related groups", m.alerts.len());

    let mut samples = [Vec::new(), Vec::new()];
    for _ in 0..30 {
        for (k, f) in [&off, &on].into_iter().enumerate() {
            let start = Instant::now();
            black_box(views::compute(&m, f, now));
            samples[k].push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    let off_p50 = common::quantile(&mut samples[0], 0.5);
    let on_p50 = common::quantile(&mut samples[1], 0.5);
    println!(
        "rows of 110k alerts: p50 {off_p50:.1} ms ungrouped, {on_p50:.1} ms grouped \
         (ratio {:.2}, 30 rounds)",
        on_p50 / off_p50
    );

    let mut g = c.benchmark_group("rows_110k");
    g.bench_function("ungrouped", |b| b.iter(|| views::compute(&m, &off, now)));
    g.bench_function("related_grouped", |b| {
        b.iter(|| views::compute(&m, &on, now))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}

criterion_main!(benches);
