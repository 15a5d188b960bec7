//! `watchkeeper handover` on the built binary.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::bin::Home;

/// The start of the report's shift, from its "Hours" line.
fn shift_start(report: &str) -> DateTime<Utc> {
    let line = report
        .lines()
        .find(|l| l.starts_with("- **Hours:** "))
        .unwrap();
    let text = &line["- **Hours:** ".len()..][.."2026-11-22 22:00Z".len()];
    let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%MZ").unwrap();
    naive.and_utc()
}

#[test]
fn the_report_lists_an_acknowledgement_from_a_script_with_login_and_note() {
    let home = Home::new();
    let (code, out, err) = home.run(&["snapshot", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let id = v["alerts"][0]["id"].as_str().unwrap().to_string();
    let title = v["alerts"][0]["title"].as_str().unwrap().to_string();
    let (code, _, err) = home.run(&["ack", &id, "--note", "FSO on the phone"]);
    assert_eq!(code, Some(0), "{err}");

    let login = whoami::fallible::username().unwrap();
    // The title beside the id (cut to 44 characters in tables).
    let title: String = if title.chars().count() > 44 {
        let cut: String = title.chars().take(43).collect();
        format!("{}…", cut.trim_end())
    } else {
        title
    };
    let row_end = format!("| {login} | acknowledged | {id} | {title} | FSO on the phone |");
    let (code, report, err) = home.run(&["handover"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(report.starts_with("# Handover report: "), "{report}");
    let listed = |r: &str| r.lines().any(|l| l.ends_with(&row_end));
    if !listed(&report) {
        // Only if the shift changed between the ack and the report.
        assert!(
            Utc::now() - shift_start(&report) < chrono::Duration::minutes(2),
            "{report}"
        );
        let (_, prev, _) = home.run(&["handover", "--shift", "previous"]);
        assert!(listed(&prev), "{prev}");
    }

    // --out writes the same report to a file.
    let file = home.path().join("out/handover.md");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let (code, out, err) = home.run(&["handover", "--out", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("written to"), "{out}");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("# Handover report: ") && written.contains("## Watch log"));
}

#[test]
fn a_failed_feed_exits_3_and_the_report_says_so() {
    let home = Home::new();
    let cfg = home.path().join("partial.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[feeds]]\nid = \"stations\"\nkind = \"stations\"\nformat = \"watchkeeper-json\"\nurl = \"demo:stations\"\n\n\
             [[feeds]]\nid = \"queue\"\nkind = \"incidents\"\nformat = \"watchkeeper-json\"\nurl = \"file://{}/missing.json\"\n",
            home.path().display()
        ),
    )
    .unwrap();
    let (code, report, err) = home.run(&[
        "--config",
        cfg.to_str().unwrap(),
        "handover",
        "--shift",
        "previous",
    ]);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("queue"), "{err}");
    assert!(
        report.contains("| queue | incidents | failing |"),
        "{report}"
    );
}

#[test]
fn a_bad_shift_choice_is_a_usage_error() {
    let home = Home::new();
    let (code, _, err) = home.run(&["handover", "--shift", "next"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("current") && err.contains("previous"), "{err}");
}
