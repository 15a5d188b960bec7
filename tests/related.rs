//! Related alerts shown as one row, through `App::update` and the screen:
//! one quake from two feeds plus an incident it caused at the station, one
//! flood alert through two feeds, and a robbery that stays its own row.

#[path = "common/answers.rs"]
mod answers;
mod common;

use answers::*;
use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::{App, Mode, Settings};
use watchkeeper::config::{self, ConfigSource, FeedKind};
use watchkeeper::domain::event::EventKind;
use watchkeeper::domain::{AlertState, Severity};
use watchkeeper::state::Model;
use watchkeeper::theme::ColorDepth;

const CONFIG: &str = r#"
[[feeds]]
id = "stations"
kind = "stations"
format = "watchkeeper-json"
url = "http://127.0.0.1:9/stations.json"

[[feeds]]
id = "incidents"
kind = "incidents"
format = "watchkeeper-json"
url = "http://127.0.0.1:9/incidents.json"

[[feeds]]
id = "hz-a"
kind = "hazards"
format = "watchkeeper-json"
url = "http://127.0.0.1:9/a.json"

[[feeds]]
id = "hz-b"
kind = "hazards"
format = "watchkeeper-json"
url = "http://127.0.0.1:9/b.json"
"#;

/// Near Kabul (KBL) at 20:40, and a flood near Mogadishu (MGQ).
const HZ_A: &str = r#"{"generated_at":"2026-11-22T20:58:00Z","incidents":[
{"id":"us1","severity":"critical","category":"earthquake","title":"M 6.2 - 20 km N of Kabul","reported_at":"2026-11-22T20:40:00Z","updated_at":"2026-11-22T20:40:00Z","status":"open","lat":34.70,"lon":69.17},
{"id":"FL-9","severity":"medium","category":"flood","title":"Shabelle river flood","reported_at":"2026-11-22T18:00:00Z","updated_at":"2026-11-22T18:00:00Z","status":"open","lat":2.10,"lon":45.30}]}"#;

/// The same quake seen by another agency two minutes later and 6 km off,
/// and the same flood alert (same id) as a high.
const HZ_B: &str = r#"{"generated_at":"2026-11-22T20:58:00Z","incidents":[
{"id":"EQ77-1","severity":"high","category":"earthquake","title":"Earthquake in Afghanistan","reported_at":"2026-11-22T20:42:00Z","updated_at":"2026-11-22T20:42:00Z","status":"open","lat":34.75,"lon":69.15},
{"id":"FL-9","severity":"high","category":"flood","title":"Shabelle river flood","reported_at":"2026-11-22T18:05:00Z","updated_at":"2026-11-22T18:05:00Z","status":"open","lat":2.10,"lon":45.30}]}"#;

/// At KBL: damage from the quake (a hazard incident), and a robbery.
const INCIDENTS_KBL: &str = r#"{"generated_at":"2026-11-22T20:58:00Z","incidents":[
{"id":"INC-1","station":"KBL","severity":"medium","category":"hazard","title":"Compound wall collapsed after the tremor","reported_at":"2026-11-22T20:50:00Z","updated_at":"2026-11-22T20:50:00Z","status":"open"},
{"id":"INC-2","station":"KBL","severity":"low","category":"crime","title":"Phone snatched outside the gate","reported_at":"2026-11-22T20:45:00Z","updated_at":"2026-11-22T20:45:00Z","status":"open"}]}"#;

const QUAKE: [&str; 3] = ["hz-a:us1", "hz-b:EQ77-1", "incidents:INC-1"];
const FLOOD: [&str; 2] = ["hz-a:FL-9", "hz-b:FL-9"];

fn storm_model(cfg: &config::Config) -> Model {
    let mut m = Model::new(
        cfg.risk.clone(),
        chrono::Duration::hours(1),
        Some(Severity::High),
        &cfg.feeds,
        now(),
    );
    m.apply_feed(update("stations", FeedKind::Stations, STATIONS));
    m.apply_feed(update("incidents", FeedKind::Incidents, INCIDENTS_KBL));
    m.apply_feed(update("hz-a", FeedKind::Hazards, HZ_A));
    m.apply_feed(update("hz-b", FeedKind::Hazards, HZ_B));
    m
}

