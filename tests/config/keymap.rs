//! Keymap: key spec parsing and labels, defaults, overrides, duplicates.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use watchkeeper::app::keymap::{Action, KeyMap, KeySpec};

fn spec(s: &str) -> KeySpec {
    KeySpec::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn ks(code: KeyCode, mods: KeyModifiers) -> KeySpec {
    KeySpec { code, mods }
}

fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn over(list: &[(&str, &[&str], usize)]) -> Vec<(String, Vec<String>, usize)> {
    list.iter()
        .map(|(a, k, l)| (a.to_string(), k.iter().map(|s| s.to_string()).collect(), *l))
        .collect()
}

const NONE: KeyModifiers = KeyModifiers::NONE;

#[test]
fn parses_every_spec_form() {
    let cases = [
        ("a", ks(KeyCode::Char('a'), NONE)),
        ("A", ks(KeyCode::Char('A'), NONE)),
        ("shift+a", ks(KeyCode::Char('A'), NONE)),
        ("ctrl+a", ks(KeyCode::Char('a'), KeyModifiers::CONTROL)),
        (
            "Ctrl+Shift+a",
            ks(KeyCode::Char('A'), KeyModifiers::CONTROL),
        ),
        ("alt+x", ks(KeyCode::Char('x'), KeyModifiers::ALT)),
        ("shift+tab", ks(KeyCode::BackTab, NONE)),
        ("backtab", ks(KeyCode::BackTab, NONE)),
        ("f5", ks(KeyCode::F(5), NONE)),
        ("F12", ks(KeyCode::F(12), NONE)),
        ("enter", ks(KeyCode::Enter, NONE)),
        ("esc", ks(KeyCode::Esc, NONE)),
        ("tab", ks(KeyCode::Tab, NONE)),
        ("space", ks(KeyCode::Char(' '), NONE)),
        (" ", ks(KeyCode::Char(' '), NONE)),
        ("up", ks(KeyCode::Up, NONE)),
        ("down", ks(KeyCode::Down, NONE)),
        ("left", ks(KeyCode::Left, NONE)),
        ("right", ks(KeyCode::Right, NONE)),
        ("pgup", ks(KeyCode::PageUp, NONE)),
        ("pageup", ks(KeyCode::PageUp, NONE)),
        ("pgdn", ks(KeyCode::PageDown, NONE)),
        ("PageDown", ks(KeyCode::PageDown, NONE)),
        ("home", ks(KeyCode::Home, NONE)),
        ("end", ks(KeyCode::End, NONE)),
        ("?", ks(KeyCode::Char('?'), NONE)),
        ("/", ks(KeyCode::Char('/'), NONE)),
        (":", ks(KeyCode::Char(':'), NONE)),
        ("+", ks(KeyCode::Char('+'), NONE)),
        ("ctrl++", ks(KeyCode::Char('+'), KeyModifiers::CONTROL)),
        ("shift+up", ks(KeyCode::Up, KeyModifiers::SHIFT)),
    ];
    for (text, want) in cases {
        assert_eq!(spec(text), want, "{text:?}");
    }
}

#[test]
fn refuses_bad_specs_with_a_reason() {
    for (text, want) in [
        ("", "empty"),
        ("hyper+a", "unknown modifier \"hyper\""),
        ("ctrl+", "no key after the modifier"),
        ("f99", "unknown key name \"f99\""),
        ("foo", "unknown key name"),
        ("shift+1", "write the character itself"),
        ("+a", "a + with nothing before it"),
    ] {
        let err = KeySpec::parse(text).unwrap_err();
        assert!(err.contains(want), "{text:?}: {err}");
    }
}

#[test]
fn labels_for_help_and_ascii() {
    let l = |s: &str| spec(s).label();
    assert_eq!(
        [l("a"), l("A"), l("ctrl+a"), l("shift+tab"), l("f5")],
        ["a", "A", "Ctrl-a", "Shift-Tab", "F5"]
    );
    assert_eq!(
        [l("down"), l("up"), l("pgdn"), l("space"), l("enter")],
        ["↓", "↑", "PgDn", "Space", "Enter"]
    );
    assert_eq!(spec("down").label_ascii(), "Down");
    assert_eq!(spec("left").label_ascii(), "Left");
    assert!(spec("alt+right").label_ascii().is_ascii());
}

#[test]
fn matching_tolerates_how_terminals_report_shift() {
    let upper = spec("A");
    assert!(upper.matches(&ev(KeyCode::Char('A'), KeyModifiers::SHIFT)));
    assert!(upper.matches(&ev(KeyCode::Char('A'), NONE)));
    assert!(upper.matches(&ev(KeyCode::Char('a'), KeyModifiers::SHIFT)));
    assert!(!upper.matches(&ev(KeyCode::Char('a'), NONE)));
    assert!(spec("?").matches(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)));
    assert!(spec("shift+tab").matches(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)));
    assert!(spec("ctrl+a").matches(&ev(KeyCode::Char('a'), KeyModifiers::CONTROL)));
    assert!(!spec("a").matches(&ev(KeyCode::Char('a'), KeyModifiers::CONTROL)));
    assert!(!spec("down").matches(&ev(KeyCode::Down, KeyModifiers::SHIFT)));
}

