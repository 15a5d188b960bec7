//! Scrolling the help overlay with the move keys, up to its last line at
//! the current screen size.

use ratatui::crossterm::event::KeyEvent;

use super::App;
use super::keymap::Action;

impl App {
    pub(crate) fn scroll_help(&mut self, key: &KeyEvent) {
        let page = self.size.1.saturating_sub(6).max(1);
        let max = crate::ui::panes::help::max_scroll(self, self.size);
        let s = self.help_scroll;
        self.help_scroll = match self.settings.keymap.action_for(key) {
            Some(Action::MoveDown) => s.saturating_add(1),
            Some(Action::MoveUp) => s.saturating_sub(1),
            Some(Action::PageDown) => s.saturating_add(page),
            Some(Action::PageUp) => s.saturating_sub(page),
            Some(Action::Top) => 0,
            Some(Action::Bottom) => max,
            _ => return,
        }
        .min(max);
        self.dirty = true;
    }
}
