//! Two `watchkeeper daemon` processes on one journal, the demo world's
//! feeds, a policy whose steps come after 1 and 2 seconds and contact
//! groups paging to a JSON-lines file: each person gets each step once; an
//! acknowledgement left past `ack_timeout` expires once and pages again.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn config(dir: &std::path::Path, sink: &std::path::Path) -> std::path::PathBuf {
    config_with(dir, sink, "")
}

/// The shipped config with a fast critical policy (`extra`: more keys of it).
fn config_with(dir: &std::path::Path, sink: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let shipped = include_str!("../config/watchkeeper.toml");
    let start = shipped
        .find("\n[[escalation]]")
        .expect("escalation policies")
        + 1;
    let end = shipped.find("\n[keys]").expect("a [keys] section") + 1;
    let sink = sink.display();
    let paging = format!(
        "[[escalation]]\nseverity = \"critical\"\n\
         steps = [ {{ after = \"1s\", to = \"desk-officer\" }}, {{ after = \"2s\", to = \"duty-director\" }} ]\n{extra}\n\
         [[contacts]]\nid = \"desk-officer\"\n\
         people = [ {{ name = \"Ana\", login = \"ana\", file = \"{sink}\" }}, {{ name = \"Ben\", file = \"{sink}\" }} ]\n\n\
         [[contacts]]\nid = \"duty-director\"\npeople = [ {{ name = \"Dee\", file = \"{sink}\" }} ]\n\n"
    );
    let text = format!("{}{}{}", &shipped[..start], paging, &shipped[end..]);
    let path = dir.join("paging.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn daemon(dir: &std::path::Path, config: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .arg("--config")
        .arg(config)
        .arg("--journal")
        .arg(dir.join("journal.db"))
        .arg("daemon")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn pages(sink: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(sink)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn two_daemons_page_each_person_each_step_once() {
    let dir = tempfile::tempdir().unwrap();
    let sink = dir.path().join("pages.jsonl");
    let config = config(dir.path(), &sink);
    let mut daemons = [daemon(dir.path(), &config), daemon(dir.path(), &config)];
    let start = Instant::now();
    while !pages(&sink).iter().any(|p| p["alert"]["step"] == 2) {
        assert!(
            start.elapsed() < Duration::from_secs(40),
            "no step 2 page in {}",
            sink.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // Let both daemons run on a while: nothing may be paged twice.
    std::thread::sleep(Duration::from_secs(3));
    for d in &mut daemons {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(d.id() as i32, libc::SIGTERM) };
        assert!(d.wait().unwrap().success());
    }
    let mut count: HashMap<String, u32> = HashMap::new();
    for p in pages(&sink) {
        let a = &p["alert"];
        let key = format!("{} step {} {}", a["id"], a["step"], a["person"]);
        let text = p["text"].as_str().unwrap();
        let id = a["id"].as_str().unwrap();
        assert!(text.contains(&format!("watchkeeper ack {id}")), "{p}");
        assert_eq!(a["severity"], "critical", "the daemon knows the alert: {p}");
        assert_ne!(
            a["title"], a["id"],
            "the page carries the alert's title: {p}"
        );
        *count.entry(key).or_default() += 1;
    }
    let twice: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "paged more than once: {twice:?}");
    let steps = |s: u32, who: &str| {
        count
            .keys()
            .filter(|k| k.contains(&format!("step {s} \"{who}\"")))
            .count()
    };
    assert!(
        steps(1, "Ana") >= 1 && steps(1, "Ana") == steps(1, "Ben"),
        "{count:?}"
    );
    assert!(steps(2, "Dee") >= 1, "{count:?}");

    // The journal has a claim and an outcome for every page.
    let out = Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
        .arg("--journal")
        .arg(dir.path().join("journal.db"))
        .args(["journal", "export"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let notified = text
        .lines()
        .filter(|l| l.contains("\"kind\":\"notified\""))
        .count();
    assert_eq!(notified, count.len(), "one ok outcome per page");
}

fn export(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
        .arg("--journal")
        .arg(dir.join("journal.db"))
        .args(["journal", "export"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(40), "never: {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn two_daemons_expire_an_ack_once_and_page_its_first_step_again() {
    let dir = tempfile::tempdir().unwrap();
    let sink = dir.path().join("pages.jsonl");
    let config = config_with(dir.path(), &sink, "ack_timeout = \"3s\"\n");
    let mut daemons = [daemon(dir.path(), &config), daemon(dir.path(), &config)];
    let mut alert = String::new();
    wait_for("a step 1 page", || {
        let first = pages(&sink).into_iter().find(|p| p["alert"]["step"] == 1);
        if let Some(p) = first {
            alert = p["alert"]["id"].as_str().unwrap().to_string();
        }
        !alert.is_empty()
    });
    let ack = Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
        .env("HOME", dir.path())
        .arg("--config")
        .arg(&config)
        .arg("--journal")
        .arg(dir.path().join("journal.db"))
        .args(["ack", &alert])
        .output()
        .unwrap();
    assert!(
        ack.status.success(),
        "{}",
        String::from_utf8_lossy(&ack.stderr)
    );
    let ana_step_1 = || {
        pages(&sink)
            .iter()
            .filter(|p| p["alert"]["id"] == alert.as_str() && p["alert"]["step"] == 1)
            .filter(|p| p["alert"]["person"] == "Ana")
            .count()
    };
    wait_for("Ana paged step 1 again after the expiry", || {
        ana_step_1() >= 2
    });
    for d in &mut daemons {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(d.id() as i32, libc::SIGTERM) };
        assert!(d.wait().unwrap().success());
    }
    let events = export(dir.path());
    let of_alert = |kind: &str| -> Vec<&serde_json::Value> {
        events
            .iter()
            .filter(|e| e["kind"] == kind && e["alert"] == alert.as_str())
            .collect()
    };
    let acks = of_alert("acknowledged");
    let expiries = of_alert("ack_expired");
    assert_eq!(acks.len(), 1, "{acks:?}");
    assert_eq!(
        expiries.len(),
        1,
        "one expiry for two daemons: {expiries:?}"
    );
    assert_eq!(expiries[0]["officer"], "watchkeeper");
    assert_eq!(expiries[0]["acknowledged_at"], acks[0]["at"]);
    // Each climb pages each person once: two climbs, two pages at most.
    assert_eq!(ana_step_1(), 2, "{:?}", pages(&sink));

    // The page of the second climb says why it came again; the first does not.
    let anas: Vec<serde_json::Value> = pages(&sink)
        .into_iter()
        .filter(|p| p["alert"]["id"] == alert.as_str() && p["alert"]["step"] == 1)
        .filter(|p| p["alert"]["person"] == "Ana")
        .collect();
    let (first, again) = (&anas[0], &anas[1]);
    let text = |p: &serde_json::Value| p["text"].as_str().unwrap().to_string();
    assert!(!text(first).contains("acknowledged by"), "{first}");
    assert!(first["alert"].get("reason").is_none(), "{first}");
    let by = acks[0]["officer"].as_str().unwrap();
    let said = format!("acknowledged by {by} ");
    let subject = text(again).lines().next().unwrap().to_string();
    assert!(
        subject.contains(&said) && subject.ends_with("ago, not resolved"),
        "the subject line says it: {subject}"
    );
    assert!(
        text(again).contains(&format!("Paged again: {said}")),
        "{again}"
    );
    assert_eq!(again["alert"]["reason"], "ack_expired", "{again}");
    assert_eq!(again["alert"]["acknowledged_by"], by, "{again}");
    assert_eq!(again["alert"]["acknowledged_at"], acks[0]["at"], "{again}");
}

#[test]
fn check_names_the_groups_and_an_unset_routing_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pd.toml");
    std::fs::write(
        &path,
        "escalation = []\n[[contacts]]\nid = \"duty-director\"\n\
         people = [ { name = \"Dee\", pagerduty = \"env:WK_CHECK_PD_KEY\", log = true } ]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
        .env("HOME", dir.path())
        .env_remove("WK_CHECK_PD_KEY")
        .arg("--config")
        .arg(&path)
        .arg("check")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("paging: 1 contact group, 1 person; channels: log 1, pagerduty 1"),
        "{text}"
    );
    assert!(
        text.contains(
            "paging: warning: environment variable WK_CHECK_PD_KEY is not set (pagerduty of Dee in duty-director)"
        ),
        "{text}"
    );
}
