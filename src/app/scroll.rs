//! Which part of each list its pane shows. `update` keeps the first visible
//! line of every pane so that the cursor stays in view and the window moves
//! only as far as it must (a sticky window, as a pager scrolls); rendering
//! reads it and writes nothing back. How many lines each pane had room for
//! on the last frame comes back from the runtime as `Msg::Viewports`, like
//! every other outcome.

use std::collections::HashMap;

use crate::state::views;

use super::{App, Pane, Pin};

/// Lines of list each table pane had room for on the last frame (its
/// header and borders left out); a pane not drawn is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewports(HashMap<Pane, usize>);

impl Viewports {
    /// The pane was drawn with room for `lines` lines of its list.
    pub fn saw(&mut self, pane: Pane, lines: usize) {
        self.0.insert(pane, lines);
    }

    pub fn lines(&self, pane: Pane) -> Option<usize> {
        self.0.get(&pane).copied()
    }
}

/// Where the officer is: the cursor in every list and the part of it its
/// pane shows, the alert the cursor follows, and how far the detail and the
/// help are scrolled. One struct, changed only by `update`.
#[derive(Debug)]
pub(super) struct Cursor {
    /// The cursor's position in each pane's list.
    pub selected: HashMap<Pane, usize>,
    /// The first line each pane shows.
    pub first: HashMap<Pane, usize>,
    /// The room each pane had on the last frame.
    pub seen: Viewports,
    /// The selected alert's id: selection follows the alert, not the row.
    pub selected_alert: Option<String>,
    /// When the cursor keeps its row instead of following its alert.
    pub pin: Pin,
    /// Lines scrolled in the open detail.
    pub detail_scroll: u16,
    /// Lines scrolled in the help overlay.
    pub help_scroll: u16,
}

impl Cursor {
    pub fn new() -> Cursor {
        Cursor {
            selected: HashMap::new(),
            first: HashMap::new(),
            seen: Viewports::default(),
            selected_alert: None,
            pin: Pin::Startup,
            detail_scroll: 0,
            help_scroll: 0,
        }
    }

    /// The first line `pane` shows.
    pub fn first(&self, pane: Pane) -> usize {
        self.first.get(&pane).copied().unwrap_or(0)
    }
}

/// One line of the alerts list as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertLine {
    /// An alert: its position in the filtered, sorted rows.
    Alert(usize),
    /// A station's group header (grouped view): the position of the
    /// group's first alert and how many alerts it has.
    Header(usize, usize),
    /// An opened group of related alerts: the position of its lead and how
    /// many alerts it has (they follow it).
    Related(usize, usize),
}

/// Where the window over `len` lines starts so that `line` is in view,
/// moving from `first` only as far as needed. `header_before`: the line
/// above `line` heads its group, and comes into view with it.
pub fn window(first: usize, line: usize, len: usize, height: usize, header_before: bool) -> usize {
    let mut first = first.min(len.saturating_sub(height));
    if line < first {
        first = line;
    } else if height > 0 && line >= first + height {
        first = line + 1 - height;
    }
    if header_before && first == line && line > 0 && height > 1 {
        first -= 1;
    }
    first
}

impl App {
    /// The alerts as drawn: with a header before each station's group when
    /// grouped by station, and before each opened group of related alerts.
    pub fn alert_lines(&self) -> Vec<AlertLine> {
        let rows = &self.rows.alerts;
        let related = &self.rows.related;
        let any_open = related.groups.values().any(|g| g.expanded);
        if !self.filter.group && !any_open {
            return (0..rows.len()).map(AlertLine::Alert).collect();
        }
        // A member of a related group sits under its lead's station.
        let station_of =
            |i: usize| views::group_of(&self.model, related.lead_of.get(&i).copied().unwrap_or(i));
        let mut out = Vec::with_capacity(rows.len() + 16);
        let mut pos = 0;
        while pos < rows.len() {
            let count = if self.filter.group {
                let station = station_of(rows[pos]);
                let n = rows[pos..]
                    .iter()
                    .take_while(|&&i| station_of(i) == station)
                    .count();
                out.push(AlertLine::Header(pos, n));
                n
            } else {
                rows.len() - pos
            };
            for (p, entry) in rows.iter().enumerate().skip(pos).take(count) {
                if let Some(g) = related.groups.get(entry).filter(|g| g.expanded) {
                    out.push(AlertLine::Related(p, g.members.len()));
                }
                out.push(AlertLine::Alert(p));
            }
            pos += count;
        }
        out
    }

