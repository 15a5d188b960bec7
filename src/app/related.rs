//! Related alerts in the list: `→` opens a group, `←` folds it. A folded
//! group's row stands for every member: `a` `e` `r` `z` `o` act on each of
//! them (one journal event per alert) after one confirmation, as on marks.

use super::{App, FlashKind, Pane};
use crate::domain::ids::AlertId;
use crate::state::related::RelatedGroup;

impl App {
    /// The related group the cursor's row belongs to, with its lead.
    pub fn selected_group(&self) -> Option<(usize, &RelatedGroup)> {
        let entry = *self.rows.alerts.get(self.selection(Pane::Alerts))?;
        self.rows.related.group_of(entry)
    }

    /// The members of the folded group under the cursor, when an alert
    /// action would act on all of them (alerts pane, no detail open).
    pub(crate) fn folded_targets(&self) -> Option<Vec<AlertId>> {
        if self.focus != Pane::Alerts || self.detail.is_some() {
            return None;
        }
        let entry = *self.rows.alerts.get(self.selection(Pane::Alerts))?;
        let group = self.rows.related.folded(entry)?;
        Some(self.member_ids(group))
    }

    pub(crate) fn member_ids(&self, group: &RelatedGroup) -> Vec<AlertId> {
        group
            .members
            .iter()
            .filter_map(|&e| AlertId::new(&self.model.alerts.entries[e].alert.id))
            .collect()
    }

    /// `→`: opens the folded group under the cursor.
    pub(crate) fn unfold(&mut self) {
        if self.focus != Pane::Alerts || self.detail.is_some() {
            return;
        }
        match self.selected_group() {
            Some((lead, g)) if !g.expanded => {
                let id = self.model.alerts.entries[lead].alert.id.clone();
                self.filter.expanded.insert(id);
                self.invalidate_rows();
            }
            Some(_) => {}
            None => self.flash(
                FlashKind::Info,
                "not a group of related alerts (a group's row has a count before its title)",
            ),
        }
    }

    /// `←`: folds the group the cursor is in, onto its lead's row.
    pub(crate) fn fold(&mut self) {
        if self.focus != Pane::Alerts || self.detail.is_some() {
            return;
        }
        let Some((lead, g)) = self.selected_group() else {
            return;
        };
        if !g.expanded {
            return;
        }
        let ids: Vec<String> = g
            .members
            .iter()
            .map(|&e| self.model.alerts.entries[e].alert.id.clone())
            .collect();
        for id in &ids {
            self.filter.expanded.remove(id);
        }
        self.cursor.pin = super::Pin::No;
        self.cursor.selected_alert = Some(self.model.alerts.entries[lead].alert.id.clone());
        self.invalidate_rows();
    }

    /// Where the alert `id` is in the list: its own row, or its folded
    /// group's.
    pub(super) fn row_of_alert(&self, id: &str) -> Option<usize> {
        let entry = self.model.alerts.position(id)?;
        let row = |e: usize| self.rows.alerts.iter().position(|&i| i == e);
        row(entry).or_else(|| row(*self.rows.related.lead_of.get(&entry)?))
    }
}
