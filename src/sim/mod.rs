//! The embedded demo world: a deterministic simulator of duty stations,
//! incidents, hazards and a surge roster whose output is byte-for-byte the
//! native `watchkeeper-json` feed format (SPEC §3), served for `demo:` feed
//! URLs and by `watchkeeper serve-demo`.
//!
//! Every document is a pure function of `(seed, now)`: incidents and hazards
//! come from fixed one-minute slots of absolute time, level changes and
//! roster statuses from fixed per-station and per-officer windows, all drawn
//! from a hash-based PRNG. Two processes with the same seed and clock serve
//! identical bytes, and a fresh start already shows the last hours of
//! history.

use chrono::{DateTime, Utc};

pub mod cap_xml;
mod cities;
mod geo;
// Pure data laid out one place per line; keep rustfmt off it.
#[rustfmt::skip]
mod hazard_places;
mod hazards;
mod incidents;
mod item;
mod rng;
mod roster;
pub mod serve;
mod stations;
mod text;

pub use cities::{City, REGIONS, cities};

/// The four feeds of the demo world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DemoFeed {
    Stations,
    Incidents,
    Roster,
    Hazards,
}

impl DemoFeed {
    /// `"demo:stations" | "demo:incidents" | "demo:roster" | "demo:hazards"`
    /// → `Some(..)`; anything else `None`.
    pub fn from_url(url: &str) -> Option<DemoFeed> {
        match url {
            "demo:stations" => Some(DemoFeed::Stations),
            "demo:incidents" => Some(DemoFeed::Incidents),
            "demo:roster" => Some(DemoFeed::Roster),
            "demo:hazards" => Some(DemoFeed::Hazards),
            _ => None,
        }
    }
}

/// The seed `watchkeeper demo` uses when none is given.
pub const DEFAULT_SEED: u64 = 7;

/// One demo world. Cheap to create and to clone; holds no state but its seed.
#[derive(Debug, Clone)]
pub struct World {
    seed: u64,
}

impl World {
    pub fn new(seed: u64) -> World {
        World { seed }
    }

    /// The seed this world was made from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The feed document as of `now`, as JSON bytes in the SPEC's
    /// watchkeeper-json format. A pure function of `(seed, now)` (to the
    /// whole second): two processes with the same seed and clock produce
    /// identical bytes.
    pub fn document(&self, feed: DemoFeed, now: DateTime<Utc>) -> Vec<u8> {
        let t = now.timestamp();
        let result = match feed {
            DemoFeed::Stations => serde_json::to_vec(&stations::document(self.seed, t)),
            DemoFeed::Incidents => serde_json::to_vec(&incidents::document(self.seed, t)),
            DemoFeed::Hazards => serde_json::to_vec(&hazards::document(self.seed, t)),
            DemoFeed::Roster => serde_json::to_vec(&roster::document(self.seed, t)),
        };
        // Serialising plain structs of strings, integers, finite floats and
        // booleans into a Vec cannot fail; an empty document is the fallback
        // that keeps this signature infallible all the same.
        result.unwrap_or_else(|_| b"{}".to_vec())
    }
}

