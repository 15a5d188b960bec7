//! Daylight-saving changes, gaps and overlaps, and the property tests.

use super::*;

#[test]
fn london_across_both_changes() {
    let w = abc(Europe::London);
    // Spring: Sun 29 Mar 2026, 01:00 GMT → 02:00 BST.
    let night = w.current(z("2026-03-29T00:30:00Z"));
    assert_eq!(night.name, "Charlie");
    assert_eq!(night.starts, z("2026-03-28T22:00:00Z")); // 22:00 GMT
    assert_eq!(night.ends, z("2026-03-29T05:00:00Z")); // 06:00 BST
    assert_eq!(hours(night.ends - night.starts), 7.0);
    assert_eq!(
        w.until_handover(z("2026-03-29T00:30:00Z")),
        TimeDelta::minutes(270)
    );
    assert_eq!(hours_label(&night, Europe::London), "22:00\u{2013}06:00");
    let day = w.current(z("2026-03-29T05:00:00Z"));
    assert_eq!((day.name.as_str(), day.day), ("Alpha", d(2026, 3, 29)));
    assert_eq!(day.ends, z("2026-03-29T13:00:00Z"));
    // Autumn: Sun 25 Oct 2026, 02:00 BST → 01:00 GMT.
    let night = w.current(z("2026-10-25T01:30:00Z")); // 01:30 GMT, second time round
    assert_eq!(night.starts, z("2026-10-24T21:00:00Z")); // 22:00 BST
    assert_eq!(night.ends, z("2026-10-25T06:00:00Z")); // 06:00 GMT
    assert_eq!(hours(night.ends - night.starts), 9.0);
    assert_eq!(
        w.until_handover(z("2026-10-25T00:30:00Z")),
        TimeDelta::minutes(330)
    );
    assert_eq!(w.watch_day(z("2026-10-25T05:59:00Z")), d(2026, 10, 24));
    assert_eq!(w.watch_day(z("2026-10-25T06:00:00Z")), d(2026, 10, 25));
}

#[test]
fn new_york_across_both_changes() {
    let w = abc(America::New_York);
    // Spring: Sun 8 Mar 2026, 02:00 EST → 03:00 EDT.
    let now = z("2026-03-08T04:00:00Z"); // 23:00 EST Saturday
    let night = w.current(now);
    assert_eq!(night.starts, z("2026-03-08T03:00:00Z")); // 22:00 EST
    assert_eq!(night.ends, z("2026-03-08T10:00:00Z")); // 06:00 EDT
    assert_eq!(hours(night.ends - night.starts), 7.0);
    assert_eq!(w.until_handover(now), TimeDelta::hours(6)); // not 7 by the wall clock
    assert_eq!(w.previous(now).ends, night.starts);
    assert_eq!(hours(w.previous(now).ends - w.previous(now).starts), 8.0);
    // Autumn: Sun 1 Nov 2026, 02:00 EDT → 01:00 EST.
    let now = z("2026-11-01T05:30:00Z"); // 01:30 EDT, first time round
    let night = w.current(now);
    assert_eq!(night.starts, z("2026-11-01T02:00:00Z")); // 22:00 EDT
    assert_eq!(night.ends, z("2026-11-01T11:00:00Z")); // 06:00 EST
    assert_eq!(hours(night.ends - night.starts), 9.0);
    assert_eq!(w.until_handover(now), TimeDelta::minutes(330));
    assert_eq!(
        w.until_handover(z("2026-11-01T06:30:00Z")),
        TimeDelta::minutes(270)
    );
    let next = w.next(now);
    assert_eq!(hours(next.ends - next.starts), 8.0);
    assert_eq!(next.day, d(2026, 11, 1));
}

#[test]
fn lord_howe_half_hour_changes() {
    let w = abc(Australia::Lord_Howe);
    // Sun 5 Apr 2026, 02:00 (+11) → 01:30 (+10:30).
    let night = w.current(z("2026-04-04T14:00:00Z"));
    assert_eq!(night.name, "Charlie");
    assert_eq!(hours(night.ends - night.starts), 8.5);
    // Sun 4 Oct 2026, 02:00 (+10:30) → 02:30 (+11).
    let night = w.current(z("2026-10-03T15:00:00Z"));
    assert_eq!(night.name, "Charlie");
    assert_eq!(hours(night.ends - night.starts), 7.5);
    assert_eq!(
        hours_label(&night, Australia::Lord_Howe),
        "22:00\u{2013}06:00"
    );
}

