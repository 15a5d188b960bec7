//! The surge roster: fixed officer identities whose status changes over
//! 12-hour windows. Consecutive windows group into blocks of one status
//! (about a day and a half on average, never more than eight days), so
//! `available_until` and `available_from` name a real coming change.

use serde::Serialize;

use super::cities::{cities, index_of};
use super::geo::rfc3339;
use super::rng::{Draw, hash, salt, unit_of};

const WINDOW: i64 = 12 * 3600;
/// Every 16th window starts a block, which bounds every scan.
const FORCED: i64 = 16;
const BOUNDARY_CHANCE: f64 = 0.4;

pub(crate) const STATUSES: [&str; 5] = ["available", "standby", "deployed", "leave", "unavailable"];
const STATUS_WEIGHTS: [u32; 5] = [28, 24, 20, 14, 14];

const CM: &str = "crisis-management";
const HI: &str = "hostage-incident";
const SRM: &str = "security-risk-management";
const MED: &str = "medical";
const EVAC: &str = "evacuation";
const CP: &str = "close-protection";
const INV: &str = "investigations";
const TRN: &str = "training";
const TEL: &str = "telecoms";

struct Officer {
    name: &'static str,
    callsign: &'static str,
    home: &'static str,
    readiness: u32,
    skills: &'static [&'static str],
    languages: &'static [&'static str],
}

const fn o(
    name: &'static str,
    callsign: &'static str,
    home: &'static str,
    readiness: u32,
    skills: &'static [&'static str],
    languages: &'static [&'static str],
) -> Officer {
    Officer {
        name,
        callsign,
        home,
        readiness,
        skills,
        languages,
    }
}

