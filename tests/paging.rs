//! Paging with real parts: delivery workers on a real SQLite journal file,
//! a real HTTP receiver (hyper) that accepts, refuses, hangs and comes
//! back, PagerDuty's Events API shape on 127.0.0.1, a real SMTP exchange,
//! and two workers racing for the same deliveries.

#[path = "paging/receiver.rs"]
mod receiver;

use std::path::Path;
use std::sync::{Arc, Barrier};

use chrono::{DateTime, Duration, TimeZone, Utc};
use receiver::{ACCEPT, HANG, Http, REFUSE, Smtp};
use watchkeeper::config::{self, Config, ConfigSource};
use watchkeeper::domain::Severity;
use watchkeeper::domain::paging::Outcome;
use watchkeeper::journal::{Actor, Event, EventKind, Journal, SqliteJournal};
use watchkeeper::paging::{AlertInfo, Worker};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap()
}

fn at(secs: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(secs)
}

/// A config with these contacts and no escalation policies of its own
/// (the tests journal the escalations themselves).
fn config(text: &str) -> Config {
    let text = format!("escalation = []\n{text}");
    config::parse(&text, ConfigSource::Builtin).expect("test config parses")
}

fn actor(name: &str) -> Actor {
    Actor {
        officer: name.into(),
        host: "test".into(),
    }
}

fn escalate(path: &Path, alert: &str, step: u32, target: &str, when: DateTime<Utc>) {
    let mut j = SqliteJournal::open(path, None).unwrap();
    let kind = EventKind::Escalated {
        alert: alert.into(),
        step,
        target: target.into(),
        manual: false,
    };
    j.append(&actor("clock"), when, kind, None).unwrap();
}

fn record(path: &Path, kind: EventKind, when: DateTime<Utc>) {
    let mut j = SqliteJournal::open(path, None).unwrap();
    j.append(&actor("officer"), when, kind, None).unwrap();
}

fn worker(path: &Path, cfg: &Config, name: &str) -> Worker {
    let j = SqliteJournal::open(path, None).unwrap();
    let w = Worker::new(Box::new(j), actor(name), cfg);
    w.alerts.lock().unwrap().insert(
        "usgs:us7000abc".into(),
        AlertInfo {
            severity: Severity::Critical,
            title: "M6.8 earthquake near Herat".into(),
            stations: vec!["kabul".into(), "herat".into()],
            raised: t0() - Duration::minutes(5),
        },
    );
    w
}

fn events(path: &Path) -> Vec<Event> {
    SqliteJournal::open(path, None)
        .unwrap()
        .read_since(0, 100_000)
        .unwrap()
}

fn outcomes(path: &Path) -> Vec<(String, u32, Outcome)> {
    events(path)
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Notified {
                person,
                attempt,
                outcome,
                ..
            } => Some((person, attempt, outcome)),
            _ => None,
        })
        .collect()
}

const ALERT: &str = "usgs:us7000abc";

#[tokio::test]
async fn each_person_gets_the_step_once_with_title_stations_and_id() {
    let hook = Http::start(ACCEPT);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let cfg = config(&format!(
        "[[contacts]]\nid = \"desk-officer\"\npeople = [ {{ name = \"Ana\", webhook = \"{u}\" }}, {{ name = \"Ben\", webhook = \"{u}\" }} ]\n",
        u = hook.url()
    ));
    escalate(&path, ALERT, 1, "desk-officer", at(0));
    let mut w = worker(&path, &cfg, "daemon");
    let sent = w.step(at(1)).await.unwrap();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent.iter().all(|s| s.outcome == Outcome::Ok), "{sent:?}");
    assert!(w.step(at(2)).await.unwrap().is_empty(), "delivered once");

    let got = hook.accepted();
    assert_eq!(got.len(), 2);
    for body in &got {
        let text = body["text"].as_str().unwrap();
        assert!(
            text.contains("[CRITICAL] M6.8 earthquake near Herat"),
            "{text}"
        );
        assert!(text.contains("kabul, herat"), "{text}");
        assert!(text.contains("watchkeeper ack usgs:us7000abc"), "{text}");
        assert!(text.contains("Age: 5m"), "{text}");
        assert_eq!(body["alert"]["id"], ALERT);
        assert_eq!(body["alert"]["step"], 1);
    }
    let mut people: Vec<_> = got.iter().map(|b| b["alert"]["person"].clone()).collect();
    people.sort_by_key(|p| p.to_string());
    assert_eq!(people, ["Ana", "Ben"]);
    let mut journaled = outcomes(&path);
    journaled.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        journaled,
        [
            ("Ana".into(), 1, Outcome::Ok),
            ("Ben".into(), 1, Outcome::Ok)
        ]
    );
}

