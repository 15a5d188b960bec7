#![no_main]
//! The gdacs-geojson format parser (exercises included or not, by the first byte).
use libfuzzer_sys::fuzz_target;
use watchkeeper::config::{FeedFormat, FeedKind};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    watchkeeper_fuzz::parse_checked(FeedFormat::GdacsGeojson, FeedKind::Hazards, body, flags & 1 == 1);
});
