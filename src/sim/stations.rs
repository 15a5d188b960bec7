//! The stations document: every duty city with its current level, staffing,
//! compliance, drill date and last report.
//!
//! Level changes: each station's time is cut into 36-hour epochs (phase
//! shifted per station); in some epochs the level departs from its base by
//! ±1 for 3–30 hours. Across ~160 stations that gives a change roughly every
//! quarter of an hour. A change counts as a report, so `updated_at` is the
//! change time when the change is the latest news.

use serde::Serialize;

use super::cities::{City, cities};
use super::geo::{date_of_day, rfc3339};
use super::rng::{Draw, hash, salt, unit_of};

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;
const LEVEL_EPOCH: i64 = 36 * HOUR;
const BLACKOUT_EPOCH: i64 = 6 * DAY;
const MOSS_EPOCH: i64 = 30 * DAY;

#[derive(Serialize)]
pub(crate) struct StationsDoc {
    generated_at: String,
    stations: Vec<Station>,
}

#[derive(Serialize)]
struct Station {
    id: &'static str,
    name: &'static str,
    country: &'static str,
    region: &'static str,
    lat: f64,
    lon: f64,
    timezone: &'static str,
    security_level: u8,
    personnel: u32,
    moss_compliance: f64,
    evacuation_drill: String,
    security_adviser: bool,
    updated_at: String,
}

pub(crate) fn document(seed: u64, now: i64) -> StationsDoc {
    let stations = cities()
        .iter()
        .enumerate()
        .map(|(i, c)| station(seed, i, c, now))
        .collect();
    StationsDoc {
        generated_at: rfc3339(now),
        stations,
    }
}

fn station(seed: u64, idx: usize, city: &City, now: i64) -> Station {
    let level = level_at(seed, idx, city, now);
    let report = last_report(seed, idx, now);
    let updated = match level.changed_at {
        Some(ch) if ch > report => ch,
        _ => report,
    };
    Station {
        id: city.id,
        name: city.name,
        country: city.country,
        region: city.region,
        lat: city.lat,
        lon: city.lon,
        timezone: city.timezone,
        security_level: level.level,
        personnel: personnel(seed, idx, city, now),
        moss_compliance: moss(seed, idx, city, now),
        evacuation_drill: date_of_day(drill_day(seed, idx, now)),
        security_adviser: adviser(seed, idx, city),
        updated_at: rfc3339(updated),
    }
}

/// A station's level at one instant and the time of its latest change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LevelNow {
    pub level: u8,
    pub changed_at: Option<i64>,
}

/// A departure from the base level: `[start, end)` at `level`.
#[derive(Debug, Clone, Copy)]
struct Excursion {
    start: i64,
    end: i64,
    level: u8,
}

fn excursion(
    seed: u64,
    idx: usize,
    city: &City,
    epoch: i64,
    epoch_start: i64,
) -> Option<Excursion> {
    const CHANCE_BY_BASE: [f64; 6] = [0.25, 0.35, 0.5, 0.55, 0.6, 0.5];
    let base = city.base_level.clamp(1, 6);
    let mut d = Draw::new(seed, &[salt::LEVEL, idx as u64, epoch as u64]);
    if !d.chance(CHANCE_BY_BASE[usize::from(base - 1)]) {
        return None;
    }
    let duration = d.range(3 * HOUR, 30 * HOUR);
    let start = epoch_start + d.range(0, LEVEL_EPOCH - duration);
    let up = match base {
        1 => true,
        6 => false,
        _ => d.chance(0.5),
    };
    let level = if up { base + 1 } else { base - 1 };
    Some(Excursion {
        start,
        end: start + duration,
        level,
    })
}

/// The level of station `idx` at `t`, a pure function of `(seed, t)`.
pub(crate) fn level_at(seed: u64, idx: usize, city: &City, t: i64) -> LevelNow {
    let phase = (hash(seed, &[salt::LEVEL_PHASE, idx as u64]) % LEVEL_EPOCH as u64) as i64;
    let epoch = (t - phase).div_euclid(LEVEL_EPOCH);
    let epoch_start = phase + epoch * LEVEL_EPOCH;
    let mut changed_at = None;
    // An excursion lies wholly inside its epoch, so the previous epoch can
    // only contribute its end as the latest change.
    if let Some(prev) = excursion(seed, idx, city, epoch - 1, epoch_start - LEVEL_EPOCH) {
        changed_at = Some(prev.end);
    }
    let mut level = city.base_level;
    if let Some(ex) = excursion(seed, idx, city, epoch, epoch_start) {
        if t >= ex.end {
            changed_at = Some(ex.end);
        } else if t >= ex.start {
            changed_at = Some(ex.start);
            level = ex.level;
        }
    }
    LevelNow { level, changed_at }
}

