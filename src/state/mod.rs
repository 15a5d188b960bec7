//! The merged model: feeds' data plus the journal's record. No I/O; every
//! change comes in through `apply_feed` or `apply_journal`.

pub mod alerts;
pub mod checkpoint;
pub mod feeds;
pub mod filter;
pub mod geomatch;
pub mod journal;
pub mod presence;
pub mod related;
mod requests;
pub mod scope;
pub mod views;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::config::FeedConfig;
use crate::domain::event::{Event, EventKind};
use crate::domain::feed::{FeedOutcome, FeedUpdate, Payload, rejection_summary};
use crate::domain::risk::RiskScale;
use crate::domain::{AlertState, Area, Officer, Severity, SourceAlert, SourceState, Station, geo};
pub use alerts::{AlertEntry, AlertStore};
pub use feeds::{FeedHealth, FeedStatus};
pub use journal::{AlertJournal, JournalState};
use requests::{AlertRequest, LevelRequest};

#[derive(Debug, Default)]
struct RawAlerts {
    fingerprint: u64,
    geo: Vec<SourceAlert>,
    at: Option<DateTime<Utc>>,
}

/// A fingerprint of a poll's items: equal items give equal fingerprints.
/// `state` is the model's own, randomly seeded, so a feed cannot aim for a
/// collision (which would hide its next change).
fn fingerprint(state: &foldhash::quality::RandomState, items: &[SourceAlert]) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = state.build_hasher();
    items.len().hash(&mut h);
    for a in items {
        (&a.id, &a.title, &a.detail, &a.category, &a.link, &a.source).hash(&mut h);
        (
            a.severity,
            a.reported_at,
            a.updated_at,
            a.source_state == SourceState::Open,
        )
            .hash(&mut h);
        (a.lat.map(f64::to_bits), a.lon.map(f64::to_bits)).hash(&mut h);
        a.stations.len().hash(&mut h);
        for s in &a.stations {
            (&s.id, s.distance_km.map(f64::to_bits)).hash(&mut h);
        }
        a.areas.len().hash(&mut h);
        for area in &a.areas {
            match area {
                Area::Circle {
                    lat,
                    lon,
                    radius_km,
                } => (0u8, lat.to_bits(), lon.to_bits(), radius_km.to_bits()).hash(&mut h),
                Area::Polygon(ring) => {
                    (1u8, ring.len()).hash(&mut h);
                    for (lat, lon) in ring {
                        (lat.to_bits(), lon.to_bits()).hash(&mut h);
                    }
                }
            }
        }
    }
    h.finish()
}

/// One alerts poll to merge.
struct Poll<'a> {
    items: Vec<SourceAlert>,
    /// Of `items`, as [`fingerprint`] gives it.
    fingerprint: u64,
    /// Ids this poll replaces or cancels.
    superseded: &'a [String],
    at: DateTime<Utc>,
}

/// What an alert looks like to an officer right now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlertStatus<'a> {
    pub state: AlertState,
    pub journal: Option<&'a AlertJournal>,
    /// Hidden by snooze until `snoozed_until`.
    pub snoozed: bool,
    /// The source cleared it (shown dimmed, "cleared at").
    pub cleared: bool,
    /// Cleared longer ago than `clear_after`: no longer shown.
    pub retired: bool,
    /// Every station it affects is muted.
    pub muted: bool,
}

impl AlertStatus<'_> {
    /// Shown in the default alert list.
    pub fn visible(&self) -> bool {
        self.state != AlertState::Resolved && !self.snoozed && !self.retired
    }
}

/// What a feed update or journal batch changed.
#[derive(Debug, Default)]
pub struct Changes {
    /// Something on screen may differ.
    pub changed: bool,
    /// System events this console should journal (first sight, re-raise,
    /// re-open, level change). The journal's rules keep them unique.
    pub system: Vec<EventKind>,
    /// Alerts seen for the first time, as indexes into `alerts.entries`.
    pub new_alerts: Vec<usize>,
}