#[test]
fn start_in_a_gap_begins_when_the_gap_ends() {
    // New York, Sun 8 Mar 2026: 02:30 does not exist; starts 03:00 EDT.
    let w = WatchCycle::new(
        America::New_York,
        t(6, 0),
        defs(&[("Late", 2, 30), ("Early", 10, 30), ("Swing", 18, 30)]),
    )
    .unwrap();
    let late = w.current(z("2026-03-08T07:00:00Z"));
    assert_eq!(late.name, "Late");
    assert_eq!(late.starts, z("2026-03-08T07:00:00Z"));
    assert_eq!(hours_label(&late, America::New_York), "03:00\u{2013}10:30");
    let swing = w.current(z("2026-03-08T06:59:59Z"));
    assert_eq!(swing.name, "Swing");
    assert_eq!(swing.starts, z("2026-03-07T23:30:00Z")); // 18:30 EST
    assert_eq!(hours(swing.ends - swing.starts), 7.5);
    // Berlin, Sun 29 Mar 2026: 02:30 does not exist; starts 03:00 CEST.
    let w = WatchCycle::new(
        Europe::Berlin,
        t(6, 0),
        defs(&[("A", 2, 30), ("B", 14, 30)]),
    )
    .unwrap();
    assert_eq!(
        w.current(z("2026-03-29T01:00:00Z")).starts,
        z("2026-03-29T01:00:00Z")
    );
    assert_eq!(w.current(z("2026-03-29T00:59:59Z")).name, "B");
    // London's gap is 01:00–02:00: 01:30 starts at 02:00 BST.
    let w = WatchCycle::new(
        Europe::London,
        t(6, 0),
        defs(&[("A", 1, 30), ("B", 13, 30)]),
    )
    .unwrap();
    assert_eq!(
        w.current(z("2026-03-29T01:00:00Z")).starts,
        z("2026-03-29T01:00:00Z")
    );
    // The watch day itself can start in a gap.
    let w = WatchCycle::new(
        America::New_York,
        t(2, 30),
        defs(&[("A", 2, 30), ("B", 14, 30)]),
    )
    .unwrap();
    assert_eq!(w.watch_day(z("2026-03-08T06:59:59Z")), d(2026, 3, 7));
    assert_eq!(w.watch_day(z("2026-03-08T07:00:00Z")), d(2026, 3, 8));
    assert_eq!(w.current(z("2026-03-08T07:00:00Z")).day, d(2026, 3, 8));
}

#[test]
fn ambiguous_start_uses_the_earlier_instant() {
    // New York, Sun 1 Nov 2026: 01:30 happens twice; the shift starts at
    // the first (05:30Z), so at 01:15 EST (06:15Z) it is already on.
    let w = WatchCycle::new(
        America::New_York,
        t(6, 0),
        defs(&[("A", 1, 30), ("B", 13, 30)]),
    )
    .unwrap();
    let now = z("2026-11-01T06:15:00Z");
    let cur = w.current(now);
    assert_eq!(cur.name, "A");
    assert_eq!(cur.starts, z("2026-11-01T05:30:00Z"));
    assert_eq!(cur.ends, z("2026-11-01T18:30:00Z"));
    assert_eq!(w.current(z("2026-11-01T05:29:59Z")).name, "B");
}

#[test]
fn shift_swallowed_by_a_gap_is_skipped() {
    // 02:00 and 02:30 both fall in New York's gap on 8 Mar 2026: both
    // resolve to 07:00Z, so "Ghost" lasts no time that day.
    let w = WatchCycle::new(
        America::New_York,
        t(6, 0),
        defs(&[("Ghost", 2, 0), ("Real", 2, 30), ("Day", 12, 0)]),
    )
    .unwrap();
    let now = z("2026-03-08T07:00:00Z");
    assert_eq!(w.current(now).name, "Real");
    assert_eq!(w.current(z("2026-03-08T06:59:00Z")).name, "Day");
    assert_eq!(w.next(z("2026-03-08T06:59:00Z")).name, "Real");
    assert_eq!(w.next(z("2026-03-08T06:59:00Z")).starts, now);
    assert_eq!(w.previous(z("2026-03-08T08:00:00Z")).name, "Day");
    // The next day, Ghost is a normal 30-minute shift.
    assert_eq!(w.current(z("2026-03-09T06:10:00Z")).name, "Ghost");
}

#[test]
fn gap_end_is_exact() {
    let at = |tz: Tz, s: &str| {
        let naive: NaiveDateTime = s.parse().unwrap();
        assert!(matches!(tz.from_local_datetime(&naive), LocalResult::None));
        resolve(tz, naive)
    };
    assert_eq!(
        at(America::New_York, "2026-03-08T02:30:00"),
        z("2026-03-08T07:00:00Z")
    );
    assert_eq!(
        at(Australia::Lord_Howe, "2026-10-04T02:10:00"),
        z("2026-10-03T15:30:00Z")
    );
    // Samoa skipped 30 Dec 2011 entirely.
    assert_eq!(
        at(Pacific::Apia, "2011-12-30T12:00:00"),
        z("2011-12-30T10:00:00Z")
    );
}

