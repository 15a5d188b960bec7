//! The feeds view: a failing feed that is also stale says both, and the
//! word "stale" is never cut, at every size.

mod common;

use common::*;
use watchkeeper::app::Msg;
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};

#[test]
fn a_failing_stale_feed_shows_the_whole_word_stale_at_every_size() {
    let mut app = app();
    let later = now() + chrono::Duration::minutes(10);
    app.update(Msg::Feed(FeedUpdate {
        feed: "hazards".into(),
        fetched_at: later,
        latency: std::time::Duration::from_millis(5),
        outcome: FeedOutcome::Failed("connection refused".into()),
    }));
    app.update(Msg::Tick(later));
    app.update(key('6'));
    for (w, h) in [(60, 16), (80, 24), (120, 36), (200, 60)] {
        let s = screen(&app, w, h);
        let row = s
            .lines()
            .find(|l| l.starts_with("│") && l.contains("hazard"))
            .unwrap_or_else(|| panic!("no hazards row at {w}x{h}:\n{s}"));
        assert!(row.contains("stale"), "{w}x{h}: {row}");
    }
}