#[test]
fn defaults_are_the_spec_table() {
    let m = KeyMap::default_keys();
    let act = |code, mods| m.action_for(&ev(code, mods));
    assert_eq!(act(KeyCode::Char('j'), NONE), Some(Action::MoveDown));
    assert_eq!(act(KeyCode::Down, NONE), Some(Action::MoveDown));
    assert_eq!(
        act(KeyCode::Char('G'), KeyModifiers::SHIFT),
        Some(Action::Bottom)
    );
    assert_eq!(
        act(KeyCode::BackTab, KeyModifiers::SHIFT),
        Some(Action::PrevPane)
    );
    assert_eq!(act(KeyCode::Char('a'), NONE), Some(Action::Acknowledge));
    assert_eq!(
        act(KeyCode::Char('A'), KeyModifiers::SHIFT),
        Some(Action::AcknowledgeWithNote)
    );
    assert_eq!(act(KeyCode::Char('T'), NONE), Some(Action::StandDown));
    assert_eq!(act(KeyCode::Char(':'), NONE), Some(Action::Command));
    assert_eq!(act(KeyCode::Char('7'), NONE), Some(Action::ViewMap));
    assert_eq!(
        act(KeyCode::Char('c'), KeyModifiers::CONTROL),
        Some(Action::Quit)
    );
    assert_eq!(act(KeyCode::Char('x'), NONE), None);
    assert_eq!(m.keys_for(Action::Top), [spec("g"), spec("home")]);
    for (a, keys) in m.bindings() {
        assert!(!keys.is_empty(), "{a} has no default key");
    }
}

#[test]
fn overrides_replace_an_actions_defaults() {
    let m = KeyMap::from_config(&over(&[
        ("acknowledge", &["ctrl+a", "x"], 3),
        ("view_map", &[], 4),
    ]))
    .unwrap();
    assert_eq!(m.keys_for(Action::Acknowledge), [spec("ctrl+a"), spec("x")]);
    assert_eq!(
        m.action_for(&ev(KeyCode::Char('a'), NONE)),
        None,
        "the default a is replaced"
    );
    assert!(m.keys_for(Action::ViewMap).is_empty());
    assert_eq!(
        m.keys_for(Action::Snooze),
        [spec("z")],
        "others keep their defaults"
    );
    // Swapping two keys works when both actions are listed.
    let m =
        KeyMap::from_config(&over(&[("move_down", &["k"], 1), ("move_up", &["j"], 2)])).unwrap();
    assert_eq!(
        m.action_for(&ev(KeyCode::Char('k'), NONE)),
        Some(Action::MoveDown)
    );
}

#[test]
fn duplicates_and_unknown_actions_are_refused() {
    let e = KeyMap::from_config(&over(&[("note", &["a"], 9)])).unwrap_err();
    assert_eq!((e.line, e.key.as_str()), (9, "keys.note"));
    assert!(
        e.message.contains("acknowledge")
            && e.message.contains("note")
            && e.message.contains("\"a\"")
    );
    let e = KeyMap::from_config(&over(&[("snooze", &["x"], 2), ("sort", &["x"], 5)])).unwrap_err();
    assert_eq!((e.line, e.key.as_str()), (5, "keys.sort"));
    let e = KeyMap::from_config(&over(&[("acknowlege", &["a"], 4)])).unwrap_err();
    assert!(
        e.message.contains("did you mean acknowledge?"),
        "{}",
        e.message
    );
    let e = KeyMap::from_config(&over(&[("frobnicate", &["a"], 4)])).unwrap_err();
    assert!(
        e.message.contains("expected one of move_down, move_up"),
        "{}",
        e.message
    );
    let e = KeyMap::from_config(&over(&[("quit", &[], 4)])).unwrap_err();
    assert!(e.message.contains("quit needs at least one key"));
    let e = KeyMap::from_config(&over(&[("help", &["hyper+h"], 6)])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 6: keys.help: bad key \"hyper+h\": unknown modifier \"hyper\" (use ctrl, alt or shift)"
    );
}

#[test]
fn bindings_cover_every_action_in_order() {
    let b = KeyMap::default_keys().bindings();
    assert_eq!(
        b.iter().map(|(a, _)| *a).collect::<Vec<_>>(),
        Action::ALL.to_vec()
    );
}

#[test]
fn action_names_match_the_spec() {
    let spec_names = "move_down move_up top bottom page_down page_up next_pane prev_pane open back \
        acknowledge acknowledge_with_note escalate resolve note snooze task stand_down mute mark own undo group unfold fold copy \
        toggle_mouse watch_log handover filter sort command help quit view_overview view_alerts \
        view_stations view_roster view_log view_feeds view_map";
    let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(names, spec_names.split_whitespace().collect::<Vec<_>>());
    for a in Action::ALL {
        assert_eq!(Action::from_name(a.name()), Some(a));
        assert!(!a.description().is_empty());
    }
    assert_eq!(Action::from_name("Acknowledge"), None);
}
