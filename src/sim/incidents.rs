//! The incidents document: station incidents arriving over absolute time.
//!
//! Time is cut into one-minute slots since the Unix epoch. A hash of
//! `(seed, slot)` decides whether an incident starts in a slot (~37 %), and
//! everything about it — station, severity, category, text, lifetime — is
//! drawn from `(seed, slot)` alone, so every process agrees and a fresh
//! start already shows the last hours. An incident lives 1–8 hours, is
//! `cleared` for its last 20–40 minutes, then leaves the document. About one
//! in twelve has its severity raised one step partway through its life.

use chrono::{DateTime, Datelike, Timelike};
use chrono_tz::Tz;

use super::cities::{City, cities};
use super::geo::{destination, rfc3339, round_to};
use super::item::{CATEGORIES, IncidentsDoc, Item, SEVERITIES, SLOT};
use super::rng::{Draw, hash, salt, unit_of};
use super::text::{self, Pools, Vars, When, suits};

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const MAX_LIFE: i64 = 8 * HOUR;
const START_CHANCE: f64 = 0.37;

pub(crate) fn document(seed: u64, now: i64) -> IncidentsDoc {
    let weights = station_weights();
    let first = (now - MAX_LIFE).div_euclid(SLOT) + 1;
    let last = now.div_euclid(SLOT);
    let mut incidents = Vec::with_capacity(128);
    // Newest first: reported_at descending.
    for slot in (first..=last).rev() {
        if !starts(seed, slot) {
            continue;
        }
        let (life, clearing) = lifetime(seed, slot);
        if slot * SLOT + life <= now {
            continue;
        }
        incidents.push(incident(seed, slot, life, clearing, now, &weights));
    }
    IncidentsDoc {
        generated_at: rfc3339(now),
        incidents,
    }
}

fn starts(seed: u64, slot: i64) -> bool {
    unit_of(hash(seed, &[salt::INCIDENT, slot as u64])) < START_CHANCE
}

/// Lifetime (1–8 h, skewed short) and the cleared tail (20–40 min).
fn lifetime(seed: u64, slot: i64) -> (i64, i64) {
    let mut d = Draw::new(seed, &[salt::INCIDENT_LIFE, slot as u64]);
    let u = d.unit();
    let life = HOUR + ((0.5 * u + 0.5 * u * u) * (7 * HOUR) as f64) as i64;
    let clearing = d.range(20, 40) * MINUTE;
    (life, clearing)
}

/// Incidents favour stations at higher levels.
fn station_weights() -> Vec<u32> {
    const BY_LEVEL: [u32; 6] = [1, 2, 4, 7, 11, 14];
    cities()
        .iter()
        .map(|c| BY_LEVEL[usize::from(c.base_level.clamp(1, 6) - 1)])
        .collect()
}

/// Severity weights (info … critical) by station level.
fn severity_weights(level: u8) -> [u32; 5] {
    match level {
        0..=2 => [23, 45, 25, 6, 1],
        3 => [17, 38, 32, 11, 2],
        4 => [13, 33, 35, 15, 4],
        _ => [10, 28, 35, 20, 7],
    }
}

/// Category weights (armed-conflict, crime, civil-unrest, hazard, health,
/// transport) by station level.
fn category_weights(level: u8) -> [u32; 6] {
    match level {
        0 | 1 => [0, 35, 20, 15, 10, 20],
        2 => [0, 37, 24, 14, 12, 13],
        3 => [4, 34, 24, 14, 12, 12],
        4 => [22, 26, 20, 12, 10, 10],
        5 => [38, 20, 15, 10, 8, 9],
        _ => [50, 14, 12, 8, 8, 8],
    }
}

fn pools(category: usize) -> &'static Pools {
    match category {
        0 => &text::ARMED,
        1 => &text::CRIME,
        2 => &text::UNREST,
        3 => &text::HAZARD,
        4 => &text::HEALTH,
        _ => &text::TRANSPORT,
    }
}

