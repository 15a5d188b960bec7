//! Related alerts: which alerts describe the same event, so that the alerts
//! list can show them as one row. The rule, in full (README, "Related
//! alerts as one"):
//!
//! 1. **Same identifier.** Two hazard alerts from different feeds with the
//!    same source id (a CAP alert's sender and identifier, a USGS event id)
//!    are the same alert arriving twice.
//! 2. **Same hazard, place and time.** Two hazard alerts of the same kind
//!    (earthquake, tropical cyclone, flood…; any other hazard only under the
//!    same title) from different feeds, reported
//!    within `window` of each other and at most `distance_km` apart, are
//!    the same event when each is the other's nearest such alert in its
//!    feed, so that a quake and its aftershock stay apart.
//! 3. **An incident at a hazard's station.** An incident of the `hazard`
//!    category reported at a duty station within `window` of a hazard
//!    affecting that station joins the hazard nearest to it in time (of the
//!    same kind, if its title names one: "flood", "wildfire"…). A robbery
//!    or an outbreak is never folded into a storm.

//!
//! A group is every alert reachable through these links. Grouping only
//! changes how the list is drawn: each alert keeps its own journal, state
//! and place in every count.

use foldhash::{HashMap, HashMapExt};

use chrono::{DateTime, Duration, Utc};

use super::StationRef;
use super::geo::distance_km;

/// How close two alerts must be to be one event (`[related]` in the config).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// The longest time between two reports of one event.
    pub window: Duration,
    /// The farthest apart two reports of one hazard may be, km.
    pub distance_km: f64,
}

impl Default for Rule {
    fn default() -> Rule {
        Rule {
            window: Duration::minutes(30),
            distance_km: 100.0,
        }
    }
}

/// What kind of feed an alert came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A public hazard feed (CAP, USGS, GDACS).
    Hazard,
    /// An incident queue.
    Incident,
}

/// The natural hazard an alert is about, from its category and title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HazardKind {
    Earthquake,
    Tsunami,
    TropicalCyclone,
    Flood,
    Volcano,
    Wildfire,
    Drought,
    /// Anything else: matched by place and time only under the same title.
    Other,
}

impl HazardKind {
    /// The kind named by a category (GDACS and USGS spell it out) or, for
    /// CAP's broad categories ("Geo", "Met"), by words in the title.
    pub fn of(category: &str, title: &str) -> HazardKind {
        const EXACT: [(&str, HazardKind); 8] = [
            ("earthquake", HazardKind::Earthquake),
            ("tsunami", HazardKind::Tsunami),
            ("tropical-cyclone", HazardKind::TropicalCyclone),
            ("flood", HazardKind::Flood),
            ("volcano", HazardKind::Volcano),
            ("wildfire", HazardKind::Wildfire),
            ("fire", HazardKind::Wildfire),
            ("drought", HazardKind::Drought),
        ];
        if let Some(&(_, k)) = EXACT.iter().find(|(c, _)| c.eq_ignore_ascii_case(category)) {
            return k;
        }
        // Words, most specific first: a tsunami warning names the
        // earthquake behind it.
        const WORDS: [(&[&str], HazardKind); 7] = [
            (&["tsunami"], HazardKind::Tsunami),
            (&["earthquake", "quake", "seism"], HazardKind::Earthquake),
            (
                &["cyclone", "hurricane", "typhoon", "tropical storm"],
                HazardKind::TropicalCyclone,
            ),
            (&["flood"], HazardKind::Flood),
            (&["volcan", "eruption"], HazardKind::Volcano),
            (
                &[
                    "wildfire",
                    "bushfire",
                    "bush fire",
                    "forest fire",
                    "grass fire",
                ],
                HazardKind::Wildfire,
            ),
            (&["drought"], HazardKind::Drought),
        ];
        let title = title.to_ascii_lowercase();
        let category = category.to_ascii_lowercase();
        WORDS
            .iter()
            .find(|(words, _)| {
                words
                    .iter()
                    .any(|w| title.contains(w) || category.contains(w))
            })
            .map_or(HazardKind::Other, |&(_, k)| k)
    }

