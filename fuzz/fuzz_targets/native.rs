#![no_main]
//! watchkeeper-json, each feed kind (picked by the first byte).
use libfuzzer_sys::fuzz_target;
use watchkeeper::config::{FeedFormat, FeedKind};

fuzz_target!(|data: &[u8]| {
    let Some((&k, body)) = data.split_first() else {
        return;
    };
    let kind = match k % 4 {
        0 => FeedKind::Stations,
        1 => FeedKind::Incidents,
        2 => FeedKind::Roster,
        _ => FeedKind::Hazards,
    };
    watchkeeper_fuzz::parse_checked(FeedFormat::WatchkeeperJson, kind, body, false);
});
