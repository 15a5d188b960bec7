use super::*;
use chrono_tz::{America, Asia, Australia, Europe, Pacific, UTC};
use proptest::prelude::*;

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn z(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn defs(list: &[(&str, u32, u32)]) -> Vec<ShiftDef> {
    list.iter()
        .map(|&(name, h, m)| ShiftDef {
            name: name.into(),
            start: t(h, m),
        })
        .collect()
}

fn abc(tz: Tz) -> WatchCycle {
    WatchCycle::new(
        tz,
        t(6, 0),
        defs(&[("Alpha", 6, 0), ("Bravo", 14, 0), ("Charlie", 22, 0)]),
    )
    .unwrap()
}

fn hours(delta: TimeDelta) -> f64 {
    delta.num_seconds() as f64 / 3600.0
}

#[test]
fn rejects_bad_lists() {
    assert!(WatchCycle::new(UTC, t(6, 0), vec![]).is_err());
    let err = WatchCycle::new(
        UTC,
        t(6, 0),
        defs(&[("A", 6, 0), ("B", 14, 0), ("C", 6, 0)]),
    )
    .unwrap_err();
    assert!(err.contains("06:00"), "{err}");
    let leap = NaiveTime::from_hms_milli_opt(23, 59, 59, 1500).unwrap();
    let shifts = vec![ShiftDef {
        name: "L".into(),
        start: leap,
    }];
    assert!(WatchCycle::new(UTC, t(6, 0), shifts).is_err());
}

#[test]
fn hand_built_empty_cycle_does_not_panic() {
    let w = WatchCycle {
        tz: UTC,
        day_starts: t(6, 0),
        shifts: vec![],
    };
    let now = z("2026-11-22T05:00:00Z");
    let cur = w.current(now);
    assert_eq!(cur.starts, z("2026-11-21T06:00:00Z"));
    assert_eq!(cur.ends, z("2026-11-22T06:00:00Z"));
    assert_eq!(w.next(now).starts, cur.ends);
    assert_eq!(w.previous(now).ends, cur.starts);
    assert_eq!(w.until_handover(now), TimeDelta::hours(1));
}

#[test]
fn three_shifts_through_the_day() {
    let w = abc(UTC);
    let cases = [
        // now, shift, starts, ends, watch day of the shift, watch day of now
        (
            "2026-11-22T05:59:00Z",
            "Charlie",
            "2026-11-21T22:00:00Z",
            "2026-11-22T06:00:00Z",
            d(2026, 11, 21),
            d(2026, 11, 21),
        ),
        (
            "2026-11-22T06:00:00Z",
            "Alpha",
            "2026-11-22T06:00:00Z",
            "2026-11-22T14:00:00Z",
            d(2026, 11, 22),
            d(2026, 11, 22),
        ),
        (
            "2026-11-22T13:59:00Z",
            "Alpha",
            "2026-11-22T06:00:00Z",
            "2026-11-22T14:00:00Z",
            d(2026, 11, 22),
            d(2026, 11, 22),
        ),
        (
            "2026-11-22T14:00:00Z",
            "Bravo",
            "2026-11-22T14:00:00Z",
            "2026-11-22T22:00:00Z",
            d(2026, 11, 22),
            d(2026, 11, 22),
        ),
        (
            "2026-11-22T22:00:00Z",
            "Charlie",
            "2026-11-22T22:00:00Z",
            "2026-11-23T06:00:00Z",
            d(2026, 11, 22),
            d(2026, 11, 22),
        ),
        (
            "2026-11-22T23:59:00Z",
            "Charlie",
            "2026-11-22T22:00:00Z",
            "2026-11-23T06:00:00Z",
            d(2026, 11, 22),
            d(2026, 11, 22),
        ),
        (
            "2026-11-23T00:30:00Z",
            "Charlie",
            "2026-11-22T22:00:00Z",
            "2026-11-23T06:00:00Z",
            d(2026, 11, 22),
            d(2026, 11, 22),
        ),
    ];
    for (now, name, starts, ends, day, watch_day) in cases {
        let cur = w.current(z(now));
        assert_eq!(cur.name, name, "at {now}");
        assert_eq!(cur.starts, z(starts), "at {now}");
        assert_eq!(cur.ends, z(ends), "at {now}");
        assert_eq!(cur.day, day, "at {now}");
        assert_eq!(w.watch_day(z(now)), watch_day, "at {now}");
        assert_eq!(w.until_handover(z(now)), z(ends) - z(now));
    }
    let now = z("2026-11-23T00:30:00Z");
    assert_eq!(w.current(now).index, 2);
    let prev = w.previous(now);
    assert_eq!((prev.name.as_str(), prev.index), ("Bravo", 1));
    assert_eq!(prev.starts, z("2026-11-22T14:00:00Z"));
    assert_eq!(prev.ends, w.current(now).starts);
    let next = w.next(now);
    assert_eq!(
        (next.name.as_str(), next.index, next.day),
        ("Alpha", 0, d(2026, 11, 23))
    );
    assert_eq!(next.starts, z("2026-11-23T06:00:00Z"));
    assert_eq!(next.ends, z("2026-11-23T14:00:00Z"));
    assert_eq!(w.until_handover(now), TimeDelta::minutes(330));
    assert_eq!(hours_label(&w.current(now), UTC), "22:00\u{2013}06:00");
    assert_eq!(hours_label(&prev, UTC), "14:00\u{2013}22:00");
}

#[test]
fn local_time_zone_is_used() {
    // Kabul is UTC+04:30 all year.
    let w = abc(Asia::Kabul);
    let now = z("2026-11-22T01:29:00Z"); // 05:59 in Kabul
    let cur = w.current(now);
    assert_eq!(cur.name, "Charlie");
    assert_eq!(cur.starts, z("2026-11-21T17:30:00Z"));
    assert_eq!(cur.day, d(2026, 11, 21));
    assert_eq!(w.until_handover(now), TimeDelta::minutes(1));
    assert_eq!(w.current(z("2026-11-22T01:30:00Z")).name, "Alpha");
    assert_eq!(w.watch_day(z("2026-11-22T01:30:00Z")), d(2026, 11, 22));
    assert_eq!(hours_label(&cur, Asia::Kabul), "22:00\u{2013}06:00");
    assert_eq!(hours_label(&cur, UTC), "17:30\u{2013}01:30");
}

#[test]
fn out_of_order_input_is_sorted() {
    let w = WatchCycle::new(
        UTC,
        t(6, 0),
        defs(&[("Charlie", 22, 0), ("Alpha", 6, 0), ("Bravo", 14, 0)]),
    )
    .unwrap();
    let names: Vec<&str> = w.shifts.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Alpha", "Bravo", "Charlie"]);
    let cur = w.current(z("2026-11-22T15:00:00Z"));
    assert_eq!((cur.name.as_str(), cur.index), ("Bravo", 1));
    assert_eq!(w.shifts[cur.index].name, cur.name);
}

#[test]
fn watch_day_order_wraps_past_midnight() {
    // day_starts 06:00, shifts 00:00 / 08:00 / 16:00: the watch day
    // opens with the 08:00 shift, and the 00:00 shift closes it.
    let w = WatchCycle::new(
        UTC,
        t(6, 0),
        defs(&[("N", 0, 0), ("D", 8, 0), ("E", 16, 0)]),
    )
    .unwrap();
    let names: Vec<&str> = w.shifts.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["D", "E", "N"]);
    let cur = w.current(z("2026-11-22T07:00:00Z"));
    assert_eq!(
        (cur.name.as_str(), cur.index, cur.day),
        ("N", 2, d(2026, 11, 21))
    );
    assert_eq!(cur.starts, z("2026-11-22T00:00:00Z"));
    assert_eq!(cur.ends, z("2026-11-22T08:00:00Z"));
    assert_eq!(w.watch_day(z("2026-11-22T07:00:00Z")), d(2026, 11, 22));
    let cur = w.current(z("2026-11-22T08:00:00Z"));
    assert_eq!(
        (cur.name.as_str(), cur.index, cur.day),
        ("D", 0, d(2026, 11, 22))
    );
}