    pub fn label(self) -> &'static str {
        match self {
            HazardKind::Earthquake => "earthquake",
            HazardKind::Tsunami => "tsunami",
            HazardKind::TropicalCyclone => "tropical cyclone",
            HazardKind::Flood => "flood",
            HazardKind::Volcano => "volcano",
            HazardKind::Wildfire => "wildfire",
            HazardKind::Drought => "drought",
            HazardKind::Other => "hazard",
        }
    }
}

/// One alert, as much as the rule looks at.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// The feed id.
    pub feed: &'a str,
    pub origin: Origin,
    /// The id the source uses (without the feed).
    pub source_id: &'a str,
    pub title: &'a str,
    /// The source's category (`earthquake`, `Met`, `hazard`, `crime`…).
    pub category: &'a str,
    /// `HazardKind::of(category, title)`, worked out once per alert.
    pub kind: HazardKind,
    /// When the source says it happened.
    pub at: DateTime<Utc>,
    /// `(lat, lon)`.
    pub point: Option<(f64, f64)>,
    pub stations: &'a [StationRef],
}

impl Item<'_> {
    /// An incident filed under the `hazard` category: it may join a hazard.
    pub fn incident_of_hazard(&self) -> bool {
        self.origin == Origin::Incident && self.category.eq_ignore_ascii_case("hazard")
    }
}

/// Why two alerts are one event: shown in the group's detail.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    SameId,
    SameEvent {
        kind: HazardKind,
        km: f64,
        minutes: i64,
    },
    AtStation {
        station: String,
        minutes: i64,
    },
}

impl Why {
    /// "same source id", "earthquake 12 km and 3 min apart"…
    pub fn describe(&self) -> String {
        match self {
            Why::SameId => "the same source id through two feeds".to_string(),
            Why::SameEvent { kind, km, minutes } => {
                format!("{} {km:.0} km and {minutes} min apart", kind.label())
            }
            Why::AtStation { station, minutes } => {
                format!("incident at {station} {minutes} min from the hazard")
            }
        }
    }
}

/// Two related alerts (indexes into the items) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub a: usize,
    pub b: usize,
    pub why: Why,
}

/// Every link the rule finds among `items`.
pub fn links(items: &[Item<'_>], rule: &Rule) -> Vec<Link> {
    let mut out = Vec::new();
    same_id(items, &mut out);
    same_event(items, rule, &mut out);
    at_station(items, rule, &mut out);
    out
}

/// For each item, the smallest index in its group (itself when alone).
pub fn groups(count: usize, links: &[Link]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..count).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for l in links {
        if l.a >= count || l.b >= count {
            continue;
        }
        let (ra, rb) = (root(&mut parent, l.a), root(&mut parent, l.b));
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        parent[hi] = lo;
    }
    (0..count).map(|i| root(&mut parent, i)).collect()
}

fn minutes(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    (a - b).num_minutes().abs()
}

/// Rule 1: one source id through several hazard feeds.
fn same_id(items: &[Item<'_>], out: &mut Vec<Link>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        if it.origin != Origin::Hazard || it.source_id.is_empty() {
            continue;
        }
        match first.get(it.source_id) {
            Some(&f) if items[f].feed != it.feed => out.push(Link {
                a: f,
                b: i,
                why: Why::SameId,
            }),
            Some(_) => {}
            None => {
                first.insert(it.source_id, i);
            }
        }
    }
}

/// A hazard with a kind and a point: (kind, time, item index, (lat, lon)).
type Placed = (HazardKind, DateTime<Utc>, usize, (f64, f64));