    /// The cursor's line in `pane`'s list, how many lines the list has, and
    /// whether a group header sits just above the cursor.
    pub fn cursor_line(&self, pane: Pane) -> (usize, usize, bool) {
        let selected = self.selection(pane);
        match pane {
            Pane::Alerts
                if self.filter.group || self.rows.related.groups.values().any(|g| g.expanded) =>
            {
                let lines = self.alert_lines();
                let at = lines
                    .iter()
                    .position(|l| *l == AlertLine::Alert(selected))
                    .unwrap_or(0);
                let header = at > 0
                    && matches!(
                        lines[at - 1],
                        AlertLine::Header(..) | AlertLine::Related(..)
                    );
                (at, lines.len(), header)
            }
            _ => (selected, self.list_len(pane), false),
        }
    }

    /// How many lines `pane`'s list has.
    pub(crate) fn list_len(&self, pane: Pane) -> usize {
        match pane {
            Pane::Alerts => self.rows.alerts.len(),
            Pane::Stations => self.rows.stations.len(),
            Pane::Roster => self.rows.roster.len(),
            Pane::Log => self.model.journal.events.len(),
            Pane::Feeds => self.model.feeds.len(),
            Pane::Hazards => crate::state::feeds::unmatched(&self.model.feeds).count(),
        }
    }

    /// Lines a page key moves.
    pub(super) fn page(&self) -> i64 {
        i64::from(self.size.1.saturating_sub(8)).max(1)
    }

    /// Moves the cursor (or scrolls the open detail) by `delta` lines.
    pub(super) fn move_by(&mut self, delta: i64) {
        if self.detail.is_some() {
            // In a detail, the movement keys scroll it.
            let to = (i64::from(self.cursor.detail_scroll) + delta).clamp(0, i64::from(u16::MAX));
            self.cursor.detail_scroll = to as u16;
            return;
        }
        let cur = self.selection(self.focus) as i64;
        self.move_to((cur + delta).max(0) as usize);
    }

    /// Puts the cursor on line `idx` of the focused list (or the open
    /// detail at its top or bottom).
    pub(super) fn move_to(&mut self, idx: usize) {
        if self.detail.is_some() {
            self.cursor.detail_scroll = if idx == 0 { 0 } else { u16::MAX / 2 };
            return;
        }
        let len = self.list_len(self.focus);
        if self.focus == Pane::Alerts {
            self.cursor.pin = Pin::No;
        }
        let idx = idx.min(len.saturating_sub(1));
        self.cursor.selected.insert(self.focus, idx);
        if self.focus == Pane::Alerts {
            self.cursor.selected_alert = self
                .rows
                .alerts
                .get(idx)
                .map(|&i| self.model.alerts.entries[i].alert.id.clone());
        }
    }

    /// Lines scrolled in the open detail.
    pub fn detail_scroll(&self) -> u16 {
        self.cursor.detail_scroll
    }

    /// Lines scrolled in the help overlay.
    pub fn help_scroll(&self) -> u16 {
        self.cursor.help_scroll
    }

    /// The room each pane had on the last frame.
    pub(super) fn saw_viewports(&mut self, seen: Viewports) {
        if seen != self.cursor.seen {
            self.cursor.seen = seen;
            self.follow_cursors();
        }
    }

    /// Moves each drawn pane's window just enough to show its cursor.
    pub(super) fn follow_cursors(&mut self) {
        for pane in [
            Pane::Stations,
            Pane::Alerts,
            Pane::Roster,
            Pane::Log,
            Pane::Feeds,
            Pane::Hazards,
        ] {
            let Some(height) = self.cursor.seen.lines(pane) else {
                continue;
            };
            let (line, len, header) = self.cursor_line(pane);
            let first = window(self.cursor.first(pane), line, len, height, header);
            if first != self.cursor.first(pane) {
                self.cursor.first.insert(pane, first);
                self.dirty = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn the_window_moves_only_as_far_as_the_cursor_needs() {
        // Ten lines shown of a hundred; the cursor walks down past the end.
        assert_eq!(window(0, 9, 100, 10, false), 0);
        assert_eq!(window(0, 10, 100, 10, false), 1);
        // Back up inside the window: it stays.
        assert_eq!(window(1, 5, 100, 10, false), 1);
        // Above it: the cursor's line becomes the first.
        assert_eq!(window(40, 12, 100, 10, false), 12);
        // A list that shrank under the window pulls it back.
        assert_eq!(window(90, 3, 20, 10, false), 3);
        assert_eq!(window(90, 15, 20, 10, false), 10);
        // A group's first alert brings its header into view.
        assert_eq!(window(40, 12, 100, 10, true), 11);
    }
}