/// The roster, in id order: index 0 is `SO-001`.
#[rustfmt::skip]
static OFFICERS: &[Officer] = &[
    o("Amina Diallo", "ORCA-1", "DKR", 24, &[CM, SRM], &["en", "fr"]),
    o("Lars Henriksen", "FALCON-2", "CPH", 48, &[EVAC, TEL], &["en"]),
    o("Farida Noorzai", "KESTREL-3", "KBL", 24, &[SRM, TRN], &["en", "fa", "ps"]),
    o("Tomás Herrera", "OSPREY-1", "BOG", 24, &[INV, CM], &["en", "es"]),
    o("Grace Wanjiru", "HERON-4", "NBO", 12, &[MED, EVAC], &["en", "sw"]),
    o("Dmytro Koval", "LYNX-2", "KBP", 24, &[CP, SRM], &["en", "uk", "ru"]),
    o("Tan Mei Lin", "IBIS-5", "BKK", 48, &[TEL, CM], &["en", "zh"]),
    o("Karim Haddad", "CONDOR-1", "BEY", 12, &[HI, CM, SRM], &["en", "ar", "fr"]),
    o("Sophie Marchand", "MARLIN-3", "GVA", 72, &[TRN, SRM], &["en", "fr"]),
    o("Oluwaseun Adeyemi", "PUMA-2", "ABV", 24, &[INV, SRM], &["en", "fr"]),
    o("Priya Raman", "RAVEN-6", "DEL", 48, &[MED, TRN], &["en", "hi"]),
    o("Javier Morales Ruiz", "JAGUAR-1", "PTY", 24, &[EVAC, CP], &["en", "es"]),
    o("Yusuf Abdi Warsame", "OTTER-4", "NBO", 12, &[SRM, EVAC], &["en", "so", "ar"]),
    o("Elena Petrova", "SWIFT-2", "VIE", 48, &[INV, TRN], &["en", "ru", "de"]),
    o("Mohammed Al-Saadi", "EAGLE-7", "AMM", 12, &[SRM, EVAC, CM], &["en", "ar"]),
    o("Ana Beatriz Costa", "TERN-3", "BSB", 48, &[CM, TRN], &["en", "pt", "es"]),
    o("Jean-Baptiste Mukendi", "BISON-5", "FIH", 24, &[CP, EVAC], &["en", "fr", "sw"]),
    o("Hiroshi Tanaka", "CRANE-2", "TYO", 72, &[TEL], &["en", "ja"]),
    o("Fatima Zahra Benali", "GAZELLE-1", "RBA", 24, &[INV, HI], &["en", "ar", "fr"]),
    o("Connor O'Brien", "WOLF-6", "LON", 24, &[CP, HI], &["en"]),
    o("Nadia Rahimi", "PELICAN-4", "ISB", 24, &[MED, SRM], &["en", "ur", "fa"]),
    o("Samuel Mensah", "ORCA-8", "ACC", 48, &[TRN, TEL], &["en", "fr"]),
    o("Ingrid Solberg", "FALCON-5", "GVA", 24, &[CM, HI], &["en", "no", "fr"]),
    o("Carlos Mendoza", "KESTREL-7", "MEX", 24, &[SRM, INV], &["en", "es"]),
    o("Rania Khalil", "HERON-1", "CAI", 48, &[TRN, MED], &["en", "ar"]),
    o("Pierre Dubois", "LYNX-9", "PAR", 72, &[SRM, CM], &["en", "fr"]),
    o("Aigerim Bekova", "IBIS-2", "FRU", 48, &[TEL, EVAC], &["en", "ru"]),
    o("Daniel Okello", "CONDOR-6", "KLA", 12, &[CP, EVAC, MED], &["en", "sw"]),
    o("Leila Tehrani", "MARLIN-1", "THR", 48, &[INV, SRM], &["en", "fa"]),
    o("Marco Bianchi", "PUMA-8", "ROM", 72, &[TEL, TRN], &["en", "it", "fr"]),
    o("Siosaia Fifita", "RAVEN-2", "SUV", 48, &[EVAC, MED], &["en"]),
    o("Zanele Dlamini", "JAGUAR-5", "PRY", 24, &[MED, CM], &["en", "zu"]),
    o("Ahmad Shah Karimi", "OTTER-1", "KBL", 12, &[CP, SRM], &["en", "fa", "ps"]),
    o("Camille Laurent", "SWIFT-6", "BGF", 24, &[CM, TRN], &["en", "fr"]),
    o("Rafael Ortega", "EAGLE-3", "GUA", 48, &[INV, EVAC], &["en", "es"]),
    o("Nguyen Thi Lan", "TERN-8", "HAN", 72, &[TEL, TRN], &["en", "vi"]),
    o("Omar Farouk", "BISON-2", "PZU", 12, &[SRM, EVAC], &["en", "ar"]),
    o("Katarzyna Nowak", "CRANE-7", "BRU", 48, &[INV, CM], &["en", "pl", "ru"]),
    o("Abebe Tesfaye", "GAZELLE-4", "ADD", 24, &[SRM, TEL], &["en", "am"]),
    o("Maria Santos", "WOLF-3", "MNL", 24, &[MED, EVAC], &["en", "tl"]),
    o("Hamid Yousef", "PELICAN-9", "EBL", 12, &[CP, HI], &["en", "ar", "ku"]),
    o("Chloé Martin", "ORCA-4", "YUL", 72, &[TRN, SRM], &["en", "fr"]),
    o("Michael Reyes", "FALCON-9", "NYC", 48, &[CM, INV], &["en", "es"]),
    o("Aisha Bello", "KESTREL-2", "NIM", 24, &[SRM, MED], &["en", "fr", "ha"]),
    o("Ravi Perera", "HERON-6", "CMB", 48, &[TEL, EVAC], &["en", "si", "ta"]),
    o("Thabo Molefe", "LYNX-4", "PRY", 24, &[CP, TRN], &["en", "zu"]),
    o("Sara Lindqvist", "IBIS-7", "CPH", 72, &[CM, MED], &["en", "sv"]),
    o("Youssef Mansour", "CONDOR-3", "TUN", 24, &[INV, SRM], &["en", "ar", "fr"]),
    o("Ahmed Hussein Ali", "MARLIN-5", "ADE", 12, &[SRM, EVAC, CP], &["en", "ar"]),
    o("Lucía Fernández", "PUMA-4", "SCL", 48, &[HI, CM], &["en", "es", "pt"]),
];

#[derive(Serialize)]
pub(crate) struct RosterDoc {
    generated_at: String,
    officers: Vec<OfficerOut>,
}