#[tokio::test]
async fn a_receiver_that_refuses_at_first_gets_the_page_when_it_comes_back() {
    let hook = Http::start(REFUSE);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let cfg = config(&format!(
        "[[contacts]]\nid = \"desk-officer\"\npeople = [ {{ name = \"Ana\", webhook = \"{}\" }} ]\n",
        hook.url()
    ));
    escalate(&path, ALERT, 1, "desk-officer", at(0));
    let mut w = worker(&path, &cfg, "daemon");
    let first = w.step(at(1)).await.unwrap();
    assert!(
        matches!(&first[0].outcome, Outcome::Error(e) if e.contains("HTTP 500")),
        "{first:?}"
    );
    hook.set(ACCEPT);
    assert!(w.step(at(5)).await.unwrap().is_empty(), "backing off");
    let second = w.step(at(12)).await.unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!((second[0].attempt, &second[0].outcome), (2, &Outcome::Ok));
    assert!(w.step(at(600)).await.unwrap().is_empty());
    assert_eq!(hook.accepted().len(), 1);
    assert_eq!(*hook.hits.lock().unwrap(), 2);
    let journaled = outcomes(&path);
    assert_eq!(journaled.len(), 2, "every attempt is in the journal");
    assert!(matches!(&journaled[0], (_, 1, Outcome::Error(e)) if e.contains("answered HTTP 500")));
    assert_eq!(journaled[1], ("Ana".into(), 2, Outcome::Ok));
}

#[tokio::test]
async fn a_receiver_that_hangs_times_out_and_is_tried_again() {
    let hook = Http::start(HANG);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let cfg = config(&format!(
        "[notify.webhook]\ntimeout = \"1s\"\n[[contacts]]\nid = \"desk-officer\"\npeople = [ {{ name = \"Ana\", webhook = \"{}\" }} ]\n",
        hook.url()
    ));
    escalate(&path, ALERT, 1, "desk-officer", at(0));
    let mut w = worker(&path, &cfg, "daemon");
    let started = std::time::Instant::now();
    let first = w.step(at(1)).await.unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(
        matches!(&first[0].outcome, Outcome::Error(e) if e.contains("did not answer")),
        "{first:?}"
    );
    hook.set(ACCEPT);
    let second = w.step(at(12)).await.unwrap();
    assert_eq!(second[0].outcome, Outcome::Ok);
    assert_eq!(hook.accepted().len(), 1);
}

#[test]
fn two_daemons_racing_on_one_journal_deliver_each_page_once() {
    let hook = Http::start(ACCEPT);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let cfg = config(&format!(
        "[[contacts]]\nid = \"desk-officer\"\npeople = [ {{ name = \"Ana\", webhook = \"{u}\" }}, {{ name = \"Ben\", webhook = \"{u}\" }}, {{ name = \"Cy\", webhook = \"{u}\" }} ]\n",
        u = hook.url()
    ));
    for i in 0..5 {
        escalate(&path, &format!("feed:{i}"), 1, "desk-officer", at(0));
    }
    let barrier = Arc::new(Barrier::new(2));
    let racers: Vec<_> = ["daemon-a", "daemon-b"]
        .into_iter()
        .map(|name| {
            let (path, cfg, barrier) = (path.clone(), cfg.clone(), barrier.clone());
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                let mut w = worker(&path, &cfg, name);
                barrier.wait();
                rt.block_on(async {
                    let mut mine = 0;
                    for s in 1..=5 {
                        mine += w.step(at(s)).await.unwrap().len();
                    }
                    mine
                })
            })
        })
        .collect();
    let counts: Vec<usize> = racers.into_iter().map(|r| r.join().unwrap()).collect();
    assert_eq!(counts.iter().sum::<usize>(), 15, "{counts:?}");
    let got = hook.accepted();
    assert_eq!(got.len(), 15, "5 alerts x 3 people, each once");
    let mut keys: Vec<String> = got
        .iter()
        .map(|b| format!("{}/{}", b["alert"]["id"], b["alert"]["person"]))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 15, "no page twice");
    let claims = events(&path)
        .iter()
        .filter(|e| matches!(e.kind, EventKind::DeliveryClaimed { .. }))
        .count();
    assert_eq!(claims, 15);
    assert_eq!(outcomes(&path).len(), 15);
}