/// The station's latest routine report at or before `t`: a steady cadence
/// of 1–4 hours, interrupted by occasional communication blackouts of
/// 30–80 hours that leave the report days old.
fn last_report(seed: u64, idx: usize, t: i64) -> i64 {
    let mut d = Draw::new(seed, &[salt::REPORT, idx as u64]);
    let cadence = d.range(HOUR, 4 * HOUR);
    let phase = d.range(0, cadence - 1);
    let regular_before = |x: i64| x - (x - phase).rem_euclid(cadence);
    let regular = regular_before(t);

    let bphase = (hash(seed, &[salt::BLACKOUT, idx as u64]) % BLACKOUT_EPOCH as u64) as i64;
    let epoch = (t - bphase).div_euclid(BLACKOUT_EPOCH);
    let epoch_start = bphase + epoch * BLACKOUT_EPOCH;
    let mut b = Draw::new(seed, &[salt::BLACKOUT, idx as u64, epoch as u64]);
    if !b.chance(0.2) {
        return regular;
    }
    let duration = b.range(30 * HOUR, 80 * HOUR);
    let start = epoch_start + b.range(0, BLACKOUT_EPOCH - duration);
    let end = start + duration;
    if (start..end).contains(&t) {
        regular_before(start)
    } else if (start..end).contains(&regular) {
        // Back on air: the station reported as the link came back.
        end
    } else {
        regular
    }
}

/// Personnel drift a few per cent around the base from day to day.
fn personnel(seed: u64, idx: usize, city: &City, t: i64) -> u32 {
    let phase = (hash(seed, &[salt::PERSONNEL, idx as u64]) % DAY as u64) as i64;
    let day = (t - phase).div_euclid(DAY);
    let u = unit_of(hash(seed, &[salt::PERSONNEL, idx as u64, day as u64]));
    let base = f64::from(city.personnel);
    let value = (base * (1.0 + (u - 0.5) * 0.08)).round();
    (value as u32).max(5)
}

/// MOSS compliance, 0.55–1.00, re-assessed about monthly.
fn moss(seed: u64, idx: usize, city: &City, t: i64) -> f64 {
    let mut d = Draw::new(seed, &[salt::MOSS, idx as u64]);
    let v = 1.0 - d.unit();
    let base = 0.62 + 0.37 * (1.0 - v * v) - f64::from(city.base_level - 1) * 0.015;
    let phase = d.range(0, MOSS_EPOCH - 1);
    let epoch = (t - phase).div_euclid(MOSS_EPOCH);
    let jitter = (unit_of(hash(seed, &[salt::MOSS, idx as u64, epoch as u64])) - 0.5) * 0.08;
    let value = (base + jitter).clamp(0.55, 1.0);
    (value * 100.0).round() / 100.0
}

/// The Unix day of the last evacuation drill. Most stations drill every
/// 7–11 months; about a third run long cycles, so roughly one station in
/// ten is overdue (older than 365 days) at any time.
fn drill_day(seed: u64, idx: usize, t: i64) -> i64 {
    let mut d = Draw::new(seed, &[salt::DRILL, idx as u64]);
    let cycle = if d.chance(0.3) {
        d.range(450, 600)
    } else {
        d.range(200, 340)
    };
    let phase = d.range(0, cycle - 1);
    let today = t.div_euclid(DAY);
    today - (today - phase).rem_euclid(cycle)
}

/// Every station at level 5 and above has a security adviser, most at 4.
fn adviser(seed: u64, idx: usize, city: &City) -> bool {
    let p = match city.base_level {
        5.. => 1.0,
        4 => 0.85,
        3 => 0.6,
        _ => 0.2,
    };
    unit_of(hash(seed, &[salt::ADVISER, idx as u64])) < p
}

#[cfg(test)]
mod tests {
    use super::super::tests::at;
    use super::super::{DemoFeed, World};
    use super::*;
    use chrono::{DateTime, NaiveDate, Utc};
    use serde_json::Value;

    fn stations_at(seed: u64, now: DateTime<Utc>) -> Vec<Value> {
        let bytes = World::new(seed).document(DemoFeed::Stations, now);
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        v["stations"].as_array().unwrap().clone()
    }