#[derive(Serialize)]
struct OfficerOut {
    id: String,
    name: &'static str,
    callsign: &'static str,
    home: &'static str,
    status: &'static str,
    deployed_to: Option<&'static str>,
    available_from: Option<String>,
    available_until: Option<String>,
    readiness_hours: u32,
    skills: &'static [&'static str],
    languages: &'static [&'static str],
}

pub(crate) fn document(seed: u64, now: i64) -> RosterDoc {
    let weights = deployment_weights();
    let officers = OFFICERS
        .iter()
        .enumerate()
        .map(|(i, o)| officer(seed, i, o, now, &weights))
        .collect();
    RosterDoc {
        generated_at: rfc3339(now),
        officers,
    }
}

/// Deployments go mostly where the levels are high.
fn deployment_weights() -> Vec<u32> {
    const BY_LEVEL: [u32; 6] = [0, 1, 4, 8, 12, 14];
    cities()
        .iter()
        .map(|c| BY_LEVEL[usize::from(c.base_level.clamp(1, 6) - 1)])
        .collect()
}

fn is_block_start(seed: u64, idx: usize, w: i64) -> bool {
    w.rem_euclid(FORCED) == 0
        || unit_of(hash(seed, &[salt::ROSTER_BOUNDARY, idx as u64, w as u64])) < BOUNDARY_CHANCE
}

