//! Rendering snapshots with fixed data and a fixed clock, and assertions on
//! what an officer must be able to read at a glance.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::Msg;
use watchkeeper::domain::Severity;
use watchkeeper::domain::event::EventKind;
use watchkeeper::theme::ColorDepth;

/// An app with some history: one ack, one escalation, a note, a watch-log entry.
fn app_with_history() -> Console {
    let mut app = app();
    app.update(Msg::Journal(vec![
        event(
            1,
            "bob",
            9,
            EventKind::Raised {
                alert: "incidents:INC-2026-0409".into(),
                severity: Severity::Critical,
                reraise: false,
            },
            None,
        ),
        event(
            2,
            "bob",
            8,
            EventKind::Acknowledged {
                alert: "incidents:INC-2026-0409".into(),
            },
            Some("station FSO informed"),
        ),
        event(
            3,
            "carol",
            5,
            EventKind::Escalated {
                alert: "incidents:INC-2026-0405".into(),
                step: 1,
                target: "desk-officer".into(),
                manual: true,
            },
            Some("convoy due at 23:00"),
        ),
        event(
            4,
            "bob",
            3,
            EventKind::Note {
                alert: "incidents:INC-2026-0409".into(),
            },
            Some("no casualties confirmed"),
        ),
        event(
            5,
            "carol",
            2,
            EventKind::WatchLog,
            Some("Kabul desk reached by satellite phone"),
        ),
        event(
            6,
            "carol",
            1,
            EventKind::LevelChanged {
                station: "BEY".into(),
                from: 3,
                to: 4,
                reported_at: now(),
            },
            None,
        ),
    ]));
    app
}

#[test]
fn overview_120x36() {
    insta::assert_snapshot!(screen(&app_with_history(), 120, 36));
}

