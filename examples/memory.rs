//! Resident memory with 100k alerts (plus 1k stations, 500 officers),
//! merged through the real parser and merge, with the app's row lists
//! built and one frame rendered. Budget (SPEC §7): ≤ 150 MB RSS.
//!
//! `cargo run --release --example memory`

#[path = "../benches/common/mod.rs"]
mod common;

fn main() {
    let alerts: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let before = common::rss_kib();
    let model = common::model(alerts, 1_000, 500);
    let after_model = common::rss_kib();
    let app = common::app(model);
    let mut t = common::terminal(200, 60);
    let theme = common::theme();
    t.draw(|f| watchkeeper::ui::render(f, &app, &theme))
        .unwrap();
    let after_app = common::rss_kib();
    assert_eq!(app.model.alerts.len(), alerts);
    println!(
        "{alerts} alerts resident: VmRSS {:.1} MB before, {:.1} MB with the model, \
         {:.1} MB with app + one frame (model + app added {:.1} MB); budget ≤ 150 MB",
        before as f64 / 1024.0,
        after_model as f64 / 1024.0,
        after_app as f64 / 1024.0,
        (after_app - before) as f64 / 1024.0,
    );
}
