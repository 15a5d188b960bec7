//! `watchkeeper check` on the built binary: one line per feed, exit 0 when
//! all are ok, 3 when one failed, 2 on a config error.

#[path = "common/bin.rs"]
mod bin;

fn check(config_text: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let stations = dir.path().join("stations.json");
    let fixture = include_str!("fixtures/native/stations.json");
    // One station without an id: rejected, the rest load.
    let with_bad = fixture.replacen("[\n", "[\n{\"name\":\"No id\"},\n", 1);
    std::fs::write(&stations, with_bad).expect("write");
    let text = config_text.replace("STATIONS", &stations.display().to_string());
    let config = dir.path().join("watchkeeper.toml");
    std::fs::write(&config, text).expect("write");
    let out = bin::binary(dir.path(), &dir.path().join("journal.db"))
        .arg("--config")
        .arg(&config)
        .arg("check")
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

const GOOD: &str = "[[feeds]]\nid = \"stations\"\nkind = \"stations\"\nformat = \"watchkeeper-json\"\nurl = \"file://STATIONS\"\n";

#[test]
fn every_feed_ok_exits_0_with_items_and_the_first_rejection() {
    let (code, out, err) = check(GOOD);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("config "), "{out}");
    assert!(out.contains("theme watch-dark: ok"), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("stations"))
        .expect("line");
    assert!(line.contains("  ok  "), "{line}");
    assert!(
        line.contains(" ms  items 12  rejected 1 (1 item rejected: "),
        "{line}"
    );
}

#[test]
fn a_failing_feed_exits_3_and_says_why() {
    let text = format!(
        "{GOOD}\n[[feeds]]\nid = \"incidents\"\nkind = \"incidents\"\nformat = \"watchkeeper-json\"\nurl = \"http://127.0.0.1:1/incidents.json\"\ntimeout = \"2s\"\n"
    );
    let (code, out, err) = check(&text);
    assert_eq!(code, 3, "{out}{err}");
    let line = out
        .lines()
        .find(|l| l.starts_with("incidents"))
        .expect("line");
    assert!(line.contains("FAILED"), "{line}");
    assert!(
        line.contains("error: cannot connect to 127.0.0.1:1: "),
        "{line}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("stations") && l.contains(" ok "))
    );
    assert!(err.contains("1 of 2 feeds failed: incidents"), "{err}");
}

#[test]
fn a_config_error_exits_2_before_polling() {
    let (code, out, err) = check(
        "[[feeds]]\nid = \"x\"\nkind = \"nope\"\nformat = \"watchkeeper-json\"\nurl = \"demo:stations\"\n",
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("unknown kind \"nope\""), "{err}");
    assert!(out.is_empty(), "{out}");
}

#[test]
fn a_desk_no_station_has_fails_naming_file_line_and_key() {
    let config = format!("[console]\ndesk = \"afrika\"\n\n{GOOD}");
    let (code, out, err) = check(&config);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("watchkeeper.toml:2: console.desk:"), "{err}");
    assert!(
        err.contains("unknown region \"afrika\" (known: africa, americas"),
        "{err}"
    );
    let (code, out, err) = check(&format!("[console]\ndesk = \"africa\"\n\n{GOOD}"));
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn no_feeds_is_a_warning() {
    let (code, out, err) = check("[console]\ntheme = \"watch-dark\"\n");
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("warning:"), "{out}");
    assert!(out.contains("no feeds configured"), "{out}");
}

#[test]
fn config_dev_null_is_an_empty_config_not_an_error() {
    // As `ssh -F /dev/null`: no feeds, which `check` warns about.
    let dir = tempfile::tempdir().expect("tempdir");
    let out = bin::binary(dir.path(), &dir.path().join("journal.db"))
        .args(["--config", "/dev/null", "check"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("config /dev/null: ok, 0 feeds"), "{stdout}");
    assert!(
        format!("{stdout}{stderr}").contains("no feeds configured"),
        "{stdout}{stderr}"
    );
}

#[test]
fn snapshot_names_the_host_and_port_it_cannot_connect_to() {
    // A port nothing listens on: bound, then let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("watchkeeper.toml");
    let text = format!(
        "[[feeds]]\nid = \"incidents\"\nkind = \"incidents\"\nformat = \"watchkeeper-json\"\nurl = \"http://127.0.0.1:{port}/incidents.json\"\ntimeout = \"2s\"\n"
    );
    std::fs::write(&config, text).expect("write");
    let out = bin::binary(dir.path(), &dir.path().join("journal.db"))
        .arg("--config")
        .arg(&config)
        .arg("snapshot")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("1 feed failed"), "{stderr}");
    assert!(
        stderr.contains(&format!("incidents: cannot connect to 127.0.0.1:{port}: ")),
        "{stderr}"
    );
}

#[test]
fn check_says_which_acknowledgements_expire() {
    let (code, out, err) = check(GOOD);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(
            "escalation: critical 3 steps (ack_timeout 2h00m), \
             high 1 step (acknowledgements do not expire)"
        ),
        "the shipped defaults: {out}"
    );
    assert!(
        out.contains("related alerts: one row for one event, within 30m and 100 km"),
        "{out}"
    );
    let text = format!("escalation = []\n{GOOD}",);
    let (_, out, _) = check(&text);
    assert!(
        out.contains("escalation: none (no alert climbs by itself)"),
        "{out}"
    );
    let text = format!("{GOOD}\n[related]\nenabled = false\n");
    let (_, out, _) = check(&text);
    assert!(out.contains("related alerts: each its own row"), "{out}");
}

#[test]
fn a_gdacs_api_event_list_is_read_and_counted() {
    let list = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/gdacs/gdacs-api-eventlist-EQ-2026-07-28.geojson"
    );
    let text = format!(
        "{GOOD}\n[[feeds]]\nid = \"gdacs-api\"\nkind = \"hazards\"\nformat = \"gdacs-geojson\"\nurl = \"file://{list}\"\n"
    );
    let (code, out, err) = check(&text);
    assert_eq!(code, 0, "{out}{err}");
    let line = out
        .lines()
        .find(|l| l.starts_with("gdacs-api"))
        .expect("line");
    assert!(
        line.contains("  ok  ") && line.contains("items 100  rejected 0"),
        "{line}"
    );
}