#[derive(Debug)]
pub struct Model {
    pub scale: RiskScale,
    pub clear_after: chrono::Duration,
    /// First sight of an alert at or above this is journaled as `raised`.
    pub raise_threshold: Option<Severity>,
    pub stations: Vec<Station>,
    station_index: HashMap<String, usize>,
    stations_by_feed: BTreeMap<String, Vec<Station>>,
    known_levels: HashMap<String, u8>,
    pub alerts: AlertStore,
    /// Per alerts feed: a fingerprint of its last poll (an equal poll is
    /// "unchanged"), and the items that needed geo-matching, kept to match
    /// them again when the stations change. Only those: the rest live once,
    /// in the store.
    raw_alerts: HashMap<String, RawAlerts>,
    /// Seeds the fingerprints of alerts polls.
    fingerprints: foldhash::quality::RandomState,
    pub roster: Vec<Officer>,
    roster_by_feed: BTreeMap<String, Vec<Officer>>,
    pub feeds: Vec<FeedHealth>,
    pub journal: JournalState,
    requested: HashSet<LevelRequest>,
    /// Per alert (as `alerts.entries`), the events asked for.
    requested_alerts: Vec<Vec<AlertRequest>>,
    /// Bumped on every change, so views can cache.
    pub revision: u64,
}

impl Model {
    pub fn new(
        scale: RiskScale,
        clear_after: chrono::Duration,
        raise_threshold: Option<Severity>,
        feeds: &[FeedConfig],
        now: DateTime<Utc>,
    ) -> Model {
        Model {
            scale,
            clear_after,
            raise_threshold,
            stations: Vec::new(),
            station_index: HashMap::new(),
            stations_by_feed: BTreeMap::new(),
            known_levels: HashMap::new(),
            alerts: AlertStore::default(),
            raw_alerts: HashMap::new(),
            fingerprints: Default::default(),
            roster: Vec::new(),
            roster_by_feed: BTreeMap::new(),
            feeds: feeds.iter().map(|f| FeedHealth::new(f, now)).collect(),
            journal: JournalState::default(),
            requested: HashSet::new(),
            requested_alerts: Vec::new(),
            revision: 0,
        }
    }

    pub fn station(&self, id: &str) -> Option<&Station> {
        self.station_index.get(id).map(|&i| &self.stations[i])
    }

    pub fn feed(&self, id: &str) -> Option<&FeedHealth> {
        self.feeds.iter().find(|f| f.id == id)
    }