const ZONES: [Tz; 12] = [
    UTC,
    Europe::London,
    Europe::Berlin,
    America::New_York,
    America::Santiago,
    America::Havana,
    America::St_Johns,
    Australia::Lord_Howe,
    Pacific::Chatham,
    Asia::Kolkata,
    Asia::Tehran,
    chrono_tz::Africa::Casablanca,
];

#[test]
fn shifts_tile_2022_to_2031_in_every_zone() {
    // Walk handover to handover: no gap, no overlap, every DST change.
    let cycles = [
        defs(&[("A", 6, 0), ("B", 14, 0), ("C", 22, 0)]),
        defs(&[("Ghost", 2, 0), ("Late", 2, 30), ("Day", 12, 0)]),
        defs(&[("Midnight", 0, 0), ("Noon", 12, 0)]),
    ];
    for tz in ZONES {
        for (n, shifts) in cycles.iter().enumerate() {
            let w = WatchCycle::new(tz, t(6, 0), shifts.clone()).unwrap();
            let mut now = z("2022-01-01T00:00:00Z");
            let mut prev = w.current(now);
            now = prev.ends;
            let mut steps = 0;
            while now < z("2032-01-01T00:00:00Z") {
                let cur = w.current(now);
                assert_eq!(cur.starts, now, "{tz} cycle {n}: {prev:?} then {cur:?}");
                assert!(cur.ends > cur.starts && cur.ends - cur.starts <= TimeDelta::hours(26));
                assert!(cur.day >= prev.day && cur.index != prev.index);
                prev = cur;
                now = prev.ends;
                steps += 1;
            }
            assert!(steps >= 2 * 3650, "{tz} cycle {n}: {steps}");
        }
    }
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 2020-01-01 .. 2036-01-01, half the time in the months where most
    // zones change their clocks.
    let uniform = (1_577_836_800i64..2_082_758_400).prop_map(|s| s);
    let dst_season = (
        2020i32..2036,
        prop::sample::select(vec![3u32, 4, 9, 10, 11]),
        0i64..31 * 86_400,
    )
        .prop_map(|(y, m, secs)| {
            NaiveDate::from_ymd_opt(y, m, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp()
                + secs
        });
    prop_oneof![uniform, dst_season].prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

fn cycle() -> impl Strategy<Value = WatchCycle> {
    // Quarter hours, so that starts land in gaps and overlaps often.
    let time = (
        0u32..24,
        prop_oneof![Just(0u32), Just(15), Just(30), Just(45)],
    );
    (
        0..ZONES.len(),
        time.clone(),
        prop::collection::btree_set(time, 1..6),
    )
        .prop_map(|(zone, (dh, dm), starts)| {
            let shifts = starts
                .into_iter()
                .enumerate()
                .map(|(i, (h, m))| ShiftDef {
                    name: format!("S{i}"),
                    start: t(h, m),
                })
                .collect();
            WatchCycle::new(ZONES[zone], t(dh, dm), shifts).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn shifts_tile_time(
        w in cycle(),
        now in instant(),
    ) {
        let cur = w.current(now);
        prop_assert!(cur.starts <= now && now < cur.ends, "{:?} at {}", cur, now);
        let next = w.next(now);
        let prev = w.previous(now);
        prop_assert_eq!(next.starts, cur.ends);
        prop_assert!(next.starts < next.ends);
        prop_assert_eq!(prev.ends, cur.starts);
        prop_assert!(prev.starts < prev.ends);
        prop_assert_eq!(w.until_handover(now), cur.ends - now);
        prop_assert_eq!(&w.shifts[cur.index].name, &cur.name);
        // The boundaries belong to the right shifts.
        prop_assert_eq!(&w.current(cur.starts), &cur);
        prop_assert_eq!(&w.current(cur.ends), &next);
        prop_assert_eq!(&w.current(cur.starts - TimeDelta::nanoseconds(1)), &prev);
        // A shift starts at its configured local time, unless that time
        // does not exist that day.
        let local = cur.starts.with_timezone(&w.tz).naive_local();
        let nominal = w.shifts[cur.index].start;
        let on_time = local.time() == nominal;
        let in_gap = [local.date(), local.date().pred_opt().unwrap()].iter().any(|d| {
            matches!(w.tz.from_local_datetime(&d.and_time(nominal)), LocalResult::None)
        });
        prop_assert!(on_time || in_gap, "{:?} starts at {}", cur, local);
        // Watch days: the shift's day has begun by its start; now's day
        // is the shift's or later, and at most a day later.
        let wd = w.watch_day(now);
        prop_assert!(cur.day <= wd && wd <= cur.day.succ_opt().unwrap());
        prop_assert!(w.watch_day(now + TimeDelta::hours(30)) > wd);
        prop_assert!(cur.ends - cur.starts <= TimeDelta::hours(26));
    }
}