/// A template from `pool` that suits `city` in `month`.
fn choose(d: &mut Draw, pool: &'static [text::Tpl], city: &City, month: u32) -> text::Tpl {
    const FALLBACK: text::Tpl = (
        "Incident reported in {city}",
        "Details to follow.",
        When::Any,
    );
    let fitting = pool.iter().filter(|t| suits(city, t.2, month)).count();
    let k = d.below(fitting.max(1));
    pool.iter()
        .filter(|t| suits(city, t.2, month))
        .nth(k)
        .copied()
        .unwrap_or(FALLBACK)
}

/// Local calendar month and hour of a Unix time at a city.
fn local_month_hour(city: &City, t: i64) -> (u32, u32) {
    let utc = DateTime::from_timestamp(t, 0).unwrap_or_default();
    match city.timezone.parse::<Tz>() {
        Ok(tz) => {
            let local = utc.with_timezone(&tz);
            (local.month(), local.hour())
        }
        Err(_) => (utc.month(), utc.hour()),
    }
}

fn incident(seed: u64, slot: i64, life: i64, clearing: i64, now: i64, weights: &[u32]) -> Item {
    let mut d = Draw::new(seed, &[salt::INCIDENT_BODY, slot as u64]);
    let city = &cities()[d.weighted(weights)];
    let severity = d.weighted(&severity_weights(city.base_level));
    let category = d.weighted(&category_weights(city.base_level));
    // About one in twelve incidents overall: a medium or high one is raised
    // a step partway through its life (the first report understated it).
    let raised = matches!(severity, 2 | 3) && d.chance(0.18);
    let final_severity = if raised { severity + 1 } else { severity };

    let reported = slot * SLOT;
    let (month, hour) = local_month_hour(city, reported);
    let km = d.range(1, 8);
    let bearing = d.unit() * 360.0;
    let vars = Vars {
        city: city.name,
        km,
        n: d.range(2, 9),
        at: hour,
        later: (hour + d.range(2, 6) as u32) % 24,
    };
    let pools = pools(category);
    let pool = if final_severity >= 3 {
        pools.grave
    } else {
        pools.routine
    };
    let (title, first, _) = choose(&mut d, pool, city, month);
    let title = text::fill(title, &vars);
    let mut detail = text::fill(first, &vars);
    if d.chance(0.6) {
        detail.push(' ');
        let &advice = d.pick(text::ADVICE);
        detail.push_str(&text::fill(advice, &vars));
    }
    if d.chance(0.35) {
        detail.push('\n');
        let &source = d.pick(text::SOURCES);
        detail.push_str(source);
    }

    let cleared_at = reported + life - clearing;
    let raise_at =
        raised.then(|| reported + ((cleared_at - reported) as f64 * (0.2 + 0.6 * d.unit())) as i64);

    let mut updated = reported;
    let mut current = severity;
    if let Some(r) = raise_at.filter(|&r| now >= r) {
        current = final_severity;
        updated = r;
        detail.push_str(&format!(
            "\nUpdate {}Z: situation deteriorating; severity raised to {}.",
            &rfc3339(r)[11..16],
            SEVERITIES[current]
        ));
    }
    let status = if now >= cleared_at {
        updated = cleared_at;
        detail.push_str(&format!(
            "\nCleared {}Z: situation stabilised, no further action.",
            &rfc3339(cleared_at)[11..16]
        ));
        "cleared"
    } else {
        "open"
    };

    let (lat, lon) = destination(city.lat, city.lon, bearing, km as f64);
    Item {
        id: format!("INC-{slot}"),
        station: Some(city.id),
        severity: SEVERITIES[current],
        category: CATEGORIES[category],
        title,
        detail,
        reported_at: rfc3339(reported),
        updated_at: rfc3339(updated),
        status,
        link: format!(
            "https://incidents.example.org/{}/{}/INC-{slot}",
            city.region,
            city.id.to_ascii_lowercase()
        ),
        lat: round_to(lat, 3),
        lon: round_to(lon, 3),
    }
}