    /// The alert's console state as of `now`.
    pub fn status(&self, entry: &AlertEntry, now: DateTime<Utc>) -> AlertStatus<'_> {
        let j = self.journal.alert(&entry.alert.id);
        let state = j.map_or(AlertState::New, |j| j.state());
        let snoozed = j.and_then(|j| j.snoozed_until).is_some_and(|t| t > now);
        let retired = entry.cleared_at.is_some_and(|t| now - t > self.clear_after);
        let muted = !entry.alert.stations.is_empty()
            && entry
                .alert
                .stations
                .iter()
                .all(|s| self.journal.active_mute(&s.id, now).is_some());
        AlertStatus {
            state,
            journal: j,
            snoozed,
            cleared: entry.cleared(),
            retired,
            muted,
        }
    }

    /// Merges one poll. Returns what changed and the system events to journal.
    pub fn apply_feed(&mut self, update: FeedUpdate) -> Changes {
        let mut changes = Changes::default();
        let Some(fi) = self.feeds.iter().position(|f| f.id == update.feed) else {
            return changes;
        };
        let at = update.fetched_at;
        {
            let f = &mut self.feeds[fi];
            f.last_attempt = Some(at);
            f.latency = Some(update.latency);
        }
        match update.outcome {
            FeedOutcome::Unchanged => {
                let f = &mut self.feeds[fi];
                changes.changed = f.error.take().is_some();
                if changes.changed {
                    changes
                        .system
                        .push(EventKind::FeedRecovered { feed: f.id.clone() });
                }
                f.last_success = Some(at);
            }
            FeedOutcome::Failed(err) => {
                let f = &mut self.feeds[fi];
                changes.changed = f.error.as_deref() != Some(err.as_str());
                if f.error.is_none() {
                    // An outage begins: journaled for the handover report.
                    changes.system.push(EventKind::FeedFailed {
                        feed: f.id.clone(),
                        error: err.clone(),
                    });
                }
                f.last_error = Some((at, err.clone()));
                f.error = Some(err);
            }
            FeedOutcome::Data(parsed) => {
                {
                    let f = &mut self.feeds[fi];
                    let recovered = f.error.take().is_some();
                    if recovered {
                        changes
                            .system
                            .push(EventKind::FeedRecovered { feed: f.id.clone() });
                    }
                    changes.changed = recovered || f.rejected != parsed.rejected.len();
                    f.last_success = Some(at);
                    f.items = parsed.payload.len();
                    f.rejected = parsed.rejected.len();
                    f.rejected_summary = rejection_summary(&parsed.rejected);
                }
                // The same items as last time (only `generated_at` moved):
                // nothing to merge, nothing to redraw.
                let feed = &update.feed;
                // Computed once: compared here, kept by the merge.
                let fp = match &parsed.payload {
                    Payload::Alerts(a) => fingerprint(&self.fingerprints, a),
                    _ => 0,
                };
                let same = match &parsed.payload {
                    Payload::Stations(s) => self.stations_by_feed.get(feed) == Some(s),
                    Payload::Alerts(_) => self
                        .raw_alerts
                        .get(feed)
                        .is_some_and(|r| r.fingerprint == fp),
                    Payload::Roster(r) => self.roster_by_feed.get(feed) == Some(r),
                };
                if !same {
                    changes.changed = true;
                    match parsed.payload {
                        Payload::Stations(s) => self.merge_stations(feed, s, &mut changes),
                        Payload::Alerts(a) => {
                            let poll = Poll {
                                items: a,
                                fingerprint: fp,
                                superseded: &parsed.superseded,
                                at,
                            };
                            self.merge_alerts(fi, poll, &mut changes)
                        }
                        Payload::Roster(r) => {
                            self.roster_by_feed.insert(feed.clone(), r);
                            self.roster = self.roster_by_feed.values().flatten().cloned().collect();
                        }
                    }
                }
            }
        }
        if changes.changed {
            self.revision += 1;
        }
        changes
    }

    fn merge_stations(&mut self, feed: &str, list: Vec<Station>, changes: &mut Changes) {
        for s in &list {
            let before = self
                .known_levels
                .get(&s.id)
                .copied()
                .or_else(|| self.journal.last_level(&s.id));
            if let Some(from) = before.filter(|&l| l != s.security_level) {
                let key = LevelRequest(s.id.clone(), s.security_level, s.updated_at);
                if self.requested.insert(key) {
                    changes.system.push(EventKind::LevelChanged {
                        station: s.id.clone(),
                        from,
                        to: s.security_level,
                        reported_at: s.updated_at,
                    });
                }
            }
            self.known_levels.insert(s.id.clone(), s.security_level);
        }
        self.stations_by_feed.insert(feed.to_string(), list);
        self.stations = self.stations_by_feed.values().flatten().cloned().collect();
        self.station_index = self
            .stations
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        // Hazards that arrived before the stations (or near none) may match now.
        let feeds: Vec<(usize, Vec<SourceAlert>, DateTime<Utc>)> = self
            .feeds
            .iter()
            .enumerate()
            .filter_map(|(fi, f)| {
                let r = self.raw_alerts.get(&f.id)?;
                Some((fi, r.geo.clone(), r.at?))
            })
            .collect();
        for (fi, items, at) in feeds {
            self.rematch_alerts(fi, items, at, changes);
        }
    }

    /// Geo-matches and merges one feed's alerts; `superseded` (ids replaced
    /// or cancelled by this poll) are cleared unless the poll carries them.
    fn merge_alerts(&mut self, fi: usize, poll: Poll<'_>, changes: &mut Changes) {
        let feed_id = self.feeds[fi].id.clone();
        let mut items = poll.items;
        // A point implausible for its own area is flagged, not plotted.
        let mut implausible = Vec::new();
        for a in &mut items {
            a.check_point();
            if let Some(why) = a.implausible {
                implausible.push((a.source_id().to_string(), why));
            }
        }
        self.feeds[fi].implausible = implausible;
        let (items, matched, geo) = self.geo_match(fi, items);
        self.raw_alerts.insert(
            feed_id.clone(),
            RawAlerts {
                fingerprint: poll.fingerprint,
                geo,
                at: Some(poll.at),
            },
        );
        let items = items.into_iter().zip(matched);
        let diff = self
            .alerts
            .merge_feed(&feed_id, items, poll.superseded, poll.at);
        self.alerts.set_roles(&diff, self.feeds[fi].kind);
        self.after_merge(diff, changes);
    }

    /// The stations changed: match a feed's hazards again (those near none
    /// before may be near one now), leaving its other alerts as they are.
    fn rematch_alerts(
        &mut self,
        fi: usize,
        geo: Vec<SourceAlert>,
        at: DateTime<Utc>,
        changes: &mut Changes,
    ) {
        let feed_id = self.feeds[fi].id.clone();
        let (items, matched, _) = self.geo_match(fi, geo);
        let diff = self
            .alerts
            .merge_some(&feed_id, items.into_iter().zip(matched), at);
        self.alerts.set_roles(&diff, self.feeds[fi].kind);
        self.after_merge(diff, changes);
    }

    /// Splits a poll into alerts (with their stations) and the hazards near
    /// no station (kept on the feed). Returns the alerts, whether each one's
    /// stations were matched here, and a copy of the items that needed
    /// matching. Alerts are matched where they lie: a poll that names its
    /// stations (and any poll with no hazard near none) is not copied.
    fn geo_match(
        &mut self,
        fi: usize,
        mut items: Vec<SourceAlert>,
    ) -> (Vec<SourceAlert>, Vec<bool>, Vec<SourceAlert>) {
        let radius = self.feeds[fi].match_radius_km;
        // Built for the first item that needs it: most polls name their stations.
        let mut index = None;
        let mut matched = vec![false; items.len()];
        let mut geo = Vec::new();
        let mut near_none = false;
        for (a, matched) in items.iter_mut().zip(&mut matched) {
            if !a.needs_geo_match() {
                continue;
            }
            geo.push(a.clone());
            let index = index.get_or_insert_with(|| {
                let points: Vec<(f64, f64)> =
                    self.stations.iter().map(|s| (s.lat, s.lon)).collect();
                geo::GeoIndex::new(&points)
            });
            a.stations = geomatch::affected(a, &self.stations, index, radius);
            *matched = !a.stations.is_empty();
            near_none |= !*matched;
        }
        // Those still without a station are near none: they go to the feed.
        let mut unmatched = Vec::new();
        if near_none {
            let mut kept = Vec::with_capacity(items.len());
            let mut kept_matched = Vec::with_capacity(items.len());
            for (a, m) in items.into_iter().zip(matched) {
                if a.needs_geo_match() {
                    unmatched.push(a);
                } else {
                    kept.push(a);
                    kept_matched.push(m);
                }
            }
            (items, matched) = (kept, kept_matched);
        }
        self.feeds[fi].unmatched = unmatched;
        (items, matched, geo)
    }

    fn after_merge(&mut self, diff: alerts::MergeDiff, changes: &mut Changes) {
        if !diff.is_empty() {
            changes.changed = true;
        }
        for &i in diff.added.iter().chain(diff.updated.iter()) {
            self.system_events_for(i, changes);
        }
        changes.new_alerts.extend(diff.added);
    }

    /// Starts from a journal state read at start (`history::load`).
    pub fn set_journal(&mut self, state: JournalState) {
        self.journal = state;
        self.revision += 1;
    }

    /// Applies journal events (in seq order; repeats are ignored).
    pub fn apply_journal(&mut self, events: Vec<Event>) -> Changes {
        let mut changes = Changes::default();
        for e in events {
            let sev = e
                .kind
                .alert()
                .and_then(|id| self.alerts.get(id))
                .map(|a| a.alert.severity);
            if self.journal.apply(e, sev) {
                changes.changed = true;
            }
        }
        if changes.changed {
            self.revision += 1;
        }
        changes
    }
}