#[tokio::test]
async fn pagerduty_is_triggered_by_alert_id_then_told_of_the_acknowledgement() {
    let pd = Http::start(ACCEPT);
    let hook = Http::start(REFUSE);
    // SAFETY: no other test in this binary reads or writes this variable.
    unsafe { std::env::set_var("WK_TEST_PD_ROUTING_KEY", "R0UT1NG") };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let cfg = config(&format!(
        "[notify.pagerduty]\nurl = \"{}\"\n[[contacts]]\nid = \"duty-director\"\npeople = [ {{ name = \"Dee\", pagerduty = \"env:WK_TEST_PD_ROUTING_KEY\", webhook = \"{}\" }} ]\n",
        pd.url(),
        hook.url()
    ));
    escalate(&path, ALERT, 1, "duty-director", at(0));
    let mut w = worker(&path, &cfg, "daemon");
    w.step(at(1)).await.unwrap();
    let trigger = pd.accepted().pop().expect("a trigger");
    assert_eq!(trigger["event_action"], "trigger");
    assert_eq!(trigger["routing_key"], "R0UT1NG");
    assert_eq!(trigger["dedup_key"], ALERT);
    assert_eq!(trigger["payload"]["severity"], "critical");
    let summary = trigger["payload"]["summary"].as_str().unwrap();
    assert!(summary.contains("M6.8 earthquake near Herat"), "{summary}");

    record(
        &path,
        EventKind::Acknowledged {
            alert: ALERT.into(),
        },
        at(3),
    );
    hook.set(ACCEPT);
    let after = w.step(at(60)).await.unwrap();
    assert_eq!(
        after.len(),
        1,
        "the refused webhook is not retried: {after:?}"
    );
    let ack = pd.accepted().pop().unwrap();
    assert_eq!(ack["event_action"], "acknowledge");
    assert_eq!(ack["dedup_key"], ALERT);
    assert!(hook.accepted().is_empty());

    record(
        &path,
        EventKind::Resolved {
            alert: ALERT.into(),
        },
        at(70),
    );
    w.step(at(71)).await.unwrap();
    let resolve = pd.accepted().pop().unwrap();
    assert_eq!(resolve["event_action"], "resolve");
    assert_eq!(pd.accepted().len(), 3);
    assert!(w.step(at(200)).await.unwrap().is_empty());
}

#[tokio::test]
async fn email_goes_by_smtp_and_feed_text_cannot_add_a_header() {
    let smtp = Smtp::start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let cfg = config(&format!(
        "[notify.email]\nserver = \"{}\"\ntls = \"none\"\nfrom = \"watchkeeper@example.org\"\n[[contacts]]\nid = \"desk-officer\"\npeople = [ {{ name = \"Ana\", email = \"desk@example.org\" }} ]\n",
        smtp.addr
    ));
    escalate(&path, ALERT, 1, "desk-officer", at(0));
    let mut w = worker(&path, &cfg, "daemon");
    w.alerts.lock().unwrap().get_mut(ALERT).unwrap().title =
        "Flood\r\nBcc: evil@example.org\u{1b}[2J".into();
    let sent = w.step(at(1)).await.unwrap();
    assert_eq!(sent[0].outcome, Outcome::Ok, "{sent:?}");
    let messages = smtp.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1);
    let (rcpt, data) = &messages[0];
    assert_eq!(rcpt, &["<desk@example.org>"]);
    assert!(
        data.lines()
            .any(|l| l.starts_with("Subject:") && l.contains("Flood")),
        "{data}"
    );
    assert!(
        !data
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("bcc:")),
        "{data}"
    );
    assert!(!data.contains('\u{1b}'), "{data}");
    assert!(data.contains("watchkeeper ack usgs:us7000abc"), "{data}");
}

#[tokio::test]
async fn an_smtp_server_that_is_down_is_an_error_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cfg = config(&format!(
        "[notify.email]\nserver = \"127.0.0.1:{port}\"\ntls = \"none\"\nfrom = \"watchkeeper@example.org\"\n[[contacts]]\nid = \"desk-officer\"\npeople = [ {{ name = \"Ana\", email = \"desk@example.org\" }} ]\n"
    ));
    escalate(&path, ALERT, 1, "desk-officer", at(0));
    let mut w = worker(&path, &cfg, "daemon");
    w.step(at(1)).await.unwrap();
    let journaled = outcomes(&path);
    assert!(
        matches!(&journaled[0], (_, 1, Outcome::Error(e)) if e.contains(&format!("127.0.0.1:{port}"))),
        "{journaled:?}"
    );
}