fn console_with(settings: Settings) -> Console {
    let cfg = config::parse(CONFIG, ConfigSource::Builtin).expect("test config parses");
    let mut a = App::new(storm_model(&cfg), settings, None, now());
    a.update(watchkeeper::app::Msg::Tick(now()));
    a.update(key('2'));
    Console::new(a, ColorDepth::TrueColor)
}

fn console() -> Console {
    console_with(settings("alice"))
}

fn row_ids(app: &App) -> Vec<String> {
    app.rows
        .alerts
        .iter()
        .map(|&i| app.model.alerts.entries[i].alert.id.clone())
        .collect()
}

/// Moves the cursor to the row of the group holding `ids` (from the top).
fn select(app: &mut App, ids: &[&str]) {
    app.update(key('g'));
    for _ in 0..app.rows.alerts.len() {
        if app
            .current_alert()
            .is_some_and(|e| ids.contains(&e.alert.id.as_str()))
        {
            return;
        }
        app.update(key('j'));
    }
    panic!("{ids:?} not in the list: {:?}", row_ids(app));
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn one_event_through_several_feeds_is_one_row_and_every_alert_still_counts() {
    let c = console();
    // Six alerts, three rows: the quake group, the flood group, the robbery.
    assert_eq!(c.model.alerts.len(), 6);
    assert_eq!(row_ids(&c).len(), 3, "{:?}", row_ids(&c));
    // Every alert is counted, grouped or not.
    assert_eq!(c.rows.unacked.total(), 6);
    assert_eq!(c.rows.unacked.get(Severity::Critical), 1);
    let quake = c
        .rows
        .related
        .group_of(c.model.alerts.position(QUAKE[0]).unwrap());
    let (_, g) = quake.expect("the quake is a group");
    let members: Vec<String> = g
        .members
        .iter()
        .map(|&i| c.model.alerts.entries[i].alert.id.clone())
        .collect();
    assert_eq!(sorted(members), sorted(QUAKE.map(String::from).to_vec()));
    assert_eq!(g.worst, Severity::Critical);
    assert_eq!(g.new, 3);
}

#[test]
fn the_folded_row_shows_the_count_and_the_highest_severity() {
    let mut c = console();
    let screen = draw(&mut c, 120, 30);
    let flood = screen
        .lines()
        .find(|l| l.contains("Shabelle"))
        .expect("the flood row");
    assert!(flood.contains("≡2"), "{flood}");
    assert!(
        flood.contains("HIGH"),
        "the flood group is as high as its highest: {flood}"
    );
    assert_eq!(screen.matches("Shabelle").count(), 1, "{screen}");
    let quake = screen
        .lines()
        .find(|l| l.contains("≡3"))
        .expect("the quake row");
    assert!(quake.contains("CRIT") && quake.contains("NEW"), "{quake}");
    assert!(screen.contains("2 related groups"), "{screen}");
    // The status bar counts every alert.
    assert!(screen.contains("‼1 ▲2"), "{screen}");
}

#[test]
fn a_on_a_folded_group_acknowledges_each_member_after_one_confirmation() {
    let mut c = console();
    select(&mut c, &QUAKE);
    c.update(key('a'));
    let Mode::Confirm(q) = &c.mode else {
        panic!("a asks first, got {:?}", c.mode);
    };
    assert_eq!(
        q.question,
        "Acknowledge 3 related alerts (1 CRIT, 1 HIGH, 1 MED)?"
    );
    let effects = c.update(key('y'));
    let acked: Vec<String> = appends(&effects)
        .into_iter()
        .map(|(_, kind, _)| match kind {
            EventKind::Acknowledged { alert } => alert,
            other => panic!("only acknowledgements: {other:?}"),
        })
        .collect();
    assert_eq!(sorted(acked), sorted(QUAKE.map(String::from).to_vec()));
    let mut seq = 0;
    all_recorded(&mut c, &effects, &mut seq);
    for id in QUAKE {
        let st = c.model.journal.alert(id).map(|j| j.state());
        assert_eq!(st, Some(AlertState::Acknowledged), "{id}");
    }
    // The flood and the robbery were not touched.
    for id in FLOOD.iter().chain(&["incidents:INC-2"]) {
        assert!(c.model.journal.alert(id).is_none(), "{id}");
    }
}

#[test]
fn a_group_refused_for_every_member_holds_the_keyboard() {
    let mut c = console();
    select(&mut c, &FLOOD);
    c.update(key('a'));
    let effects = c.update(key('y'));
    let mut seq = 0;
    all_recorded(&mut c, &effects, &mut seq);
    // Both acknowledged: `a` on the group again is refused for each, and
    // the `r` typed after it must not open a resolve prompt for them.
    select(&mut c, &FLOOD);
    let mut effects = c.update(key('a'));
    effects.extend(c.update(key('r')));
    assert!(appends(&effects).is_empty(), "{effects:?}");
    let Mode::Refused(r) = &c.mode else {
        panic!("the refusal holds the keyboard, got {:?}", c.mode);
    };
    assert!(
        r.reason
            .starts_with("none of the 2 related alerts can be: ")
            && r.reason.contains("already acknowledged by alice"),
        "{}",
        r.reason
    );
    assert_eq!(r.ignored, "r");
    c.update(code(KeyCode::Esc));
    assert_eq!(c.mode, Mode::Normal);
}

#[test]
fn right_opens_the_group_to_act_on_one_and_left_folds_it() {
    let mut c = console();
    select(&mut c, &FLOOD);
    c.update(code(KeyCode::Right));
    assert_eq!(row_ids(&c).len(), 4, "opened: {:?}", row_ids(&c));
    let screen = draw(&mut c, 120, 30);
    assert!(screen.contains("≡2 related alerts"), "{screen}");
    assert!(
        screen.contains("the same source id through two feeds"),
        "{screen}"
    );
    assert_eq!(
        screen.matches("└ Shabelle river flood").count(),
        2,
        "{screen}"
    );
    // Opened, `a` acts on the selected alert alone, without asking.
    let selected = c.current_alert().unwrap().alert.id.clone();
    let effects = c.update(key('a'));
    assert_eq!(c.mode, Mode::Normal);
    let kinds: Vec<EventKind> = appends(&effects).into_iter().map(|(_, k, _)| k).collect();
    assert_eq!(kinds, vec![EventKind::Acknowledged { alert: selected }]);
    // `h` folds it back onto the one row, the cursor on it.
    c.update(key('j'));
    c.update(key('h'));
    assert_eq!(row_ids(&c).len(), 3);
    let on = c.current_alert().unwrap().alert.id.clone();
    assert!(FLOOD.contains(&on.as_str()), "{on}");
}

#[test]
fn space_marks_the_whole_group_and_a_note_wants_one_alert() {
    let mut c = console();
    select(&mut c, &FLOOD);
    c.update(key(' '));
    assert_eq!(c.marked_count(), 2);
    assert!(FLOOD.iter().all(|id| c.marks.contains(*id)));
    c.update(code(KeyCode::Esc));
    assert_eq!(c.marked_count(), 0);
    select(&mut c, &FLOOD);
    c.update(key('n'));
    let Mode::Refused(r) = &c.mode else {
        panic!("a note on a group is refused, got {:?}", c.mode);
    };
    assert!(r.reason.contains("opens the group"), "{}", r.reason);
}

#[test]
fn the_detail_lists_the_others_and_why() {
    let mut c = console();
    select(&mut c, &QUAKE);
    c.update(code(KeyCode::Enter));
    let screen = draw(&mut c, 140, 50);
    assert!(screen.contains("Related alerts (one event)"), "{screen}");
    for id in QUAKE {
        assert!(screen.contains(id), "{id} in {screen}");
    }
    assert!(screen.contains("km and 2 min apart"), "{screen}");
    assert!(screen.contains("incident at KBL"), "{screen}");
}

#[test]
fn with_related_off_every_alert_is_its_own_row() {
    let mut s = settings("alice");
    s.related = None;
    let c = console_with(s);
    assert_eq!(row_ids(&c).len(), 6);
    assert!(c.rows.related.groups.is_empty());
}

#[test]
fn a_filter_groups_only_what_it_shows() {
    let mut c = console();
    c.update(key('/'));
    type_and_enter(&mut c, "sev:high");
    // Only the two HIGH ones are listed (one quake report, one flood
    // report): nothing left to group them with.
    assert_eq!(
        sorted(row_ids(&c)),
        sorted(vec![FLOOD[1].into(), QUAKE[1].into()])
    );
    assert!(c.rows.related.groups.is_empty());
}

#[test]
fn snapshot_a_folded_group_and_an_opened_one() {
    let mut c = console();
    select(&mut c, &FLOOD);
    c.update(code(KeyCode::Right));
    insta::assert_snapshot!("related_alerts_120x18", draw(&mut c, 120, 18));
}

#[test]
fn snapshot_related_alerts_in_ascii_at_80_columns() {
    let mut s = settings("alice");
    s.ascii = true;
    let mut c = console_with(s);
    select(&mut c, &QUAKE);
    c.update(code(KeyCode::Right));
    insta::assert_snapshot!("related_alerts_ascii_80x18", draw(&mut c, 80, 18));
}

#[test]
fn grouped_by_station_a_header_counts_alerts_not_rows() {
    let mut c = console();
    c.update(key('b'));
    let screen = draw(&mut c, 120, 30);
    let kbl = screen
        .lines()
        .find(|l| l.contains("KBL Kabul"))
        .expect("the KBL header");
    // The quake's three alerts (one row) and the robbery.
    assert!(kbl.contains("4 alerts"), "{kbl}");
    let mgq = screen
        .lines()
        .find(|l| l.contains("MGQ Mogadishu"))
        .expect("the MGQ header");
    assert!(mgq.contains("2 alerts"), "{mgq}");
}

#[test]
fn the_question_on_a_group_names_the_members_another_officer_took() {
    let mut c = console();
    c.update(watchkeeper::app::Msg::Journal(vec![event(
        1,
        "bob",
        0,
        EventKind::Acknowledged {
            alert: FLOOD[1].into(),
        },
        None,
    )]));
    select(&mut c, &FLOOD);
    c.update(key('a'));
    let Mode::Confirm(q) = &c.mode else {
        panic!("a asks first, got {:?}", c.mode);
    };
    assert_eq!(
        q.question,
        "Acknowledge 2 related alerts (1 HIGH, 1 MED), 1 will be refused?"
    );
}

#[test]
fn a_filter_counts_the_alerts_shown_not_the_rows() {
    let mut c = console();
    c.update(key('/'));
    type_and_enter(&mut c, "sev:>=medium");
    // Two rows (the quake's three alerts, the flood's two): five of six.
    assert_eq!(row_ids(&c).len(), 2);
    let screen = draw(&mut c, 120, 30);
    assert!(screen.contains("5 of 6 shown"), "{screen}");
}

#[test]
fn a_station_detail_lists_the_alerts_folded_into_a_group() {
    let mut c = console();
    c.update(key('3'));
    for _ in 0..c.rows.stations.len() {
        if c.current_station().is_some_and(|s| s.id == "KBL") {
            break;
        }
        c.update(key('j'));
    }
    c.update(code(KeyCode::Enter));
    let screen = draw(&mut c, 140, 50);
    for title in [
        "M 6.2 - 20 km N of Kabul",
        "Earthquake in Afghanistan",
        "Compound wall collapsed",
    ] {
        assert!(screen.contains(title), "{title} in {screen}");
    }
}
