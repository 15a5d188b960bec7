//! Notifications: which channel, coalescing with injected times, and bytes
//! for the terminal that a feed cannot turn into escape sequences.

#[path = "notify/desktop.rs"]
mod desktop;

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use watchkeeper::config::Notifications;
use watchkeeper::domain::Severity;
use watchkeeper::domain::event::EventKind;
use watchkeeper::notify::{self, Channel, Coalescer, Notice, WINDOW};

fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap() + chrono::Duration::seconds(secs)
}

fn alert(n: u32, severity: Severity) -> Notice {
    Notice::NewAlert {
        id: format!("incidents:INC-{n}"),
        severity,
        title: format!("Incident {n}"),
        station: Some("KBL".into()),
    }
}

fn escalation(n: u32, step: u32) -> Notice {
    Notice::Escalated {
        id: format!("incidents:INC-{n}"),
        step,
        target: "desk-officer".into(),
        auto: true,
        station: Some("KBL".into()),
    }
}

#[test]
fn channel_choice_table() {
    use Channel::*;
    use Notifications as N;
    let bus = Some("unix:path=/run/user/1000/bus");
    let cases = [
        // setting, DBUS_SESSION_BUS_ADDRESS, over ssh, channel
        (N::Auto, bus, false, Desktop),
        (N::Auto, bus, true, Terminal),
        (N::Auto, None, false, Terminal),
        (N::Auto, None, true, Terminal),
        (N::Auto, Some(""), false, Terminal),
        (N::Auto, Some("  "), false, Terminal),
        (N::Desktop, None, true, Desktop),
        (N::Desktop, bus, false, Desktop),
        (N::Terminal, bus, false, Terminal),
        (N::Terminal, None, true, Terminal),
        (N::Off, bus, false, Off),
        (N::Off, None, true, Off),
    ];
    for (setting, dbus, ssh, want) in cases {
        assert_eq!(
            notify::choose(setting, dbus, ssh),
            want,
            "{setting} dbus={dbus:?} ssh={ssh}"
        );
    }
}

#[test]
fn a_burst_of_five_sends_one_at_once_and_one_summary_at_the_window_end() {
    let mut c = Coalescer::new(WINDOW);
    let first = c.push(t(0), alert(1, Severity::Critical));
    let (title, body) = first.expect("the first goes out at once");
    assert_eq!(title, "Critical alert at KBL");
    assert_eq!(body, "Incident 1 (incidents:INC-1)");
    assert_eq!(c.push(t(2), alert(2, Severity::High)), None);
    assert_eq!(c.push(t(4), alert(3, Severity::Critical)), None);
    assert_eq!(c.push(t(6), alert(4, Severity::High)), None);
    assert_eq!(c.push(t(9), alert(5, Severity::High)), None);
    assert_eq!(c.held(), 4);
    assert_eq!(c.next_due(), Some(t(10)));
    assert_eq!(c.due(t(9)), None, "not before the window ends");
    let (title, body) = c.due(t(10)).expect("the summary at the window end");
    assert_eq!(title, "4 new alerts");
    assert_eq!(
        body,
        "4 new alerts: 1 critical, 3 high. Most severe: Incident 3 at KBL"
    );
    assert_eq!(c.next_due(), None);
    assert_eq!(c.due(t(30)), None, "nothing more held");
}

#[test]
fn the_summary_opens_a_new_window_so_a_long_burst_is_one_per_window() {
    let mut c = Coalescer::new(WINDOW);
    let mut sent = Vec::new();
    // One new critical alert every second for 35 s, checking `due` each second.
    for s in 0..35 {
        if let Some(n) = c.push(t(s), alert(s as u32, Severity::Critical)) {
            sent.push((s, n));
        }
        if let Some(n) = c.due(t(s)) {
            sent.push((s, n));
        }
    }
    if let Some(n) = c.due(t(40)) {
        sent.push((40, n));
    }
    let times: Vec<i64> = sent.iter().map(|(s, _)| *s).collect();
    assert_eq!(times, [0, 10, 20, 30, 40]);
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= 10);
    }
    // Every notice is accounted for: 1 + 10 + 10 + 10 + 4.
    let counted: u32 = sent
        .iter()
        .map(|(_, (title, _))| {
            title
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(1)
        })
        .sum();
    assert_eq!(counted, 35);
}

#[test]
fn quiet_periods_send_at_once() {
    let mut c = Coalescer::new(WINDOW);
    assert!(c.push(t(0), alert(1, Severity::High)).is_some());
    assert!(c.push(t(10), alert(2, Severity::High)).is_some());
    assert!(c.push(t(60), escalation(2, 1)).is_some());
    assert!(c.push(t(3600), alert(3, Severity::Critical)).is_some());
    assert_eq!(c.next_due(), None);
}

#[test]
fn a_held_summary_not_collected_goes_out_with_the_next_notice() {
    let mut c = Coalescer::new(WINDOW);
    c.push(t(0), alert(1, Severity::High));
    assert_eq!(c.push(t(5), alert(2, Severity::High)), None);
    // Nobody called `due`; 30 s later another notice arrives.
    let (title, body) = c.push(t(35), escalation(1, 1)).expect("sent at once");
    assert_eq!(title, "1 new alert, 1 escalation");
    assert_eq!(
        body,
        "1 new alert: 1 high. 1 escalation, up to step 1: incidents:INC-1 at KBL (step 1). \
         Alert: Incident 2 at KBL"
    );
}

