//! The hazards document: earthquakes, tropical cyclones, floods, volcanoes
//! and wildfires, in the incidents shape but with no `station` — the console
//! geo-matches them. A few start each hour (one-minute slots, ~3.5 %), each
//! lives 6–24 hours. About four in five lie 50–250 km from a duty city; the
//! rest are far from every station (mid-ocean ridges, open-ocean storms,
//! remote forests), so "a hazard near no station raises no alert" shows.

use super::cities::{SEISMIC, cities};
use super::geo::{compass, destination, jitter, relative_to_city, rfc3339, round_to};
use super::hazard_places::*;
use super::item::{IncidentsDoc, Item, SEVERITIES, SLOT};
use super::rng::{Draw, hash, salt, unit_of};

const HOUR: i64 = 3600;
const MAX_LIFE: i64 = 24 * HOUR;
const START_CHANCE: f64 = 0.035;

pub(crate) fn document(seed: u64, now: i64) -> IncidentsDoc {
    let first = (now - MAX_LIFE).div_euclid(SLOT) + 1;
    let last = now.div_euclid(SLOT);
    let mut incidents = Vec::with_capacity(48);
    for slot in (first..=last).rev() {
        if unit_of(hash(seed, &[salt::HAZARD, slot as u64])) >= START_CHANCE {
            continue;
        }
        let mut d = Draw::new(seed, &[salt::HAZARD_LIFE, slot as u64]);
        let life = d.range(6 * HOUR, 24 * HOUR);
        let clearing = d.range(30, 60) * 60;
        if slot * SLOT + life <= now {
            continue;
        }
        incidents.push(hazard(seed, slot, life, clearing, now));
    }
    IncidentsDoc {
        generated_at: rfc3339(now),
        incidents,
    }
}

/// What a hazard is, before the common fields are added.
struct Shape {
    lat: f64,
    lon: f64,
    severity: usize,
    title: String,
    detail: String,
}

fn hazard(seed: u64, slot: i64, life: i64, clearing: i64, now: i64) -> Item {
    let mut d = Draw::new(seed, &[salt::HAZARD_BODY, slot as u64]);
    let mut shape = if d.chance(0.2) {
        match d.weighted(&[60, 25, 15]) {
            0 => far_quake(&mut d),
            1 => storm(&mut d, FAR_STORMS, true),
            _ => far_wildfire(&mut d),
        }
    } else {
        match d.weighted(&[35, 25, 15, 10, 15]) {
            0 => quake(&mut d),
            1 => flood(&mut d),
            2 => storm(&mut d, NEAR_STORMS, false),
            3 => volcano(&mut d),
            _ => wildfire(&mut d),
        }
    };
    let reported = slot * SLOT;
    let cleared_at = reported + life - clearing;
    let (status, updated) = if now >= cleared_at {
        shape.detail.push_str(&format!(
            "\nCleared {}: warning lifted.",
            &rfc3339(cleared_at)[11..16]
        ));
        ("cleared", cleared_at)
    } else {
        ("open", reported)
    };
    Item {
        id: format!("HZ-{slot}"),
        station: None,
        severity: SEVERITIES[shape.severity],
        category: "hazard",
        title: shape.title,
        detail: shape.detail,
        reported_at: rfc3339(reported),
        updated_at: rfc3339(updated),
        status,
        link: format!("https://incidents.example.org/hazards/HZ-{slot}"),
        lat: round_to(shape.lat, 2),
        lon: round_to(shape.lon, 2),
    }
}

fn magnitude(d: &mut Draw) -> f64 {
    // Gutenberg–Richter-like: many small, few large.
    // (Plain multiplications, not ln/powf, so every platform agrees.)
    let u = d.unit();
    let u2 = u * u;
    round_to(4.5 + 3.4 * u2 * u2 * u2, 1)
}

fn quake_severity(mag: f64) -> usize {
    match mag {
        m if m >= 7.0 => 4,
        m if m >= 6.2 => 3,
        m if m >= 5.5 => 2,
        m if m >= 4.8 => 1,
        _ => 0,
    }
}

fn quake(d: &mut Draw) -> Shape {
    let id = *d.pick(SEISMIC);
    let all = cities();
    let city = all.iter().find(|c| c.id == id).unwrap_or(&all[0]);
    let (lat, lon) = destination(
        city.lat,
        city.lon,
        d.unit() * 360.0,
        d.range(50, 250) as f64,
    );
    let mag = magnitude(d);
    // Mostly shallow crustal events, some intermediate-depth ones.
    let depth = if d.chance(0.8) {
        d.range(5, 40)
    } else {
        d.range(41, 180)
    };
    let severity = quake_severity(mag);
    let (place, near) = relative_to_city(lat, lon);
    let felt = match severity {
        0 | 1 => format!(
            "Weak shaking may have been felt in {}; no damage expected.",
            near.name
        ),
        2 => format!(
            "Moderate shaking likely in {}; checks on premises under way.",
            near.name
        ),
        _ => format!(
            "Strong shaking expected in {}; damage and casualties possible. Staff to report status through the warden system.",
            near.name
        ),
    };
    Shape {
        lat,
        lon,
        severity,
        title: format!("M{mag:.1} earthquake, {place}"),
        detail: format!(
            "Magnitude {mag:.1} at a depth of {depth} km. {felt}\nSource: seismic network, automatic solution."
        ),
    }
}