/// The demo feeds of the world made from `seed`, for the feed runners
/// (`demo:stations`, ...).
pub fn demo_sources(
    seed: u64,
) -> impl Fn(&str) -> Option<crate::feeds::transport::MemorySource> + Send + Sync {
    let world = World::new(seed);
    move |url| {
        let feed = DemoFeed::from_url(url)?;
        let world = world.clone();
        Some(crate::feeds::transport::MemorySource::new(move |now| {
            Ok(world.document(feed, now))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use serde_json::Value;
    use std::collections::HashSet;

    pub(crate) fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().unwrap()
    }

    const ALL: [DemoFeed; 4] = [
        DemoFeed::Stations,
        DemoFeed::Incidents,
        DemoFeed::Roster,
        DemoFeed::Hazards,
    ];

    #[test]
    fn urls_map_to_feeds() {
        assert_eq!(
            DemoFeed::from_url("demo:stations"),
            Some(DemoFeed::Stations)
        );
        assert_eq!(
            DemoFeed::from_url("demo:incidents"),
            Some(DemoFeed::Incidents)
        );
        assert_eq!(DemoFeed::from_url("demo:roster"), Some(DemoFeed::Roster));
        assert_eq!(DemoFeed::from_url("demo:hazards"), Some(DemoFeed::Hazards));
        assert_eq!(DemoFeed::from_url("demo:"), None);
        assert_eq!(DemoFeed::from_url("demo:Stations"), None);
        assert_eq!(DemoFeed::from_url("http://127.0.0.1/stations.json"), None);
    }

    #[test]
    fn same_seed_and_clock_give_identical_bytes() {
        let now = at(2026, 11, 22, 21, 0);
        for feed in ALL {
            let a = World::new(DEFAULT_SEED).document(feed, now);
            let b = World::new(DEFAULT_SEED).clone().document(feed, now);
            assert_eq!(a, b, "{feed:?}");
            let other = World::new(DEFAULT_SEED + 1).document(feed, now);
            assert_ne!(a, other, "{feed:?} ignores the seed");
        }
    }

    #[test]
    fn sub_second_clock_does_not_change_bytes() {
        let now = at(2026, 11, 22, 21, 0);
        let later = now + chrono::Duration::milliseconds(900);
        for feed in ALL {
            let w = World::new(3);
            assert_eq!(w.document(feed, now), w.document(feed, later));
        }
    }

    #[test]
    fn generated_at_is_now_in_rfc3339_z() {
        let now = at(2026, 11, 22, 21, 0);
        for feed in ALL {
            let v: Value = serde_json::from_slice(&World::new(7).document(feed, now)).unwrap();
            assert_eq!(v["generated_at"], "2026-11-22T21:00:00Z", "{feed:?}");
        }
    }

    #[test]
    fn every_referenced_station_exists() {
        let ids: HashSet<&str> = cities().iter().map(|c| c.id).collect();
        let w = World::new(DEFAULT_SEED);
        for hour in 0..48 {
            let now = at(2026, 3, 1, 0, 0) + chrono::Duration::minutes(hour * 37);
            let inc: Value = serde_json::from_slice(&w.document(DemoFeed::Incidents, now)).unwrap();
            for i in inc["incidents"].as_array().unwrap() {
                assert!(ids.contains(i["station"].as_str().unwrap()), "{i}");
            }
            let ros: Value = serde_json::from_slice(&w.document(DemoFeed::Roster, now)).unwrap();
            for o in ros["officers"].as_array().unwrap() {
                assert!(ids.contains(o["home"].as_str().unwrap()), "{o}");
                if let Some(to) = o["deployed_to"].as_str() {
                    assert!(ids.contains(to), "{o}");
                }
            }
            let st: Value = serde_json::from_slice(&w.document(DemoFeed::Stations, now)).unwrap();
            let listed: HashSet<&str> = st["stations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap())
                .collect();
            assert_eq!(listed, ids);
        }
    }

    #[test]
    fn document_is_fast_enough() {
        // Generous in debug builds; the release figure is far lower.
        let w = World::new(DEFAULT_SEED);
        let now = at(2026, 11, 22, 21, 0);
        let start = std::time::Instant::now();
        for i in 0..20 {
            for feed in ALL {
                let _ = w.document(feed, now + chrono::Duration::seconds(i * 5));
            }
        }
        let per_call = start.elapsed() / 80;
        assert!(per_call.as_millis() < 100, "{per_call:?} per call");
    }

    fn incidents_at(seed: u64, now: DateTime<Utc>) -> Vec<Value> {
        let bytes = World::new(seed).document(DemoFeed::Incidents, now);
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        v["incidents"].as_array().unwrap().clone()
    }

    #[test]
    fn a_fresh_start_shows_hours_of_history() {
        let now = at(2026, 11, 22, 21, 0);
        let list = incidents_at(7, now);
        let oldest = list.last().unwrap()["reported_at"].as_str().unwrap();
        let oldest = DateTime::parse_from_rfc3339(oldest)
            .unwrap()
            .with_timezone(&Utc);
        assert!(now - oldest >= Duration::hours(5));
    }

    #[test]
    fn some_details_span_lines() {
        let list = incidents_at(7, at(2026, 11, 22, 21, 0));
        assert!(
            list.iter()
                .any(|i| i["detail"].as_str().unwrap().contains('\n'))
        );
        assert!(
            list.iter()
                .any(|i| !i["detail"].as_str().unwrap().contains('\n'))
        );
    }
}