#[test]
fn escalations_and_alerts_are_summarised_together() {
    let mut c = Coalescer::new(WINDOW);
    let (title, body) = c.push(t(0), escalation(7, 2)).unwrap();
    assert_eq!(title, "Escalated to step 2: desk-officer");
    assert_eq!(body, "incidents:INC-7 at KBL escalated automatically");
    c.push(t(1), escalation(8, 1));
    c.push(t(2), escalation(9, 3));
    c.push(t(3), alert(1, Severity::High));
    c.push(t(4), escalation(10, 1));
    c.push(t(5), alert(2, Severity::Critical));
    let (title, body) = c.due(t(10)).unwrap();
    assert_eq!(title, "2 new alerts, 3 escalations");
    assert_eq!(
        body,
        "2 new alerts: 1 critical, 1 high. 3 escalations, up to step 3: \
         incidents:INC-8 at KBL (step 1), incidents:INC-9 at KBL (step 3), \
         incidents:INC-10 at KBL (step 1). Most severe: Incident 2 at KBL"
    );

    let mut c = Coalescer::new(WINDOW);
    c.push(t(0), alert(1, Severity::High));
    c.push(t(1), escalation(1, 1));
    c.push(t(2), escalation(2, 1));
    c.push(t(3), escalation(3, 2));
    assert_eq!(
        c.due(t(10)),
        Some((
            "3 escalations".to_string(),
            "3 escalations, up to step 2: incidents:INC-1 at KBL (step 1), \
             incidents:INC-2 at KBL (step 1), incidents:INC-3 at KBL (step 2)"
                .to_string()
        ))
    );
}

#[test]
fn alerts_below_high_are_not_notified() {
    let mut c = Coalescer::new(WINDOW);
    assert_eq!(c.push(t(0), alert(1, Severity::Medium)), None);
    assert_eq!(c.push(t(1), alert(2, Severity::Info)), None);
    assert_eq!(c.held(), 0);
    assert!(c.push(t(2), alert(3, Severity::High)).is_some());
    assert!(!alert(1, Severity::Low).notifiable());
    assert!(escalation(1, 1).notifiable());
}

#[test]
fn a_clock_stepping_back_does_not_hold_notices_for_long() {
    let mut c = Coalescer::new(WINDOW);
    c.push(t(100), alert(1, Severity::High));
    // The clock steps back an hour: not inside the window any more.
    assert!(c.push(t(100 - 3600), alert(2, Severity::High)).is_some());
}

#[test]
fn an_escalated_event_becomes_a_notice() {
    let kind = EventKind::Escalated {
        alert: "incidents:INC-1".into(),
        step: 2,
        target: "chief-regional-operations".into(),
        manual: true,
    };
    assert_eq!(
        Notice::from_event(&kind),
        Some(Notice::Escalated {
            id: "incidents:INC-1".into(),
            step: 2,
            target: "chief-regional-operations".into(),
            auto: false,
            station: None,
        })
    );
    assert_eq!(Notice::from_event(&EventKind::WatchLog), None);
}

#[test]
fn terminal_bytes_ring_the_bell_and_carry_osc_777_and_osc_9() {
    let b = notify::terminal_bytes("Critical alert at KBL", "Armed clash (incidents:INC-1)");
    let s = String::from_utf8(b.clone()).unwrap();
    assert_eq!(b[0], 0x07, "BEL first");
    assert_eq!(
        s,
        "\u{7}\u{1b}]777;notify;Critical alert at KBL;Armed clash (incidents:INC-1)\u{1b}\\\
         \u{1b}]9;watchkeeper: Critical alert at KBL: Armed clash (incidents:INC-1)\u{1b}\\"
    );
}

#[test]
fn a_hostile_title_cannot_inject_sequences() {
    let hostile =
        "Evil\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}[2J;title\u{9b}31m\u{7}\r\nnext\u{90}q\u{1b}\\";
    let b = notify::terminal_bytes(hostile, hostile);
    // Exactly the ESCs of our own two OSC introducers and terminators.
    assert_eq!(b.iter().filter(|&&c| c == 0x1b).count(), 4);
    assert_eq!(b.iter().filter(|&&c| c == 0x07).count(), 1);
    let s = String::from_utf8(b).unwrap();
    assert!(
        !s.chars()
            .any(|c| c.is_control() && c != '\u{1b}' && c != '\u{7}'),
        "{s:?}"
    );
    // OSC 777 has exactly its three fields.
    let osc777 = s.split("\u{1b}]777;").nth(1).unwrap();
    let osc777 = &osc777[..osc777.find('\u{1b}').unwrap()];
    assert_eq!(osc777.matches(';').count(), 2, "{osc777}");
    assert!(osc777.starts_with("notify;Evil,title"), "{osc777}");
}

#[test]
fn terminal_texts_are_cut() {
    let long = "x".repeat(1000);
    let s = String::from_utf8(notify::terminal_bytes(&long, &long)).unwrap();
    let osc777 = s.split("\u{1b}]777;notify;").nth(1).unwrap();
    let title = osc777.split(';').next().unwrap();
    assert_eq!(title.chars().count(), notify::MAX_CHARS);
    assert!(s.len() < 3 * 4 * notify::MAX_CHARS);
}

/// With a session bus address that leads nowhere, `desktop` fails with a
/// reason (the caller falls back to the terminal) instead of hanging or
/// panicking. Runs in a child process so that the environment is its own.
#[test]
fn desktop_without_a_notification_server_is_an_error() {
    const CHILD: &str = "WATCHKEEPER_NOTIFY_TEST_CHILD";
    if std::env::var_os(CHILD).is_some() {
        let start = std::time::Instant::now();
        let r = notify::desktop("Critical alert", "body");
        assert!(r.is_err(), "{r:?}");
        assert!(!r.unwrap_err().is_empty());
        assert!(start.elapsed() < Duration::from_secs(5));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "desktop_without_a_notification_server_is_an_error",
            "--exact",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}/no-bus", dir.path().display()),
        )
        .env("XDG_RUNTIME_DIR", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"));
}