fn officer(seed: u64, idx: usize, o: &'static Officer, now: i64, weights: &[u32]) -> OfficerOut {
    // Shifts change on the hour, at a different hour for each officer.
    let phase = (hash(seed, &[salt::ROSTER_PHASE, idx as u64]) % 12) as i64 * 3600;
    let w = (now - phase).div_euclid(WINDOW);
    let mut start = w;
    while !is_block_start(seed, idx, start) {
        start -= 1;
    }
    let mut end = w + 1;
    while !is_block_start(seed, idx, end) {
        end += 1;
    }
    let at = |window: i64| rfc3339(phase + window * WINDOW);

    let mut d = Draw::new(seed, &[salt::ROSTER_BLOCK, idx as u64, start as u64]);
    let status = d.weighted(&STATUS_WEIGHTS);
    let home = index_of(o.home);
    let deployed_to = (status == 2).then(|| {
        let mut pick = d.weighted(weights);
        if Some(pick) == home {
            pick = (pick + 1) % weights.len();
        }
        cities()[pick].id
    });
    let (available_from, available_until) = match status {
        0 | 1 => (Some(at(start)), Some(at(end))),
        _ => (Some(at(end)), None),
    };
    let readiness_hours = if status == 1 {
        o.readiness.min(24)
    } else {
        o.readiness
    };
    OfficerOut {
        id: format!("SO-{:03}", idx + 1),
        name: o.name,
        callsign: o.callsign,
        home: o.home,
        status: STATUSES[status],
        deployed_to,
        available_from,
        available_until,
        readiness_hours,
        skills: o.skills,
        languages: o.languages,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::at;
    use super::super::{DemoFeed, World};
    use super::*;
    use chrono::{DateTime, Duration, Utc};
    use serde_json::Value;
    use std::collections::{HashMap, HashSet};

    fn roster_at(seed: u64, now: DateTime<Utc>) -> Vec<Value> {
        let bytes = World::new(seed).document(DemoFeed::Roster, now);
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        v["officers"].as_array().unwrap().clone()
    }

    #[test]
    fn identities_are_fixed_and_unique() {
        assert!(OFFICERS.len() >= 45);
        let names: HashSet<_> = OFFICERS.iter().map(|o| o.name).collect();
        let calls: HashSet<_> = OFFICERS.iter().map(|o| o.callsign).collect();
        assert_eq!(names.len(), OFFICERS.len());
        assert_eq!(calls.len(), OFFICERS.len());
        let all_skills: HashSet<_> = OFFICERS.iter().flat_map(|o| o.skills.iter()).collect();
        assert_eq!(all_skills.len(), 9);
        for o in OFFICERS {
            assert!(index_of(o.home).is_some(), "{}", o.home);
            assert_eq!(o.languages[0], "en");
            assert!(o.languages.len() <= 4);
            assert!([12, 24, 48, 72].contains(&o.readiness));
            let (word, n) = o.callsign.split_once('-').unwrap();
            assert!(word.bytes().all(|b| b.is_ascii_uppercase()) && n.parse::<u8>().is_ok());
        }
        let a = roster_at(7, at(2026, 1, 1, 0, 0));
        let b = roster_at(99, at(2027, 5, 1, 0, 0));
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(
                (&x["id"], &x["name"], &x["callsign"]),
                (&y["id"], &y["name"], &y["callsign"])
            );
        }
        assert_eq!(a[0]["id"], "SO-001");
    }

    #[test]
    fn officers_have_every_field_with_the_right_type() {
        let list = roster_at(7, at(2026, 11, 22, 21, 0));
        for o in &list {
            assert_eq!(o.as_object().unwrap().len(), 11, "{o}");
            for k in ["id", "name", "callsign", "home", "status"] {
                assert!(o[k].is_string(), "{k}");
            }
            assert!(STATUSES.contains(&o["status"].as_str().unwrap()));
            assert!(o["deployed_to"].is_string() || o["deployed_to"].is_null());
            for k in ["available_from", "available_until"] {
                if let Some(s) = o[k].as_str() {
                    assert!(s.ends_with('Z') && DateTime::parse_from_rfc3339(s).is_ok());
                } else {
                    assert!(o[k].is_null());
                }
            }
            assert!([12, 24, 48, 72].contains(&o["readiness_hours"].as_u64().unwrap()));
            assert!(o["skills"].as_array().unwrap().iter().all(Value::is_string));
            assert!(
                o["languages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(Value::is_string)
            );
        }
    }

    #[test]
    fn every_status_is_present_and_deployed_have_a_destination() {
        for seed in [7, 8, 1234] {
            for step in 0..20 {
                let now = at(2026, 11, 1, 0, 0) + Duration::hours(step * 13);
                let list = roster_at(seed, now);
                let statuses: HashSet<&str> =
                    list.iter().map(|o| o["status"].as_str().unwrap()).collect();
                assert_eq!(statuses.len(), 5, "seed {seed} step {step}: {statuses:?}");
                for o in &list {
                    let deployed = o["status"] == "deployed";
                    assert_eq!(deployed, o["deployed_to"].is_string(), "{o}");
                    if deployed {
                        assert_ne!(o["deployed_to"], o["home"]);
                    }
                    let until = o["available_until"].as_str();
                    if let Some(u) = until {
                        assert!(DateTime::parse_from_rfc3339(u).unwrap() > now);
                    }
                }
            }
        }
    }

    #[test]
    fn statuses_change_over_half_days_but_hold_for_a_while() {
        let start = at(2026, 11, 1, 0, 0);
        let mut prev: Option<Vec<Value>> = None;
        let mut changes = 0;
        let mut runs: HashMap<usize, usize> = HashMap::new();
        for step in 0..48 {
            let cur = roster_at(7, start + Duration::hours(step * 3));
            if let Some(p) = &prev {
                for (i, (a, b)) in p.iter().zip(&cur).enumerate() {
                    if a["status"] != b["status"] || a["deployed_to"] != b["deployed_to"] {
                        changes += 1;
                        *runs.entry(i).or_default() += 1;
                    }
                }
            }
            prev = Some(cur);
        }
        // Six days: every officer changes a few times, not every sample.
        assert!((40..=48 * 10).contains(&changes), "{changes}");
        assert!(runs.len() >= 30);
    }

    #[test]
    fn available_until_is_when_the_status_ends() {
        let now = at(2026, 11, 5, 9, 30);
        let list = roster_at(7, now);
        for o in list.iter().filter(|o| o["status"] == "available") {
            let until = o["available_until"].as_str().unwrap();
            let until = DateTime::parse_from_rfc3339(until)
                .unwrap()
                .with_timezone(&Utc);
            let before = roster_at(7, until - Duration::seconds(1));
            let after = roster_at(7, until);
            let id = &o["id"];
            let find = |l: &[Value]| l.iter().find(|x| &x["id"] == id).unwrap().clone();
            assert_eq!(find(&before)["status"], "available");
            let from_after = find(&after);
            assert!(
                from_after["status"] != "available"
                    || from_after["available_from"].as_str().unwrap()
                        == o["available_until"].as_str().unwrap()
            );
        }
    }
}
