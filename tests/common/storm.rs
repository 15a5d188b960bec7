//! What the storm key tests share: the rows' ids, marking, selecting,
//! and what the console said.
#![allow(dead_code)]

use watchkeeper::app::{App, Mode};
use watchkeeper::domain::AlertState;

use super::common::key;

pub fn ids_in_rows(app: &App) -> Vec<String> {
    app.rows
        .alerts
        .iter()
        .map(|&i| app.model.alerts.entries[i].alert.id.clone())
        .collect()
}

/// Why the console refused, holding the keyboard until Esc.
pub fn refusal(app: &App) -> String {
    match &app.mode {
        Mode::Refused(r) => r.reason.clone(),
        other => panic!("expected a refusal holding the keyboard, mode is {other:?}"),
    }
}

pub fn flash(app: &App) -> String {
    app.flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

pub fn state(app: &App, id: &str) -> AlertState {
    app.model
        .journal
        .alert(id)
        .map_or(AlertState::New, |j| j.state())
}

/// Marks the top `n` rows with Space (each mark moves the cursor down).
pub fn mark_top(app: &mut App, n: usize) -> Vec<String> {
    let ids: Vec<String> = ids_in_rows(app).into_iter().take(n).collect();
    for _ in 0..n {
        app.update(key(' '));
    }
    ids
}

/// Moves the cursor to the alert `id` (from the top, with `j`).
pub fn select(app: &mut App, id: &str) {
    app.update(key('g'));
    for _ in 0..app.rows.alerts.len() {
        if app.current_alert().map(|e| e.alert.id.as_str()) == Some(id) {
            return;
        }
        app.update(key('j'));
    }
    panic!("{id} is not in the list");
}
