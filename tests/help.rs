//! Help and hints are whole and true (issue 12 item 3): `?` shows every
//! binding and `:` command at 80×24 by scrolling, with no description cut mid-word; the
//! hint line offers only keys that act in the current view; the sort in
//! force and the cursor's position are always in the alerts pane's title.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::Msg;
use watchkeeper::app::commands::COMMANDS;

/// The help overlay's text at `w`×`h`, all of it, by scrolling with `j`.
fn help_text(app: &mut Console, w: u16, h: u16) -> String {
    app.update(Msg::Resize(w, h));
    app.update(key('?'));
    let mut seen = String::new();
    for _ in 0..200 {
        let s = screen(app, w, h);
        seen.push_str(&s);
        app.update(key('j'));
        if screen(app, w, h) == s {
            break;
        }
    }
    seen
}

/// Words of the help's lines, joined across wrapped lines of one binding.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_binding_can_be_read_at_80x24_by_scrolling() {
    let mut app = app();
    let all = help_text(&mut app, 80, 24);
    let first = {
        let mut a = self::app();
        a.update(Msg::Resize(80, 24));
        a.update(key('?'));
        screen(&a, 80, 24)
    };
    assert!(first.contains("j/k scroll"), "{first}");
    // Each description's words appear, in order, on consecutive lines.
    let flat: String = all
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    let flat = words(&flat);
    for (action, _) in app.settings.keymap.bindings() {
        for word in action.description().split_whitespace() {
            assert!(
                flat.contains(word),
                "help at 80x24 never shows {word:?} of {}",
                action.name()
            );
        }
    }
    // So is every `:` command, the last one at the bottom.
    for c in COMMANDS {
        assert!(
            flat.contains(c.usage),
            "help at 80x24 never shows {}",
            c.usage
        );
    }
    let last = COMMANDS.last().map_or("", |c| c.what);
    let tail = last.split_whitespace().last().unwrap_or("");
    assert!(screen(&app, 80, 24).contains(tail), "{tail}");
    // Esc closes it.
    app.update(code(KeyCode::Esc));
    assert!(!screen(&app, 80, 24).contains("j/k scroll"));
}

#[test]
fn no_description_is_cut_mid_word_at_any_size() {
    for (w, h) in [(60, 16), (80, 24), (120, 36)] {
        let mut app = app();
        let text = help_text(&mut app, w, h);
        let descriptions: Vec<String> = app
            .settings
            .keymap
            .bindings()
            .iter()
            .map(|(a, _)| a.description().to_string())
            .chain(COMMANDS.iter().map(|c| format!("{}: {}", c.usage, c.what)))
            .collect();
        let known: std::collections::HashSet<&str> = descriptions
            .iter()
            .flat_map(|d| d.split_whitespace())
            .collect();
        // Every word at the end of a help line is a whole word of some
        // description or a key label: never a fragment.
        for line in text
            .lines()
            .filter(|l| l.starts_with('│') || l.contains("│ "))
        {
            // The popup's interior: the widest stretch between borders
            // (what shows of the panes beside it is not the help).
            let inner = line
                .split('│')
                .max_by_key(|s| s.chars().count())
                .unwrap_or("")
                .trim();
            if let Some(last) = inner.split_whitespace().last() {
                let cut = !known.contains(last)
                    && known
                        .iter()
                        .any(|k| k.starts_with(last) && k.len() > last.len());
                assert!(!cut, "{w}x{h}: {last:?} cut in {line:?}");
            }
        }
    }
}

fn hints(app: &Console) -> String {
    screen(app, 120, 36)
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

#[test]
fn hints_offer_only_what_acts_in_the_view() {
    let mut app = app();
    assert!(hints(&app).contains("a ack"), "{}", hints(&app));
    // A station's detail: no alert actions.
    app.update(key('3'));
    app.update(code(KeyCode::Enter));
    let h = hints(&app);
    assert!(h.contains("m mute"), "{h}");
    for no in ["a ack", "e escalate", "r resolve"] {
        assert!(!h.contains(no), "station detail offers {no}: {h}");
    }
    // And a key it offered does act: `m` opens the mute prompt.
    app.update(key('m'));
    assert!(
        matches!(app.mode, watchkeeper::app::Mode::Prompt(_)),
        "{:?}",
        app.mode
    );
    // An alert's detail offers the alert actions.
    let mut app = self::app();
    app.update(code(KeyCode::Enter));
    let h = hints(&app);
    assert!(h.contains("a ack") && h.contains("r resolve"), "{h}");
}

#[test]
fn the_sort_and_the_position_are_always_in_the_title() {
    let mut app = app();
    let n = app.rows.alerts.len();
    let s = screen(&app, 120, 36);
    assert!(s.contains(&format!("Alerts 1/{n} ·")), "{s}");
    assert!(s.contains("by priority"), "{s}");
    app.update(key('j'));
    app.update(key('j'));
    app.update(key('s'));
    let s = screen(&app, 120, 36);
    assert!(s.contains("by newest"), "{s}");
    let pos = app.selection(watchkeeper::app::Pane::Alerts) + 1;
    assert!(s.contains(&format!("Alerts {pos}/{n} ·")), "{s}");
}
