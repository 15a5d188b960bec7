//! Related alerts drawn as one row (`domain::related` decides which). Only
//! the alerts the list shows are grouped, so a group acts on exactly what
//! the officer sees; every alert still counts on its own everywhere.

use std::collections::HashSet;

use foldhash::{HashMap, HashMapExt};

use chrono::{DateTime, Utc};

use super::Model;
use super::alerts::Role;
use crate::domain::related::{self, Item, Origin, Rule, Why};
use crate::domain::{AlertState, Severity};

/// Alerts that describe one event, as the list shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedGroup {
    /// Indexes into `model.alerts.entries`, in list order. The first leads:
    /// folded, its row stands for the whole group.
    pub members: Vec<usize>,
    /// Opened (`→`): every member has its own row under a header.
    pub expanded: bool,
    /// The highest severity among the members.
    pub worst: Severity,
    /// Members not yet acknowledged (and not cleared by their source).
    pub new: usize,
    /// Why they are one event: (entry, entry, reason).
    pub links: Vec<(usize, usize, Why)>,
}

/// The groups of one row computation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Related {
    /// By the entry index of the lead.
    pub groups: HashMap<usize, RelatedGroup>,
    /// Every other member's entry index to its lead's.
    pub lead_of: HashMap<usize, usize>,
}

impl Related {
    /// The group `entry` belongs to, with its lead.
    pub fn group_of(&self, entry: usize) -> Option<(usize, &RelatedGroup)> {
        let lead = self.lead_of.get(&entry).copied().unwrap_or(entry);
        self.groups.get(&lead).map(|g| (lead, g))
    }

    /// The folded group whose row `entry` is.
    pub fn folded(&self, entry: usize) -> Option<&RelatedGroup> {
        self.groups.get(&entry).filter(|g| !g.expanded)
    }
}

/// Groups the listed alerts `rows` (entry indexes, sorted) in place: a
/// folded group keeps only its lead's row, an opened one brings its members
/// right under the lead. `expanded` holds alert ids: a group is open when
/// any of its members is in it.
pub fn apply(
    model: &Model,
    rows: &mut Vec<usize>,
    rule: &Rule,
    expanded: &HashSet<String>,
    now: DateTime<Utc>,
) -> Related {
    let store = &model.alerts;
    // Every rule needs a hazard: without one, nothing to look at.
    if !rows
        .iter()
        .any(|&i| matches!(store.role(i), Role::Hazard(_)))
    {
        return Related::default();
    }
    // Items for the hazards and the incidents of the hazard category (no
    // other alert can join a group), with their position in `rows`.
    let mut at_row = Vec::new();
    let mut items = Vec::new();
    for (pos, &i) in rows.iter().enumerate() {
        let (origin, kind) = match store.role(i) {
            Role::Hazard(k) => (Origin::Hazard, k),
            Role::HazardIncident(k) => (Origin::Incident, k),
            Role::Unrelated => continue,
        };
        let a = &store.entries[i].alert;
        at_row.push(pos);
        items.push(Item {
            feed: &a.source,
            origin,
            source_id: a.source_id(),
            title: &a.title,
            category: &a.category,
            kind,
            at: a.reported_at,
            point: a.lat.zip(a.lon),
            stations: &a.stations,
        });
    }
    let links = related::links(&items, rule);
    if links.is_empty() {
        return Related::default();
    }
    let roots = related::groups(items.len(), &links);
    // Members by root item, in list order (items are in list order).
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    for (item, &root) in roots.iter().enumerate() {
        by_root.entry(root).or_default().push(item);
    }
    let mut out = Related::default();
    for members in by_root.values().filter(|m| m.len() > 1) {
        let entries: Vec<usize> = members.iter().map(|&it| rows[at_row[it]]).collect();
        let lead = entries[0];
        let mut group = RelatedGroup {
            expanded: entries
                .iter()
                .any(|&e| expanded.contains(&model.alerts.entries[e].alert.id)),
            worst: Severity::Info,
            new: 0,
            links: Vec::new(),
            members: entries.clone(),
        };
        for &e in &entries {
            let entry = &model.alerts.entries[e];
            group.worst = group.worst.max(entry.alert.severity);
            let st = model.status(entry, now);
            if st.state == AlertState::New && !st.cleared {
                group.new += 1;
            }
            if e != lead {
                out.lead_of.insert(e, lead);
            }
        }
        out.groups.insert(lead, group);
    }
    for l in links {
        let (a, b) = (rows[at_row[l.a]], rows[at_row[l.b]]);
        let lead = out.lead_of.get(&a).copied().unwrap_or(a);
        if let Some(g) = out.groups.get_mut(&lead) {
            g.links.push((a, b, l.why));
        }
    }
    // The list: each group at its lead's place, folded or opened.
    let mut list = Vec::with_capacity(rows.len());
    for &i in rows.iter() {
        if out.lead_of.contains_key(&i) {
            continue;
        }
        list.push(i);
        if let Some(g) = out.groups.get(&i).filter(|g| g.expanded) {
            list.extend(g.members.iter().skip(1));
        }
    }
    *rows = list;
    out
}
