//! Scripts never wait on a feed: `ack` beside a hanging feed answers at
//! once; `snapshot` and `check` end by `[console] poll_deadline` naming the
//! feeds they could not finish; a cap-atom index with hundreds of hanging
//! links is bounded by `max_entries` (newest first) and the feed's timeout.
//! Real servers on 127.0.0.1 and the real binary.

mod fault_server;

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use fault_server::{Reply, Server};

#[path = "common/home.rs"]
mod home;

use home::{Home, text};

/// Runs the command (its output read as it comes), killing it and
/// failing past `limit`.
async fn run_within(mut c: Command, limit: Duration) -> (Output, Duration) {
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let child = c
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let pid = child.id() as i32;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait_with_output());
        });
        match rx.recv_timeout(limit) {
            Ok(out) => (out.expect("output"), started.elapsed()),
            Err(_) => {
                // SAFETY: signalling our own child.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                let out = rx.recv().expect("output").expect("output");
                let mut said = text(&out.stderr);
                said.truncate(2000);
                panic!("still running after {limit:?}; stderr: {said}");
            }
        }
    })
    .await
    .expect("join")
}

/// A stations feed from the demo and an incidents feed that never answers
/// (its own timeout long).
fn hanging_config(server: &Server, console: &str) -> String {
    format!(
        "{console}\n[[feeds]]\nid = \"stations\"\nkind = \"stations\"\nformat = \"watchkeeper-json\"\nurl = \"demo:stations\"\n\n\
         [[feeds]]\nid = \"incidents\"\nkind = \"incidents\"\nformat = \"watchkeeper-json\"\nurl = \"{}\"\ntimeout = \"45s\"\n",
        server.url("/incidents.json")
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_action_beside_a_hanging_feed_does_not_wait_for_it() {
    let server = Server::start(|_| Reply::Silent(Duration::from_secs(120))).await;
    let home = Home::new();
    let config = hanging_config(&server, "");
    let mut c = home.with_config(&config);
    c.args(["ack", "incidents:INC-2026-0412", "--note", "on the phone"]);
    let (out, took) = run_within(c, Duration::from_secs(20)).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        took < Duration::from_secs(5),
        "ack took {took:?} beside a hanging feed"
    );
    assert!(text(&out.stdout).contains("acknowledged incidents:INC-2026-0412"));
    assert!(
        server.requests().is_empty(),
        "an action polls no feed: {:?}",
        server.requests()
    );
    let mut c = home.with_config(&config);
    c.args(["ack", "incidents:INC-2026-0412"]);
    let (again, _) = run_within(c, Duration::from_secs(20)).await;
    assert_eq!(again.status.code(), Some(1), "first ack wins");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_and_check_end_by_the_poll_deadline_naming_the_unfinished_feed() {
    let server = Server::start(|_| Reply::Silent(Duration::from_secs(120))).await;
    let home = Home::new();
    let config = hanging_config(&server, "[console]\npoll_deadline = \"2s\"\n");

    let mut c = home.with_config(&config);
    c.args(["snapshot", "--json"]);
    let (out, took) = run_within(c, Duration::from_secs(20)).await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(took < Duration::from_secs(10), "snapshot took {took:?}");
    assert!(
        err.contains("incidents") && err.contains("poll deadline (2s"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let feeds = v["feeds"].as_array().expect("feeds");
    assert_eq!(feeds[0]["ok"], true, "the stations feed still loads");
    assert_eq!(feeds[1]["ok"], false);
    assert!(v["stations"].as_array().is_some_and(|s| !s.is_empty()));

    let mut c = home.with_config(&config);
    c.arg("check");
    let (out, took) = run_within(c, Duration::from_secs(20)).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(took < Duration::from_secs(10), "check took {took:?}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("incidents"))
        .expect("a line for the hanging feed");
    assert!(
        line.contains("FAILED") && line.contains("poll deadline"),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_cap_atom_index_is_bounded_by_max_entries_newest_first() {
    const ENTRIES: usize = 300;
    let mut index = String::from("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>slow</title>");
    for n in 0..ENTRIES {
        index.push_str(&format!(
            "<entry><id>urn:slow:{n}</id><updated>2026-11-22T{:02}:{:02}:00Z</updated>\
             <link type=\"application/cap+xml\" href=\"/doc/{n}.xml\"/></entry>",
            n / 60,
            n % 60
        ));
    }
    index.push_str("</feed>");
    let server = Server::start(move |r| {
        if r.path == "/index.atom" {
            Reply::ok(index.clone())
        } else {
            Reply::Silent(Duration::from_secs(120))
        }
    })
    .await;
    let home = Home::new();
    let config = format!(
        "[[feeds]]\nid = \"warnings\"\nkind = \"hazards\"\nformat = \"cap-atom\"\nurl = \"{}\"\ntimeout = \"2s\"\nmax_entries = 5\n",
        server.url("/index.atom")
    );
    let mut c = home.with_config(&config);
    c.arg("check");
    let (out, took) = run_within(c, Duration::from_secs(30)).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}{}", text(&out.stderr));
    assert!(took < Duration::from_secs(10), "check took {took:?}");
    let docs: Vec<usize> = server
        .requests()
        .iter()
        .filter_map(|r| {
            r.path
                .strip_prefix("/doc/")?
                .strip_suffix(".xml")?
                .parse()
                .ok()
        })
        .collect();
    assert!(
        !docs.is_empty() && docs.len() <= 5,
        "at most max_entries documents fetched: {docs:?}"
    );
    assert!(
        docs.iter().all(|&n| n >= ENTRIES - 5),
        "the newest entries are fetched: {docs:?}"
    );
}