#[test]
fn overview_80x24_shows_one_pane_with_tabs() {
    let s = screen(&app_with_history(), 80, 24);
    assert!(s.contains("[1 Overview]"));
    assert!(
        !s.contains("Surge roster"),
        "one main pane at a time at 80x24"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn every_view_at_120x36() {
    let mut app = app_with_history();
    for (k, name) in [
        ('2', "alerts"),
        ('3', "stations"),
        ('4', "roster"),
        ('5', "log"),
        ('6', "feeds"),
    ] {
        app.update(key(k));
        insta::assert_snapshot!(format!("view_{name}_120x36"), screen(&app, 120, 36));
    }
}

#[test]
fn alert_detail_shows_fields_stations_and_timeline() {
    let mut app = app_with_history();
    app.update(key('2'));
    while app.current_alert().unwrap().alert.id != "incidents:INC-2026-0409" {
        app.update(key('j'));
    }
    app.update(code(KeyCode::Enter));
    let s = screen(&app, 120, 36);
    assert!(s.contains("Alert incidents:INC-2026-0409"), "{s}");
    assert!(s.contains("acknowledged by bob"));
    assert!(
        s.contains("\"station FSO informed\""),
        "the ack note is in the timeline"
    );
    assert!(s.contains("\"no casualties confirmed\""));
    insta::assert_snapshot!(s);
}

#[test]
fn station_detail_flags_an_overdue_drill_and_lists_officers_present() {
    let mut app = app_with_history();
    app.update(key('3'));
    app.update(code(KeyCode::Enter)); // Mogadishu: level 6, drill 2025-06-02
    let s = screen(&app, 120, 36);
    assert!(s.contains("Station MGQ"), "{s}");
    assert!(s.contains("OVERDUE"));
    assert!(s.contains("local time"));
    insta::assert_snapshot!(s);
    // Kabul has ORCA-3 deployed there.
    app.update(code(KeyCode::Esc));
    app.update(key('j'));
    app.update(key('j'));
    app.update(code(KeyCode::Enter));
    let s = screen(&app, 120, 36);
    assert!(s.contains("Station KBL"), "{s}");
    assert!(s.contains("ORCA-3"));
}

#[test]
fn help_lists_every_binding_of_the_live_keymap() {
    let mut app = app();
    app.update(key('?'));
    let s = screen(&app, 200, 60);
    for (action, _) in app.settings.keymap.bindings() {
        assert!(
            s.contains(action.description()),
            "help is missing {}",
            action.name()
        );
    }
}

#[test]
fn a_tiny_terminal_gets_a_notice_not_a_panic() {
    let s = screen(&app(), 50, 12);
    assert!(s.contains("terminal too small"));
    for (w, h) in [(1, 1), (59, 16), (60, 15), (60, 16), (250, 70)] {
        screen(&app(), w, h);
    }
}

#[test]
fn ascii_mode_draws_only_ascii() {
    let mut s = settings("alice");
    s.ascii = true;
    let mut app = app_with(s, ColorDepth::None);
    for k in ['1', '2', '3', '4', '5', '6', '7'] {
        app.update(key(k));
        let text = screen(&app, 120, 36);
        let bad: String = text.chars().filter(|c| !c.is_ascii()).collect();
        assert!(bad.is_empty(), "view {k} has non-ASCII: {bad:?}\n{text}");
    }
}

#[test]
fn severity_and_state_read_without_colour() {
    let app = app_with(settings("alice"), ColorDepth::None);
    let s = screen(&app, 120, 36);
    assert!(s.contains("‼ CRIT ● NEW"));
    assert!(s.contains("▲ HIGH ● NEW"));
    assert!(
        s.contains("CLR"),
        "the source-cleared Baghdad alert is marked"
    );
}

#[test]
fn critical_rows_carry_the_themes_critical_colour() {
    let app = app();
    let buf = buffer(&app, 120, 36);
    let theme = &app.theme;
    // Find the first "‼" in the alerts pane and check its style.
    let (x, y) = (0..36u16)
        .flat_map(|y| (50..120u16).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "‼")
        .expect("a critical alert is on screen");
    assert_eq!(
        buf[(x, y)].fg,
        theme.severity(Severity::Critical).fg.unwrap()
    );
    // And a level-6 station carries the level-6 colour.
    let (lx, ly) = (0..36u16)
        .flat_map(|y| (0..45u16).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "6" && buf[(x + 2, y)].symbol() == "E")
        .expect("a level-6 station is on screen");
    assert_eq!(buf[(lx, ly)].fg, theme.level(6).fg.unwrap());
}

#[test]
fn the_selected_alert_is_marked_and_named_on_the_detail_line() {
    let s = screen(&app(), 120, 36);
    let lines: Vec<&str> = s.lines().collect();
    assert!(lines.iter().any(|l| l.contains("▶ ‼ CRIT ● NEW")));
    assert!(
        lines[34].contains("incidents:INC-2026-0412"),
        "detail line names what `a` would acknowledge: {}",
        lines[34]
    );
}

#[test]
fn a_desk_shows_its_region_only_and_a_wrong_desk_says_so() {
    let mut app = app();
    app.update(key(':'));
    type_and_enter(&mut app, "desk africa");
    app.update(key('3'));
    let s = screen(&app, 120, 36);
    assert!(s.contains("Mogadishu") && s.contains("Nairobi"), "{s}");
    assert!(!s.contains("Kabul") && !s.contains("Geneva"));
    // `:desk` with a region no station has is refused in the prompt; the
    // desk in force stays.
    app.update(key(':'));
    type_and_enter(&mut app, "desk afrika");
    let s = screen(&app, 120, 36);
    assert!(s.contains("unknown region \"afrika\""), "{s}");
    assert_eq!(app.filter.desk.as_deref(), Some("africa"));
    // Started on such a desk (`--desk afrika`), the views say so.
    app.filter.desk = Some("afrika".into());
    app.invalidate_rows();
    app.update(code(KeyCode::Esc));
    let s = screen(&app, 120, 36);
    assert!(s.contains("no station on desk \"afrika\""), "{s}");
    assert!(s.contains("africa, americas, asia-pacific, europe, middle-east"));
}

#[test]
fn every_view_at_60x16_80x24_and_200x60() {
    let mut app = app_with_history();
    for (k, name) in [
        ('1', "overview"),
        ('2', "alerts"),
        ('3', "stations"),
        ('4', "roster"),
        ('5', "log"),
        ('6', "feeds"),
    ] {
        app.update(key(k));
        insta::assert_snapshot!(format!("view_{name}_60x16"), screen(&app, 60, 16));
        insta::assert_snapshot!(format!("view_{name}_80x24"), screen(&app, 80, 24));
        insta::assert_snapshot!(format!("view_{name}_200x60"), screen(&app, 200, 60));
    }
}

#[test]
fn every_theme_colours_severity_and_level_cells_with_its_own_palette() {
    for name in watchkeeper::theme::builtin_names() {
        for depth in [
            ColorDepth::TrueColor,
            ColorDepth::Ansi256,
            ColorDepth::Ansi16,
        ] {
            let mut app = app();
            app.theme = watchkeeper::theme::load(name, depth).unwrap();
            let buf = buffer(&app, 120, 36);
            let crit = (0..36u16)
                .flat_map(|y| (45..118u16).map(move |x| (x, y)))
                .find(|&(x, y)| buf[(x, y)].symbol() == "‼")
                .unwrap();
            assert_eq!(
                buf[crit].fg,
                app.theme
                    .severity(Severity::Critical)
                    .fg
                    .unwrap_or_default(),
                "{name} {depth:?}"
            );
            let high = (0..36u16)
                .flat_map(|y| (45..118u16).map(move |x| (x, y)))
                .find(|&(x, y)| buf[(x, y)].symbol() == "▲" && buf[(x + 2, y)].symbol() == "H")
                .unwrap();
            assert_eq!(
                buf[high].fg,
                app.theme.severity(Severity::High).fg.unwrap_or_default(),
                "{name} {depth:?}"
            );
            assert_ne!(
                buf[crit].fg, buf[high].fg,
                "{name} {depth:?}: critical and high must differ"
            );
        }
    }
}

/// The first alert on screen (the top row of the alerts table), by the
/// start of its title.
fn top_alert(screen: &str, ids: &[String]) -> Option<String> {
    screen
        .lines()
        .find_map(|l| ids.iter().find(|id| l.contains(id.as_str())).cloned())
}

#[test]
fn the_alerts_window_moves_only_as_far_as_the_cursor_needs() {
    let mut c = app();
    let ids: Vec<String> = c
        .rows
        .alerts
        .iter()
        .map(|&i| {
            c.model.alerts.entries[i]
                .alert
                .title
                .chars()
                .take(14)
                .collect()
        })
        .collect();
    let (w, h) = (100, 16);
    let first = draw(&mut c, w, h);
    let room = ids.iter().filter(|id| first.contains(id.as_str())).count();
    assert!(
        room >= 3 && ids.len() > room,
        "{room} of {} shown: {ids:?}\n{first}",
        ids.len()
    );
    // Walk the cursor one line past the bottom: the window follows it.
    for _ in 0..room {
        c.update(key('j'));
        draw(&mut c, w, h);
    }
    let scrolled = draw(&mut c, w, h);
    assert_eq!(
        top_alert(&scrolled, &ids).as_deref(),
        Some(ids[1].as_str()),
        "{scrolled}"
    );
    // Back up inside the window: nothing moves.
    for _ in 0..room - 1 {
        c.update(key('k'));
    }
    let back = draw(&mut c, w, h);
    assert_eq!(top_alert(&back, &ids), top_alert(&scrolled, &ids), "{back}");
    // Above the window's top: it moves up just that line.
    c.update(key('k'));
    let up = draw(&mut c, w, h);
    assert_eq!(
        top_alert(&up, &ids).as_deref(),
        Some(ids[0].as_str()),
        "{up}"
    );
}

/// The handover view (`H`) at 80 columns: the first screen says what needs
/// acting on, each alert's title beside its id.
#[test]
fn handover_view_80x24_opens_on_what_needs_action() {
    let mut app = app_with_history();
    app.update(key('H'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Needs action"), "{s}");
    assert!(s.contains("INC-2026-0412"), "{s}");
    assert!(s.contains("Armed clash"), "the title beside the id:\n{s}");
    insta::assert_snapshot!(s);
}

/// Under a storm: two alerts marked, one taken by bob and one by alice.
fn app_in_a_storm(settings: watchkeeper::app::Settings) -> Console {
    let mut app = app_with(settings, ColorDepth::TrueColor);
    app.update(key('2'));
    let ids: Vec<String> = app
        .rows
        .alerts
        .iter()
        .map(|&i| app.model.alerts.entries[i].alert.id.clone())
        .collect();
    app.update(Msg::Journal(vec![
        event(
            1,
            "bob",
            3,
            EventKind::Owned {
                alert: ids[1].clone(),
            },
            None,
        ),
        event(
            2,
            "alice",
            2,
            EventKind::Owned {
                alert: ids[3].clone(),
            },
            None,
        ),
    ]));
    app.update(key(' '));
    app.update(key('j'));
    app.update(key(' '));
    app
}

#[test]
fn marks_and_owners_show_in_the_rows_and_the_title() {
    let app = app_in_a_storm(settings("alice"));
    let s = screen(&app, 120, 36);
    assert!(s.contains("2 marked"), "{s}");
    assert!(s.contains("OWNER"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn a_bulk_confirmation_names_how_many_and_which_severities() {
    let mut app = app_in_a_storm(settings("alice"));
    app.update(key('a'));
    let s = screen(&app, 120, 36);
    assert!(
        s.contains("Acknowledge 2 alerts (1 CRIT, 1 HIGH)? y/Enter · n/Esc"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn marks_read_in_ascii_and_owners_lead_the_title_when_narrow() {
    let mut s = settings("alice");
    s.ascii = true;
    let app = app_in_a_storm(s);
    let text = screen(&app, 80, 24);
    let bad: String = text.chars().filter(|c| !c.is_ascii()).collect();
    assert!(bad.is_empty(), "non-ASCII: {bad:?}\n{text}");
    assert_eq!(text.matches('@').count(), 2, "{text}");
    assert!(text.contains("[bob]"), "{text}");
    insta::assert_snapshot!(text);
}