/// A TLS acceptor whose certificate for 127.0.0.1 is signed by a fresh CA;
/// and that CA's PEM.
fn tls_acceptor() -> (tokio_rustls::TlsAcceptor, String) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
    use tokio_rustls::rustls::{self, pki_types};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let der = pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], der)
        .unwrap();
    (tokio_rustls::TlsAcceptor::from(Arc::new(config)), ca.pem())
}

fn tls_email_config(addr: std::net::SocketAddr, tls: &str, ca: Option<&Path>) -> Config {
    let ca = ca.map_or(String::new(), |p| {
        format!("ca_file = \"{}\"\n", p.display())
    });
    config(&format!(
        "[notify.email]\nserver = \"{addr}\"\ntls = \"{tls}\"\nfrom = \"watchkeeper@example.org\"\n{ca}[[contacts]]\nid = \"desk-officer\"\npeople = [ {{ name = \"Ana\", email = \"desk@example.org\" }} ]\n"
    ))
}

#[tokio::test]
async fn email_by_starttls_and_by_tls_to_a_server_whose_ca_is_trusted() {
    let (acceptor, ca) = tls_acceptor();
    let dir = tempfile::tempdir().unwrap();
    let ca_path = dir.path().join("ca.pem");
    std::fs::write(&ca_path, ca).unwrap();
    for (tls, mode) in [
        ("starttls", receiver::SmtpTls::Starttls(acceptor.clone())),
        ("tls", receiver::SmtpTls::Wrapper(acceptor.clone())),
    ] {
        let smtp = Smtp::start_with(mode);
        let path = dir.path().join(format!("{tls}.db"));
        escalate(&path, ALERT, 1, "desk-officer", at(0));
        let cfg = tls_email_config(smtp.addr, tls, Some(&ca_path));
        let sent = worker(&path, &cfg, "daemon").step(at(1)).await.unwrap();
        assert_eq!(sent[0].outcome, Outcome::Ok, "{tls}: {sent:?}");
        let messages = smtp.messages.lock().unwrap().clone();
        assert_eq!(messages.len(), 1, "{tls}");
        assert!(
            messages[0].1.contains("M6.8 earthquake near Herat"),
            "{tls}"
        );
    }
}

#[tokio::test]
async fn an_smtp_server_with_an_unknown_certificate_is_refused() {
    let (acceptor, _ca) = tls_acceptor();
    let smtp = Smtp::start_with(receiver::SmtpTls::Starttls(acceptor));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    escalate(&path, ALERT, 1, "desk-officer", at(0));
    let cfg = tls_email_config(smtp.addr, "starttls", None);
    let sent = worker(&path, &cfg, "daemon").step(at(1)).await.unwrap();
    assert!(
        matches!(&sent[0].outcome, Outcome::Error(e) if e.contains("smtp 127.0.0.1")),
        "{sent:?}"
    );
    assert!(
        smtp.messages.lock().unwrap().is_empty(),
        "nothing sent in clear"
    );
}

#[test]
fn the_shipped_config_pages_its_demo_groups_to_a_file_in_the_data_dir() {
    let env = config::LookupEnv {
        home: Some("/home/officer".into()),
        xdg_data_home: Some("/srv/data".into()),
        ..config::LookupEnv::default()
    };
    let cfg = config::parse_with(config::BUILTIN, ConfigSource::Builtin, &env).unwrap();
    let sink = std::path::PathBuf::from("/srv/data/watchkeeper/pages.jsonl");
    for policy in &cfg.escalation {
        for step in &policy.steps {
            let group = cfg.contact(&step.to).expect("every step names a group");
            assert!(
                group
                    .people
                    .iter()
                    .all(|p| p.channels.contains(&config::Channel::File(sink.clone()))),
                "{group:?}"
            );
        }
    }
    let no_home = config::LookupEnv::default();
    let cfg = config::parse_with(config::BUILTIN, ConfigSource::Builtin, &no_home).unwrap();
    assert!(
        cfg.contacts[0].people[0]
            .channels
            .contains(&config::Channel::File("watchkeeper/pages.jsonl".into())),
        "no home: next to where the journal goes"
    );
}