fn far_quake(d: &mut Draw) -> Shape {
    let &(region, lat, lon) = d.pick(FAR_QUAKES);
    let (lat, lon) = jitter(d, lat, lon, 40.0);
    let mag = magnitude(d);
    let depth = d.range(5, 35);
    Shape {
        lat,
        lon,
        severity: quake_severity(mag),
        title: format!("M{mag:.1} earthquake, {region}"),
        detail: format!(
            "Magnitude {mag:.1} at a depth of {depth} km. Remote oceanic region; no duty station within several hundred kilometres.\nSource: seismic network, automatic solution."
        ),
    }
}

fn storm(d: &mut Draw, places: &[(f64, f64, &[&str])], far: bool) -> Shape {
    let &(lat, lon, names) = d.pick(places);
    let (lat, lon) = jitter(d, lat, lon, 80.0);
    let name = *d.pick(names);
    // Tropical storm, then categories 1–5.
    let cat = d.weighted(&[30, 25, 18, 14, 9, 4]);
    let (lo, hi) = [
        (40, 63),
        (64, 82),
        (83, 95),
        (96, 112),
        (113, 136),
        (137, 160),
    ][cat];
    let kt = d.range(lo, hi);
    let severity = [1, 2, 2, 3, 4, 4][cat];
    let heading = compass(d.unit() * 360.0);
    let speed = d.range(8, 30);
    let title = if cat == 0 {
        format!("Tropical storm {name}")
    } else {
        format!("Tropical cyclone {name} (Cat {cat})")
    };
    let outlook = if far {
        "Centre over open ocean; no landfall expected within 72 hours.".to_string()
    } else {
        let (place, _) = relative_to_city(lat, lon);
        format!(
            "Centre {place}; landfall possible within {} hours.",
            d.range(6, 48)
        )
    };
    Shape {
        lat,
        lon,
        severity,
        title,
        detail: format!(
            "Maximum sustained winds {kt} kt, moving {heading} at {speed} km/h. {outlook}"
        ),
    }
}

fn flood(d: &mut Draw) -> Shape {
    let &(basin, lat, lon) = d.pick(FLOODS);
    let (lat, lon) = jitter(d, lat, lon, 15.0);
    let (severity, kind) = match d.weighted(&[35, 45, 20]) {
        0 => (1, "Flood watch"),
        1 => (2, "Flood warning"),
        _ => (3, "Severe flood warning"),
    };
    let (place, _) = relative_to_city(lat, lon);
    Shape {
        lat,
        lon,
        severity,
        title: format!("{kind}: {basin}"),
        detail: format!(
            "River levels above warning threshold at {} gauging stations. Low-lying areas {place} may be affected.",
            d.range(2, 9)
        ),
    }
}

fn volcano(d: &mut Draw) -> Shape {
    let &(name, lat, lon) = d.pick(VOLCANOES);
    let level = d.weighted(&[15, 40, 30, 15]) + 1;
    let what = match level {
        1 => "Slight unrest; no eruption expected.",
        2 => "Increased seismicity and gas emission observed.",
        3 => "Magmatic unrest; eruption possible within weeks.",
        _ => "Eruption under way; ashfall and pyroclastic flows possible.",
    };
    let (place, _) = relative_to_city(lat, lon);
    Shape {
        lat,
        lon,
        severity: level - 1,
        title: format!("Volcano: {name} alert level {level}"),
        detail: format!(
            "{what} Exclusion zone of {} km in force. The volcano lies {place}.",
            d.range(2, 10)
        ),
    }
}

fn wildfire(d: &mut Draw) -> Shape {
    let &(area, lat, lon) = d.pick(WILDFIRES);
    let (lat, lon) = jitter(d, lat, lon, 15.0);
    let hectares = d.range(2, 120) * 100;
    let severity = if hectares <= 2000 {
        1
    } else if hectares <= 8000 {
        2
    } else {
        3
    };
    let (place, near) = relative_to_city(lat, lon);
    Shape {
        lat,
        lon,
        severity,
        title: format!("Wildfire: {area}"),
        detail: format!(
            "Active fire front of about {hectares} ha, {}% contained, {place}. Smoke may reduce air quality in {}.",
            d.range(0, 80),
            near.name
        ),
    }
}

