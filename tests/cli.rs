//! The built binary, as a script or an operator runs it: exit codes 0/1/2/3,
//! the snapshot shape, actions from scripts, journal export, bad input.

use assert_cmd::assert::OutputAssertExt;
use serde_json::Value;
use watchkeeper::domain::Severity;

#[path = "common/raise.rs"]
mod raise;

#[path = "common/bin.rs"]
mod bin;

use bin::Home;

/// `snapshot --json` from `home`, which must succeed.
fn snapshot(home: &Home) -> Value {
    let out = home.cmd().args(["snapshot", "--json"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("snapshot --json prints one JSON object")
}

fn login_name() -> String {
    whoami::fallible::username().unwrap()
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn snapshot_json_has_the_spec_shape_on_the_demo() {
    let home = Home::new();
    let v = snapshot(&home);
    assert_eq!(
        keys(&v),
        [
            "alerts",
            "feeds",
            "generated_at",
            "roster",
            "stations",
            "unmatched_hazards",
            "watch"
        ]
    );
    assert_eq!(keys(&v["watch"]), ["day", "ends", "shift", "starts"]);
    let feeds = v["feeds"].as_array().unwrap();
    assert_eq!(feeds.len(), 4);
    for f in feeds {
        assert_eq!(
            keys(f),
            [
                "error",
                "fetched_at",
                "format",
                "id",
                "items",
                "kind",
                "ok",
                "rejected",
                "stale"
            ]
        );
        assert_eq!(f["ok"], true);
    }
    let stations = v["stations"].as_array().unwrap();
    assert!(
        stations.len() >= 140,
        "about 150 duty stations, got {}",
        stations.len()
    );
    let s = &stations[0];
    for k in [
        "id",
        "name",
        "country",
        "region",
        "lat",
        "lon",
        "timezone",
        "security_level",
        "personnel",
        "moss_compliance",
        "evacuation_drill",
        "security_adviser",
        "updated_at",
        "trend",
        "open_alerts",
    ] {
        assert!(s.get(k).is_some(), "station lacks {k}: {s}");
    }
    let regions: std::collections::BTreeSet<&str> = stations
        .iter()
        .map(|s| s["region"].as_str().unwrap())
        .collect();
    assert_eq!(
        regions.into_iter().collect::<Vec<_>>(),
        [
            "africa",
            "americas",
            "asia-pacific",
            "europe",
            "middle-east"
        ]
    );
    let alerts = v["alerts"].as_array().unwrap();
    assert!(alerts.len() > 20, "alerts as of now");
    for a in alerts {
        for k in [
            "id",
            "severity",
            "category",
            "title",
            "detail",
            "reported_at",
            "updated_at",
            "source",
            "link",
            "lat",
            "lon",
            "stations",
            "source_state",
            "state",
            "escalation_level",
            "acknowledged_by",
            "acknowledged_at",
            "snoozed_until",
        ] {
            assert!(a.get(k).is_some(), "alert lacks {k}: {a}");
        }
        assert!(
            ["critical", "high", "medium", "low", "info"]
                .contains(&a["severity"].as_str().unwrap())
        );
        assert_eq!(a["state"], "new");
        assert!(!a["stations"].as_array().unwrap().is_empty());
    }
    // Hazards are geo-matched: their stations carry distances.
    let hazard = alerts
        .iter()
        .find(|a| a["source"] == "hazards")
        .expect("a demo hazard near a station");
    assert!(hazard["stations"][0]["distance_km"].is_number());
    let incident = alerts.iter().find(|a| a["source"] == "incidents").unwrap();
    assert!(
        incident["stations"][0]["distance_km"].is_null(),
        "named by the source"
    );
    let roster = v["roster"].as_array().unwrap();
    assert!(roster.len() >= 40);
    assert!(roster[0].get("tasked_to").is_some() && roster[0].get("callsign").is_some());
}

#[test]
fn ack_from_a_script_is_journaled_under_the_login_name_and_first_wins() {
    let home = Home::new();
    let v = snapshot(&home);
    let id = v["alerts"][0]["id"].as_str().unwrap().to_string();
    let out = home
        .cmd()
        .args(["ack", &id, "--note", "FSO on the phone"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("acknowledged {id}")));

    let again = home.cmd().args(["ack", &id]).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains(&format!("already acknowledged by {}", login_name())),
        "{err}"
    );

    let export = home.cmd().args(["journal", "export"]).output().unwrap();
    assert_eq!(export.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8_lossy(&export.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ack = lines
        .iter()
        .find(|e| e["kind"] == "acknowledged")
        .expect("the ack is exported");
    assert_eq!(ack["alert"], id.as_str());
    assert_eq!(ack["officer"], login_name().as_str());
    assert_eq!(ack["note"], "FSO on the phone");
    assert!(ack["at"].as_str().unwrap().ends_with('Z'));

    // And the snapshot shows who acknowledged.
    let v = snapshot(&home);
    let a = v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap();
    assert_eq!(a["state"], "acknowledged");
    assert_eq!(a["acknowledged_by"], login_name().as_str());
}

#[test]
fn escalate_and_resolve_from_a_script() {
    let home = Home::new();
    let v = snapshot(&home);
    let crit = v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["severity"] == "critical")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Escalating needs the severity the journal holds (a console raised it).
    let out = home.cmd().args(["escalate", &crit]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no severity for it"));
    raise::raise(&home.journal(), &crit, Severity::Critical);
    let out = home
        .cmd()
        .args(["escalate", &crit, "--note", "no answer"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("step 1 (desk-officer)"));
    let out = home.cmd().args(["resolve", &crit]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = snapshot(&home);
    let a = v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == crit.as_str())
        .unwrap();
    assert_eq!(a["state"], "resolved");
    assert_eq!(a["escalation_level"], 1);
}

#[test]
fn actions_on_unknown_alerts_say_what_is_wrong() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["ack", "incidents:NO-SUCH"])
        .output()
        .unwrap();
    // No feed is polled for an action: recorded as given, with a warning.
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("incidents:NO-SUCH has no journal record yet"));
    let out = home.cmd().args(["ack", "nonsense"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an alert id"));
    let out = home.cmd().args(["ack", "nofeed:X-1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no feed \"nofeed\""));
}

/// A config error exits 2 naming file, line and key, and writes nothing to
/// stdout (the terminal is never touched).
fn assert_config_error(home: &Home, text: &str, expect: &[&str]) {
    let path = home.write("broken.toml", text);
    for args in [vec![], vec!["snapshot", "--json"]] {
        let out = home
            .cmd()
            .arg("--config")
            .arg(&path)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(
            out.stdout.is_empty(),
            "stdout must stay untouched: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&path.display().to_string()), "{err}");
        for e in expect {
            assert!(err.contains(e), "expected {e:?} in {err}");
        }
    }
}

#[test]
fn broken_configs_exit_2_with_file_line_and_key() {
    let home = Home::new();
    assert_config_error(
        &home,
        "[console]\ntheme = \"watch-dark\"\nnotifications = \n",
        &[":3"],
    );
    assert_config_error(&home, "[console]\nthem = \"watch-dark\"\n", &[":2", "them"]);
    assert_config_error(
        &home,
        "[[feeds]]\nid = \"incidents\"\nkind = \"incidents\"\nformat = \"watchkeeper-json\"\nurl = \"demo:incidents\"\ninterval = \"30x\"\n",
        &[":6", "feeds[0].interval", "30x"],
    );
    assert_config_error(
        &home,
        "[console]\ntheme = \"dusk\"\n",
        &[":2", "console.theme", "dusk"],
    );
}

#[test]
fn a_missing_config_or_bad_flag_is_a_usage_error() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["--config", "/nonexistent/w.toml", "snapshot"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/w.toml"));
    let out = home
        .cmd()
        .args(["--theme", "nope", "snapshot"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = home.cmd().args(["--colors", "lots"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = home.cmd().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_file_that_is_not_a_journal_is_a_clear_error_not_a_panic() {
    let home = Home::new();
    std::fs::write(home.journal(), b"this is not sqlite at all, just text").unwrap();
    for args in [
        vec![],
        vec!["ack", "incidents:X"],
        vec!["journal", "export"],
    ] {
        let out = home.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&home.journal().display().to_string()), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_locked_journal_is_a_clear_error() {
    let home = Home::new();
    let v = snapshot(&home);
    let id = v["alerts"][0]["id"].as_str().unwrap().to_string();
    home.cmd().args(["ack", &id]).assert().success();
    let conn = rusqlite::Connection::open(home.journal()).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    // `--wait` bounds how long another writer is waited for.
    let out = home
        .cmd()
        .args(["resolve", &id, "--wait", "1s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("locked"), "{err}");
    conn.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn snapshot_exits_3_naming_the_failing_feed_and_still_prints_the_rest() {
    let home = Home::new();
    let cfg = home.write(
        "partial.toml",
        &format!(
            "[[feeds]]\nid = \"stations\"\nkind = \"stations\"\nformat = \"watchkeeper-json\"\nurl = \"demo:stations\"\n\n\
             [[feeds]]\nid = \"queue\"\nkind = \"incidents\"\nformat = \"watchkeeper-json\"\nurl = \"file://{}/missing.json\"\n",
            home.path().display()
        ),
    );
    let out = home
        .cmd()
        .arg("--config")
        .arg(&cfg)
        .args(["snapshot", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("queue"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["stations"].as_array().unwrap().len() > 100);
    let queue = v["feeds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "queue")
        .unwrap();
    assert_eq!(queue["ok"], false);
    assert!(queue["error"].as_str().unwrap().contains("missing.json"));
}

#[test]
fn journal_export_since_filters_by_time() {
    let home = Home::new();
    let v = snapshot(&home);
    let id = v["alerts"][0]["id"].as_str().unwrap().to_string();
    home.cmd().args(["ack", &id]).assert().success();
    let out = home
        .cmd()
        .args(["journal", "export", "--since", "2999-01-01T00:00:00Z"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let out = home
        .cmd()
        .args(["journal", "export", "--since", "1h"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("acknowledged"));
    let out = home
        .cmd()
        .args(["journal", "export", "--since", "yesterday-ish"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_broken_user_theme_or_duplicate_binding_is_refused_by_every_command() {
    let home = Home::new();
    let themes = home.path().join("config/watchkeeper/themes");
    std::fs::create_dir_all(&themes).unwrap();
    std::fs::write(
        themes.join("dusk.toml"),
        "name = \"dusk\"\n[severity]\ncritical = \"#12345\"\n",
    )
    .unwrap();
    let out = home
        .cmd()
        .args(["--theme", "dusk", "snapshot"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("dusk.toml:3") && err.contains("severity.critical"),
        "{err}"
    );
    let dup = home.write(
        "dup.toml",
        "[keys]\nacknowledge = [\"a\"]\nsnooze = [\"a\"]\n",
    );
    let out = home.cmd().arg("--config").arg(&dup).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "the terminal is not touched");
    assert!(String::from_utf8_lossy(&out.stderr).contains("bound to both acknowledge"));
}