/// Rule 2: one hazard, reported by two feeds at about the same place and
/// time; each must be the other's nearest in its feed.
fn same_event(items: &[Item<'_>], rule: &Rule, out: &mut Vec<Link>) {
    let window = rule.window.num_seconds().max(1) as f64;
    let mut placed: Vec<Placed> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| it.origin == Origin::Hazard)
        .filter_map(|(i, it)| Some((it.kind, it.at, i, it.point?)))
        .collect();
    placed.sort_by_key(|p| (p.0, p.1, p.2));
    // The nearest candidate of each item in each other feed: (score, index, km).
    let mut best: HashMap<(usize, &str), (f64, usize, f64)> = HashMap::new();
    let mut offer = |i: usize, j: usize, score: f64, km: f64| {
        let slot = best.entry((i, items[j].feed)).or_insert((f64::MAX, j, km));
        if (score, j) < (slot.0, slot.1) {
            *slot = (score, j, km);
        }
    };
    for (n, &(kind, at, i, (lat, lon))) in placed.iter().enumerate() {
        for &(kind2, at2, j, (lat2, lon2)) in &placed[n + 1..] {
            if kind2 != kind || at2 - at > rule.window {
                break;
            }
            if items[i].feed == items[j].feed {
                continue;
            }
            let (ti, tj) = (items[i].title.trim(), items[j].title.trim());
            if kind == HazardKind::Other && (ti.is_empty() || !ti.eq_ignore_ascii_case(tj)) {
                continue;
            }
            let km = distance_km(lat, lon, lat2, lon2);
            // NaN (a bad coordinate) is never near.
            if km.is_nan() || km > rule.distance_km {
                continue;
            }
            let dt = (at2 - at).num_seconds() as f64;
            let score = km / rule.distance_km.max(f64::MIN_POSITIVE) + dt / window;
            offer(i, j, score, km);
            offer(j, i, score, km);
        }
    }
    // Pairs already one by their id need no second reason.
    let known: foldhash::HashSet<(usize, usize)> =
        out.iter().map(|l| (l.a.min(l.b), l.a.max(l.b))).collect();
    let mut pairs: Vec<(usize, usize, f64)> = best
        .iter()
        .filter(|&(&(i, _), &(_, j, _))| i < j)
        .filter(|&(&(i, _), &(_, j, _))| best.get(&(j, items[i].feed)).is_some_and(|b| b.1 == i))
        .map(|(&(i, _), &(_, j, km))| (i, j, km))
        .collect();
    pairs.retain(|&(i, j, _)| !known.contains(&(i, j)));
    pairs.sort_by_key(|p| (p.0, p.1));
    for (i, j, km) in pairs {
        out.push(Link {
            a: i,
            b: j,
            why: Why::SameEvent {
                kind: items[i].kind,
                km,
                minutes: minutes(items[i].at, items[j].at),
            },
        });
    }
}

/// Rule 3: an incident joins the hazard at its station nearest in time.
fn at_station(items: &[Item<'_>], rule: &Rule, out: &mut Vec<Link>) {
    let mut hazards: HashMap<&str, Vec<(DateTime<Utc>, usize)>> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        if it.origin == Origin::Hazard {
            for s in it.stations {
                hazards.entry(s.id.as_str()).or_default().push((it.at, i));
            }
        }
    }
    if hazards.is_empty() {
        return;
    }
    for list in hazards.values_mut() {
        list.sort();
    }
    for (i, it) in items.iter().enumerate() {
        if !it.incident_of_hazard() {
            continue;
        }
        // An incident that names its hazard joins only a hazard of that kind.
        let mine = it.kind;
        // (gap, hazard index, station) of the nearest fitting hazard.
        let mut nearest: Option<(Duration, usize, &str)> = None;
        for s in it.stations {
            let Some(list) = hazards.get(s.id.as_str()) else {
                continue;
            };
            let from = list.partition_point(|&(t, _)| t < it.at - rule.window);
            for &(t, h) in list[from..]
                .iter()
                .take_while(|&&(t, _)| t <= it.at + rule.window)
            {
                let gap = (t - it.at).abs();
                if nearest.is_some_and(|n| (gap, h) >= (n.0, n.1)) {
                    continue;
                }
                if mine == HazardKind::Other || mine == items[h].kind {
                    nearest = Some((gap, h, s.id.as_str()));
                }
            }
        }
        if let Some((gap, h, station)) = nearest {
            out.push(Link {
                a: h,
                b: i,
                why: Why::AtStation {
                    station: station.to_string(),
                    minutes: gap.num_minutes(),
                },
            });
        }
    }
}

#[cfg(test)]
#[path = "related_tests.rs"]
mod tests;
