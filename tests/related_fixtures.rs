//! Related alerts on real published feeds of one day (2026-07-28): the
//! USGS 2.5+ day summary and the GDACS API earthquake list report the same
//! quakes. Each quake near a duty station is one row; a foreshock and its
//! main shock 18 minutes and 4 km apart stay two rows; every alert counts.

mod common;

use common::{at, fixture, hazard_ctx, update};
use watchkeeper::config::{self, ConfigSource, FeedFormat, FeedKind};
use watchkeeper::feeds::formats;
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};
use watchkeeper::state::Model;
use watchkeeper::state::views::{self, RowFilter, Rows};

const CONFIG: &str = r#"
[[feeds]]
id = "stations"
kind = "stations"
format = "watchkeeper-json"
url = "http://127.0.0.1:9/stations.json"

[[feeds]]
id = "usgs"
kind = "hazards"
format = "usgs-geojson"
url = "http://127.0.0.1:9/2.5_day.geojson"
match_radius_km = 500

[[feeds]]
id = "gdacs"
kind = "hazards"
format = "gdacs-geojson"
url = "http://127.0.0.1:9/eventlist.geojson"
match_radius_km = 500
"#;

/// Duty stations near the day's quakes: Qinghai (China), Tonga, Mendoza.
const STATIONS: &str = r#"{"generated_at":"2026-07-28T04:00:00Z","stations":[
{"id":"XNN","name":"Xining","country":"CN","region":"asia-pacific","lat":36.62,"lon":101.78,"timezone":"Asia/Shanghai","security_level":2,"personnel":12,"moss_compliance":0.9,"evacuation_drill":"2026-03-01","security_adviser":false,"updated_at":"2026-07-28T00:00:00Z"},
{"id":"TBU","name":"Nuku'alofa","country":"TO","region":"asia-pacific","lat":-21.14,"lon":-175.2,"timezone":"Pacific/Tongatapu","security_level":1,"personnel":8,"moss_compliance":0.9,"evacuation_drill":"2026-03-01","security_adviser":false,"updated_at":"2026-07-28T00:00:00Z"},
{"id":"MDZ","name":"Mendoza","country":"AR","region":"americas","lat":-32.89,"lon":-68.83,"timezone":"America/Argentina/Mendoza","security_level":1,"personnel":5,"moss_compliance":0.9,"evacuation_drill":"2026-03-01","security_adviser":false,"updated_at":"2026-07-28T00:00:00Z"}]}"#;

fn hazards(feed: &str, format: FeedFormat, file: &str) -> FeedUpdate {
    let now = at("2026-07-28T04:00:00Z");
    let parsed = formats::parse(format, &fixture(file), &hazard_ctx(feed, "en", now))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    FeedUpdate {
        feed: feed.into(),
        fetched_at: now,
        latency: std::time::Duration::from_millis(40),
        outcome: FeedOutcome::Data(parsed),
    }
}

fn rows(related: bool) -> (Model, Rows) {
    let cfg = config::parse(CONFIG, ConfigSource::Builtin).expect("test config parses");
    let now = at("2026-07-28T04:00:00Z");
    let mut m = Model::new(
        cfg.risk.clone(),
        chrono::Duration::hours(1),
        None,
        &cfg.feeds,
        now,
    );
    let mut stations = update("stations", FeedKind::Stations, STATIONS);
    stations.fetched_at = now;
    m.apply_feed(stations);
    m.apply_feed(hazards(
        "usgs",
        FeedFormat::UsgsGeojson,
        "usgs/usgs-2.5_day-2026-07-28.geojson",
    ));
    m.apply_feed(hazards(
        "gdacs",
        FeedFormat::GdacsGeojson,
        "gdacs/gdacs-api-eventlist-EQ-2026-07-28.geojson",
    ));
    let filter = RowFilter {
        related: cfg.related.filter(|_| related),
        ..RowFilter::default()
    };
    let rows = views::compute(&m, &filter, now);
    (m, rows)
}

/// The other members of `id`'s group.
fn partners(m: &Model, rows: &Rows, id: &str) -> Vec<String> {
    let entry = m
        .alerts
        .position(id)
        .unwrap_or_else(|| panic!("{id} not an alert"));
    let Some((_, g)) = rows.related.group_of(entry) else {
        return Vec::new();
    };
    let mut out: Vec<String> = g
        .members
        .iter()
        .filter(|&&i| i != entry)
        .map(|&i| m.alerts.entries[i].alert.id.clone())
        .collect();
    out.sort();
    out
}

#[test]
fn each_quake_from_usgs_and_gdacs_is_one_row() {
    let (m, rows) = rows(true);
    // The two Qinghai quakes: each with its own GDACS entry, not each other.
    assert_eq!(
        partners(&m, &rows, "usgs:us6000tga9"),
        vec!["gdacs:EQ1554511-1721183"]
    );
    let fore = partners(&m, &rows, "usgs:us6000tga6");
    assert_eq!(fore.len(), 1, "{fore:?}");
    assert!(fore[0].starts_with("gdacs:EQ1554510-"), "{fore:?}");
    // Mendoza.
    let mendoza = partners(&m, &rows, "usgs:us6000tg9q");
    assert_eq!(mendoza.len(), 1, "{mendoza:?}");
    assert!(mendoza[0].starts_with("gdacs:EQ1554484-"), "{mendoza:?}");
    // Every group pairs one USGS report with one GDACS report.
    for g in rows.related.groups.values() {
        let feeds: Vec<&str> = g
            .members
            .iter()
            .map(|&i| m.alerts.entries[i].alert.source.as_str())
            .collect();
        assert_eq!(feeds.len(), 2, "{feeds:?}");
        assert!(
            feeds.contains(&"usgs") && feeds.contains(&"gdacs"),
            "{feeds:?}"
        );
    }
}

#[test]
fn grouping_shows_fewer_rows_and_counts_the_same() {
    let (_, on) = rows(true);
    let (_, off) = rows(false);
    let groups = on.related.groups.len();
    assert!(groups >= 3, "{groups} groups");
    assert_eq!(on.alerts.len(), off.alerts.len() - groups);
    assert_eq!(on.unacked, off.unacked);
    assert_eq!(on.per_station, off.per_station);
    assert_eq!(on.unfiltered, off.unfiltered);
}