    fn parse_ts(s: &str) -> DateTime<Utc> {
        assert!(s.ends_with('Z') && s.len() == 20, "{s}");
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn stations_have_every_field_with_the_right_type() {
        let now = at(2026, 11, 22, 21, 0);
        let list = stations_at(7, now);
        assert_eq!(list.len(), cities().len());
        for s in &list {
            let o = s.as_object().unwrap();
            let keys: Vec<&str> = o.keys().map(String::as_str).collect();
            assert_eq!(keys.len(), 13, "{keys:?}");
            for k in ["id", "name", "country", "region", "timezone"] {
                assert!(s[k].is_string(), "{k}");
            }
            assert!(s["lat"].is_f64() && s["lon"].is_f64());
            let level = s["security_level"].as_u64().unwrap();
            assert!((1..=6).contains(&level));
            assert!(s["personnel"].as_u64().unwrap() >= 5);
            let moss = s["moss_compliance"].as_f64().unwrap();
            assert!((0.55..=1.0).contains(&moss), "{moss}");
            assert!(((moss * 100.0).round() - moss * 100.0).abs() < 1e-9);
            let drill = s["evacuation_drill"].as_str().unwrap();
            let drill = NaiveDate::parse_from_str(drill, "%Y-%m-%d").unwrap();
            assert!(drill <= now.date_naive());
            assert!(s["security_adviser"].is_boolean());
            assert!(parse_ts(s["updated_at"].as_str().unwrap()) <= now);
        }
    }

    #[test]
    fn some_drills_are_overdue_and_most_are_not() {
        let now = at(2026, 11, 22, 21, 0);
        let list = stations_at(7, now);
        let overdue = list
            .iter()
            .filter(|s| {
                let d =
                    NaiveDate::parse_from_str(s["evacuation_drill"].as_str().unwrap(), "%Y-%m-%d")
                        .unwrap();
                (now.date_naive() - d).num_days() > 365
            })
            .count();
        assert!((5..=35).contains(&overdue), "{overdue} overdue");
    }

    #[test]
    fn reports_are_mostly_recent_with_a_few_stale() {
        let mut stale_seen = 0;
        for day in 0..10 {
            let now = at(2026, 5, 1, 12, 0) + chrono::Duration::days(day);
            let list = stations_at(7, now);
            let ages: Vec<i64> = list
                .iter()
                .map(|s| (now - parse_ts(s["updated_at"].as_str().unwrap())).num_hours())
                .collect();
            let recent = ages.iter().filter(|&&a| a < 5).count();
            let stale = ages.iter().filter(|&&a| (24..=80).contains(&a)).count();
            assert!(recent * 100 >= list.len() * 80, "only {recent} recent");
            assert!(stale <= 20, "{stale} stale");
            assert!(ages.iter().all(|&a| a <= 80));
            stale_seen += stale;
        }
        assert!(stale_seen >= 10, "{stale_seen} stale over ten days");
    }

    #[test]
    fn advisers_are_mostly_present_at_high_levels() {
        let list = stations_at(7, at(2026, 11, 22, 21, 0));
        let high: Vec<&Value> = list
            .iter()
            .filter(|s| {
                let id = s["id"].as_str().unwrap();
                cities().iter().any(|c| c.id == id && c.base_level >= 4)
            })
            .collect();
        let with = high
            .iter()
            .filter(|s| s["security_adviser"] == true)
            .count();
        assert!(with * 100 >= high.len() * 75, "{with}/{}", high.len());
    }

    #[test]
    fn level_changes_happen_every_quarter_hour_or_so_and_stamp_updated_at() {
        let start = at(2026, 11, 22, 0, 0);
        let mut prev = stations_at(7, start);
        let mut changes = 0;
        let mut first_change_minute = None;
        for step in 1..=(24 * 12) {
            let now = start + chrono::Duration::minutes(5 * step);
            let cur = stations_at(7, now);
            for (a, b) in prev.iter().zip(&cur) {
                if a["security_level"] != b["security_level"] {
                    changes += 1;
                    first_change_minute.get_or_insert(5 * step);
                    let d = (a["security_level"].as_i64().unwrap()
                        - b["security_level"].as_i64().unwrap())
                    .abs();
                    assert_eq!(d, 1, "levels move one step at a time");
                    let upd = parse_ts(b["updated_at"].as_str().unwrap());
                    assert!(now - upd < chrono::Duration::minutes(5), "{b}");
                }
            }
            prev = cur;
        }
        // One change per 10–20 minutes is 72–144 a day; allow some slack.
        assert!((55..=170).contains(&changes), "{changes} changes in 24 h");
        assert!(first_change_minute.unwrap() <= 180);
    }

    #[test]
    fn levels_stay_within_one_step_of_base() {
        for (i, c) in cities().iter().enumerate() {
            for h in 0..200 {
                let l = level_at(7, i, c, 1_790_000_000 + h * 1800).level;
                assert!((1..=6).contains(&l));
                assert!((i32::from(l) - i32::from(c.base_level)).abs() <= 1);
            }
        }
    }

    #[test]
    fn personnel_drifts_slightly_over_days() {
        let a = stations_at(7, at(2026, 1, 1, 0, 0));
        let b = stations_at(7, at(2026, 1, 9, 0, 0));
        let mut differ = 0;
        for (x, y) in a.iter().zip(&b) {
            let (p, q) = (
                x["personnel"].as_f64().unwrap(),
                y["personnel"].as_f64().unwrap(),
            );
            assert!((p - q).abs() <= (p.max(q) * 0.1).max(2.0), "{p} vs {q}");
            if p != q {
                differ += 1;
            }
        }
        assert!(differ > a.len() / 2);
    }
}
