//! Render of the overview at 200×60 (TestBackend) with 1k and 100k alerts,
//! 1k stations and 500 officers. Budget (SPEC §7): p50 ≤ 2 ms, and
//! render(100k) ≤ 1.5 × render(1k): rendering costs what is visible.
//!
//! Besides criterion's estimates, prints its own p50/p99 over a few hundred
//! frames of each, measured in the same run, and their ratio.

mod common;

use std::hint::black_box;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn frame(
    t: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
    app: &watchkeeper::app::App,
    theme: &watchkeeper::theme::Theme,
) {
    t.draw(|f| watchkeeper::ui::render(f, app, theme)).unwrap();
    black_box(t.backend().buffer());
}

fn bench(c: &mut Criterion) {
    let theme = common::theme();
    let sizes = [1_000usize, 100_000];
    let apps: Vec<_> = sizes
        .iter()
        .map(|&n| common::app(common::model(n, 1_000, 500)))
        .collect();
    for (app, n) in apps.iter().zip(sizes) {
        assert_eq!(app.model.alerts.len(), n);
    }

    // Own percentiles, interleaved so both see the same machine load.
    let mut t = common::terminal(200, 60);
    let mut samples = [Vec::new(), Vec::new()];
    for _ in 0..20 {
        for app in &apps {
            frame(&mut t, app, &theme);
        }
    }
    for _ in 0..300 {
        for (k, app) in apps.iter().enumerate() {
            let start = Instant::now();
            frame(&mut t, app, &theme);
            samples[k].push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    let mut p50 = [0.0; 2];
    for (k, n) in sizes.iter().enumerate() {
        p50[k] = common::quantile(&mut samples[k], 0.5);
        let p99 = common::quantile(&mut samples[k], 0.99);
        println!(
            "render 200x60 overview, {n} alerts: p50 {:.3} ms, p99 {p99:.3} ms (300 frames)",
            p50[k]
        );
    }
    println!(
        "render ratio p50(100k)/p50(1k) = {:.2} (budget ≤ 1.5; p50 budget ≤ 2 ms)",
        p50[1] / p50[0]
    );

    let mut g = c.benchmark_group("render_overview_200x60");
    for (app, n) in apps.iter().zip(sizes) {
        g.bench_with_input(BenchmarkId::from_parameter(n), app, |b, app| {
            let mut t = common::terminal(200, 60);
            b.iter(|| frame(&mut t, app, &theme));
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}

criterion_main!(benches);