#[cfg(test)]
mod tests {
    use super::super::geo::distance_km;
    use super::super::tests::at;
    use super::super::{DemoFeed, World};
    use super::*;
    use chrono::{DateTime, Duration, Utc};
    use serde_json::Value;
    use std::collections::{HashMap, HashSet};

    fn incidents_at(seed: u64, now: DateTime<Utc>) -> Vec<Value> {
        let bytes = World::new(seed).document(DemoFeed::Incidents, now);
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        v["incidents"].as_array().unwrap().clone()
    }

    #[test]
    fn incidents_have_every_field_with_the_right_type() {
        let now = at(2026, 11, 22, 21, 0);
        let list = incidents_at(7, now);
        assert!(!list.is_empty());
        for i in &list {
            assert_eq!(i.as_object().unwrap().len(), 12, "{i}");
            for k in [
                "id",
                "station",
                "severity",
                "category",
                "title",
                "detail",
                "reported_at",
                "updated_at",
                "status",
                "link",
            ] {
                assert!(i[k].is_string(), "{k} in {i}");
            }
            assert!(i["id"].as_str().unwrap().starts_with("INC-"));
            assert!(SEVERITIES.contains(&i["severity"].as_str().unwrap()));
            assert!(CATEGORIES.contains(&i["category"].as_str().unwrap()));
            assert!(["open", "cleared"].contains(&i["status"].as_str().unwrap()));
            assert!(
                i["link"]
                    .as_str()
                    .unwrap()
                    .starts_with("https://incidents.example.org/")
            );
            let title = i["title"].as_str().unwrap();
            assert!(!title.contains('{') && !title.contains('\n'), "{title}");
            let station = i["station"].as_str().unwrap();
            let city = cities().iter().find(|c| c.id == station).unwrap();
            assert!(title.contains(city.name), "{title} / {station}");
            let (lat, lon) = (i["lat"].as_f64().unwrap(), i["lon"].as_f64().unwrap());
            assert!(distance_km(lat, lon, city.lat, city.lon) < 10.0);
            let rep = DateTime::parse_from_rfc3339(i["reported_at"].as_str().unwrap()).unwrap();
            let upd = DateTime::parse_from_rfc3339(i["updated_at"].as_str().unwrap()).unwrap();
            assert!(rep <= upd && upd <= now);
        }
        let reported: Vec<&str> = list
            .iter()
            .map(|i| i["reported_at"].as_str().unwrap())
            .collect();
        assert!(
            reported.windows(2).all(|w| w[0] > w[1]),
            "sorted newest first"
        );
    }

    #[test]
    fn count_stays_in_a_believable_band_over_a_day() {
        for seed in [7, 11] {
            for hour in 0..24 {
                let n = incidents_at(seed, at(2026, 6, 10, 0, 0) + Duration::hours(hour)).len();
                assert!((55..=130).contains(&n), "seed {seed} hour {hour}: {n}");
            }
        }
    }

    #[test]
    fn severity_and_category_mix_is_believable() {
        let mut sev: HashMap<String, usize> = HashMap::new();
        let mut cat: HashMap<String, usize> = HashMap::new();
        let mut seen = HashSet::new();
        for step in 0..12 {
            for i in incidents_at(7, at(2026, 6, 10, 0, 0) + Duration::hours(8 * step)) {
                if seen.insert(i["id"].as_str().unwrap().to_string()) {
                    *sev.entry(i["severity"].as_str().unwrap().into())
                        .or_default() += 1;
                    *cat.entry(i["category"].as_str().unwrap().into())
                        .or_default() += 1;
                }
            }
        }
        let total = seen.len() as f64;
        let share = |k: &str| *sev.get(k).unwrap_or(&0) as f64 / total;
        assert!((0.02..0.09).contains(&share("critical")), "{sev:?}");
        assert!((0.09..0.22).contains(&share("high")), "{sev:?}");
        assert!((0.25..0.40).contains(&share("medium")), "{sev:?}");
        assert!((0.25..0.42).contains(&share("low")), "{sev:?}");
        assert!((0.08..0.22).contains(&share("info")), "{sev:?}");
        for c in CATEGORIES {
            assert!(cat.get(c).copied().unwrap_or(0) > 10, "{cat:?}");
        }
    }

