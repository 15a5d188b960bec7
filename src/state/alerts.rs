//! The merged alert list: every alert any feed has reported, by id.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::domain::feed::FeedKind;
use crate::domain::related::HazardKind;
use crate::domain::{SourceAlert, SourceState};

#[derive(Debug, Clone, PartialEq)]
pub struct AlertEntry {
    pub alert: SourceAlert,
    /// When this console first saw it.
    pub first_seen: DateTime<Utc>,
    /// When the source cleared it, or it vanished from the source.
    pub cleared_at: Option<DateTime<Utc>>,
    /// Stations were geo-matched (not named by the source).
    pub geo_matched: bool,
}

impl AlertEntry {
    pub fn cleared(&self) -> bool {
        self.cleared_at.is_some()
    }
}

/// What a merge changed, as indexes into `AlertStore::entries`.
#[derive(Debug, Default, PartialEq)]
pub struct MergeDiff {
    pub added: Vec<usize>,
    pub updated: Vec<usize>,
    pub cleared: Vec<usize>,
}

impl MergeDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty() && self.cleared.is_empty()
    }
}

#[derive(Debug, Default)]
pub struct AlertStore {
    pub entries: Vec<AlertEntry>,
    index: HashMap<String, usize>,
    /// Per feed, the entries present in its latest poll.
    members: HashMap<String, Vec<usize>>,
    /// Per entry (as `entries`), how it may join a group of related
    /// alerts: kept beside them so grouping reads no alert it cannot use.
    roles: Vec<Role>,
}

/// How an alert may be related to others (`state::related`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Unrelated,
    /// From a hazards feed, about this kind of hazard.
    Hazard(HazardKind),
    /// From an incidents feed, in the `hazard` category (naming this kind).
    HazardIncident(HazardKind),
}

impl AlertStore {
    pub fn get(&self, id: &str) -> Option<&AlertEntry> {
        self.index.get(id).map(|&i| &self.entries[i])
    }

    /// How entry `i` may join a group of related alerts.
    pub fn role(&self, i: usize) -> Role {
        self.roles.get(i).copied().unwrap_or_default()
    }

    /// Sets the roles of the entries a merge of a `kind` feed added or
    /// changed.
    pub fn set_roles(&mut self, diff: &MergeDiff, kind: FeedKind) {
        self.roles.resize(self.entries.len(), Role::Unrelated);
        for &i in diff.added.iter().chain(&diff.updated) {
            let a = &self.entries[i].alert;
            let hazard = || HazardKind::of(&a.category, &a.title);
            self.roles[i] = match kind {
                FeedKind::Hazards => Role::Hazard(hazard()),
                FeedKind::Incidents if a.category.eq_ignore_ascii_case("hazard") => {
                    Role::HazardIncident(hazard())
                }
                _ => Role::Unrelated,
            };
        }
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Replaces what `feed` reports with `items` (already geo-matched;
    /// `geo` marks those whose stations were computed). Items missing from
    /// this poll that were present before are cleared at `at`, and so are
    /// `superseded` ids (replaced or cancelled by this poll, whichever feed
    /// or poll reported them) that this poll does not carry itself.
    pub fn merge_feed(
        &mut self,
        feed: &str,
        items: impl IntoIterator<Item = (SourceAlert, bool)>,
        superseded: &[String],
        at: DateTime<Utc>,
    ) -> MergeDiff {
        self.merge(feed, items, superseded, at, true)
    }

    /// Updates or adds some of `feed`'s items (re-matched hazards after the
    /// stations changed) without treating the others as gone.
    pub fn merge_some(
        &mut self,
        feed: &str,
        items: impl IntoIterator<Item = (SourceAlert, bool)>,
        at: DateTime<Utc>,
    ) -> MergeDiff {
        self.merge(feed, items, &[], at, false)
    }

    fn merge(
        &mut self,
        feed: &str,
        items: impl IntoIterator<Item = (SourceAlert, bool)>,
        superseded: &[String],
        at: DateTime<Utc>,
        whole_poll: bool,
    ) -> MergeDiff {
        let items = items.into_iter();
        let mut diff = MergeDiff::default();
        let mut present = Vec::with_capacity(items.size_hint().0);
        for (alert, geo) in items {
            let cleared_now = alert.source_state == SourceState::Cleared;
            match self.index.get(&alert.id) {
                Some(&i) => {
                    let e = &mut self.entries[i];
                    if e.alert != alert || e.geo_matched != geo {
                        let was_cleared = e.cleared_at.is_some();
                        e.cleared_at = match (cleared_now, was_cleared) {
                            (true, true) => e.cleared_at,
                            (true, false) => Some(alert.updated_at.min(at).max(e.first_seen)),
                            (false, _) => None,
                        };
                        e.alert = alert;
                        e.geo_matched = geo;
                        diff.updated.push(i);
                    } else if e.cleared_at.is_some() && !cleared_now {
                        // It had vanished and came back unchanged.
                        e.cleared_at = None;
                        diff.updated.push(i);
                    }
                    present.push(i);
                }
                None => {
                    let i = self.entries.len();
                    self.index.insert(alert.id.clone(), i);
                    let cleared_at = cleared_now.then_some(alert.updated_at.min(at));
                    self.entries.push(AlertEntry {
                        alert,
                        first_seen: at,
                        cleared_at,
                        geo_matched: geo,
                    });
                    diff.added.push(i);
                    present.push(i);
                }
            }
        }
        present.sort_unstable();
        if !whole_poll {
            let members = self.members.entry(feed.to_string()).or_default();
            members.extend(present);
            members.sort_unstable();
            members.dedup();
            return diff;
        }
        if let Some(before) = self.members.get(feed) {
            for &i in before {
                if present.binary_search(&i).is_err() && self.entries[i].cleared_at.is_none() {
                    self.entries[i].cleared_at = Some(at);
                    diff.cleared.push(i);
                }
            }
        }
        for id in superseded {
            if let Some(&i) = self.index.get(id) {
                if present.binary_search(&i).is_err()
                    && self.entries[i].cleared_at.is_none()
                    && !diff.cleared.contains(&i)
                {
                    self.entries[i].cleared_at = Some(at);
                    diff.cleared.push(i);
                }
            }
        }
        self.members.insert(feed.to_string(), present);
        diff
    }
}