#[test]
fn two_shifts_that_wrap() {
    // 20:00 and 08:00, given in that order.
    let w = WatchCycle::new(UTC, t(6, 0), defs(&[("Night", 20, 0), ("Day", 8, 0)])).unwrap();
    let at = |s| w.current(z(s));
    assert_eq!(at("2026-11-22T07:59:00Z").name, "Night");
    assert_eq!(at("2026-11-22T07:59:00Z").starts, z("2026-11-21T20:00:00Z"));
    assert_eq!(at("2026-11-22T07:59:00Z").day, d(2026, 11, 21));
    assert_eq!(at("2026-11-22T08:00:00Z").name, "Day");
    assert_eq!(at("2026-11-22T19:59:59Z").ends, z("2026-11-22T20:00:00Z"));
    assert_eq!(at("2026-11-22T20:00:00Z").name, "Night");
    assert_eq!(at("2026-11-22T23:00:00Z").ends, z("2026-11-23T08:00:00Z"));
    assert_eq!(w.next(z("2026-11-22T23:00:00Z")).name, "Day");
    assert_eq!(w.previous(z("2026-11-22T23:00:00Z")).name, "Day");
}

#[test]
fn a_single_shift_lasts_24_hours() {
    let w = WatchCycle::new(UTC, t(6, 0), defs(&[("Watch", 6, 0)])).unwrap();
    let now = z("2026-11-22T03:00:00Z");
    let cur = w.current(now);
    assert_eq!(cur.starts, z("2026-11-21T06:00:00Z"));
    assert_eq!(cur.ends, z("2026-11-22T06:00:00Z"));
    assert_eq!(cur.day, d(2026, 11, 21));
    assert_eq!(w.previous(now).ends, cur.starts);
    assert_eq!(w.next(now).starts, cur.ends);
    assert_eq!(w.next(now).index, 0);
    assert_eq!(w.until_handover(now), TimeDelta::hours(3));
    // Also when the single shift does not start at day_starts.
    let w = WatchCycle::new(UTC, t(6, 0), defs(&[("Watch", 19, 0)])).unwrap();
    let cur = w.current(now);
    assert_eq!(cur.starts, z("2026-11-21T19:00:00Z"));
    assert_eq!(hours(cur.ends - cur.starts), 24.0);
}

#[path = "watch_dst_tests.rs"]
mod dst;