fn far_wildfire(d: &mut Draw) -> Shape {
    let &(area, lat, lon) = d.pick(FAR_WILDFIRES);
    let (lat, lon) = jitter(d, lat, lon, 30.0);
    let hectares = d.range(50, 900) * 100;
    Shape {
        lat,
        lon,
        severity: if hectares > 40_000 { 2 } else { 1 },
        title: format!("Wildfire: {area}"),
        detail: format!(
            "Active fire front of about {hectares} ha in a remote area; no population centres threatened."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::geo::nearest_city;
    use super::super::tests::at;
    use super::super::{DemoFeed, World};
    use super::*;
    use chrono::{DateTime, Duration, Utc};
    use serde_json::Value;
    use std::collections::HashSet;

    /// Distance from a point to the nearest duty city.
    fn to_nearest(lat: f64, lon: f64) -> f64 {
        nearest_city(lat, lon).1
    }

    fn hazards_at(seed: u64, now: DateTime<Utc>) -> Vec<Value> {
        let bytes = World::new(seed).document(DemoFeed::Hazards, now);
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        v["incidents"].as_array().unwrap().clone()
    }

    #[test]
    fn hazards_have_the_incident_shape_without_station() {
        let now = at(2026, 11, 22, 21, 0);
        let list = hazards_at(7, now);
        assert!((10..=70).contains(&list.len()), "{}", list.len());
        for h in &list {
            let o = h.as_object().unwrap();
            assert!(!o.contains_key("station"), "{h}");
            assert_eq!(o.len(), 11);
            assert!(h["id"].as_str().unwrap().starts_with("HZ-"));
            assert_eq!(h["category"], "hazard");
            assert!(SEVERITIES.contains(&h["severity"].as_str().unwrap()));
            assert!(h["lat"].is_f64() && h["lon"].is_f64());
            for k in [
                "title",
                "detail",
                "reported_at",
                "updated_at",
                "status",
                "link",
            ] {
                assert!(h[k].is_string(), "{k}");
            }
        }
        let rep: Vec<&str> = list
            .iter()
            .map(|h| h["reported_at"].as_str().unwrap())
            .collect();
        assert!(rep.windows(2).all(|w| w[0] > w[1]));
    }

    #[test]
    fn some_hazards_are_near_a_city_and_some_far_from_all() {
        let mut near = 0;
        let mut far = 0;
        let mut kinds = HashSet::new();
        let mut seen = HashSet::new();
        for step in 0..8 {
            for h in hazards_at(7, at(2026, 8, 1, 0, 0) + Duration::hours(12 * step)) {
                if !seen.insert(h["id"].as_str().unwrap().to_string()) {
                    continue;
                }
                let d = to_nearest(h["lat"].as_f64().unwrap(), h["lon"].as_f64().unwrap());
                if d <= 300.0 {
                    near += 1;
                } else if d > 450.0 {
                    far += 1;
                }
                let title = h["title"].as_str().unwrap();
                let kind = title.split([' ', ':', ',']).find(|w| {
                    ["earthquake", "Tropical", "Flood", "Volcano", "Wildfire"].contains(w)
                });
                if let Some(k) = kind {
                    kinds.insert(k.to_string());
                }
            }
        }
        let total = seen.len();
        assert!(near * 100 >= total * 65, "{near} near of {total}");
        assert!(
            far * 100 >= total * 8 && far * 100 <= total * 35,
            "{far} far of {total}"
        );
        assert_eq!(kinds.len(), 5, "{kinds:?}");
    }

    #[test]
    fn quake_titles_name_the_nearest_city() {
        let mut d = Draw::new(7, &[99]);
        for _ in 0..50 {
            let s = quake(&mut d);
            let (city, km) = nearest_city(s.lat, s.lon);
            assert!(
                s.title.ends_with(&format!("of {}", city.name)),
                "{}",
                s.title
            );
            assert!(s.title.contains(&format!(" {} km ", km.round() as i64)));
        }
    }

    #[test]
    fn hazards_are_rarer_and_longer_lived_than_incidents() {
        let now = at(2026, 11, 22, 21, 0);
        let list = hazards_at(7, now);
        let hour_ago = (now - Duration::hours(1))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        let last_hour = list
            .iter()
            .filter(|h| h["reported_at"].as_str().unwrap() > hour_ago.as_str())
            .count();
        assert!(last_hour <= 8, "{last_hour}");
        let oldest =
            DateTime::parse_from_rfc3339(list.last().unwrap()["reported_at"].as_str().unwrap())
                .unwrap();
        assert!(now - oldest.with_timezone(&Utc) > Duration::hours(8));
    }
}