    #[test]
    fn incidents_persist_with_the_same_identity_until_they_end() {
        let t = at(2026, 11, 22, 21, 0);
        for step in 0..30 {
            let a_time = t + Duration::minutes(step * 7);
            let a = incidents_at(7, a_time);
            let b: HashMap<String, Value> = incidents_at(7, a_time + Duration::seconds(60))
                .into_iter()
                .map(|i| (i["id"].as_str().unwrap().to_string(), i))
                .collect();
            let mut gone = 0;
            for i in &a {
                match b.get(i["id"].as_str().unwrap()) {
                    Some(j) => {
                        assert_eq!(i["title"], j["title"]);
                        assert_eq!(i["station"], j["station"]);
                        assert_eq!(i["reported_at"], j["reported_at"]);
                    }
                    None => {
                        // Only a cleared incident at the end of its life may go.
                        assert_eq!(i["status"], "cleared", "{i}");
                        gone += 1;
                    }
                }
            }
            assert!(gone <= 3);
        }
    }

    #[test]
    fn cleared_incidents_are_a_minority_and_exist() {
        let list = incidents_at(7, at(2026, 11, 22, 21, 0));
        let cleared = list.iter().filter(|i| i["status"] == "cleared").count();
        assert!(
            cleared >= 1 && cleared * 3 < list.len(),
            "{cleared}/{}",
            list.len()
        );
    }

    #[test]
    fn some_severity_is_raised_within_a_day() {
        let rank = |s: &Value| SEVERITIES.iter().position(|x| s == x).unwrap();
        let mut before: HashMap<String, usize> = HashMap::new();
        let mut raised = Vec::new();
        let start = at(2026, 11, 22, 0, 0);
        for step in 0..(24 * 12) {
            let now = start + Duration::minutes(5 * step);
            for i in incidents_at(7, now) {
                let id = i["id"].as_str().unwrap().to_string();
                let r = rank(&i["severity"]);
                if before.get(&id).is_some_and(|&p| p != r) {
                    let p = before[&id];
                    assert_eq!(r, p + 1, "raised exactly one step");
                    let upd =
                        DateTime::parse_from_rfc3339(i["updated_at"].as_str().unwrap()).unwrap();
                    assert!(now - upd.with_timezone(&Utc) <= Duration::minutes(5));
                    assert!(i["detail"].as_str().unwrap().contains("severity raised"));
                    raised.push(id.clone());
                }
                before.insert(id, r);
            }
        }
        assert!(raised.len() >= 10, "{} raised in a day", raised.len());
    }

    #[test]
    fn high_level_stations_see_more_and_graver_incidents() {
        let mut by_level = [0usize; 7];
        let mut grave_at_high = 0;
        let mut grave_at_low = 0;
        let mut seen = HashSet::new();
        for step in 0..6 {
            for i in incidents_at(7, at(2026, 2, 1, 0, 0) + Duration::hours(8 * step)) {
                if !seen.insert(i["id"].as_str().unwrap().to_string()) {
                    continue;
                }
                let c = cities().iter().find(|c| c.id == i["station"]).unwrap();
                by_level[usize::from(c.base_level)] += 1;
                let grave = i["severity"] == "critical" || i["severity"] == "high";
                if grave && c.base_level >= 4 {
                    grave_at_high += 1;
                } else if grave && c.base_level <= 2 {
                    grave_at_low += 1;
                }
            }
        }
        assert!(by_level[5] > by_level[1], "{by_level:?}");
        assert!(
            grave_at_high > 3 * grave_at_low,
            "{grave_at_high} vs {grave_at_low}"
        );
    }
}
