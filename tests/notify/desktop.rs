//! `notify::desktop` against a real D-Bus: a private `dbus-daemon` and a
//! fake notification server that records what it is sent. Skipped (with a
//! message) where `dbus-daemon` is not installed.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use zbus::zvariant::OwnedValue;

const CHILD: &str = "WATCHKEEPER_DESKTOP_TEST_CHILD";

/// What the fake server received: (app name, summary, body).
type Received = Arc<Mutex<Vec<(String, String, String)>>>;

struct FakeServer {
    received: Received,
    markup: bool,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl FakeServer {
    fn get_capabilities(&self) -> Vec<String> {
        let mut caps = vec!["body".to_string()];
        if self.markup {
            caps.push("body-markup".to_string());
        }
        caps
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        if let Ok(mut r) = self.received.lock() {
            r.push((app_name, summary, body));
        }
        1
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "fake".into(),
            "watchkeeper-tests".into(),
            "1".into(),
            "1.2".into(),
        )
    }
}

/// A private session bus; killed (by its own pid) when dropped.
struct Bus {
    child: Child,
    address: String,
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_bus() -> Option<Bus> {
    let mut child = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut line = String::new();
    let stdout = child.stdout.take()?;
    BufReader::new(stdout).read_line(&mut line).ok()?;
    let address = line.trim().to_string();
    if address.is_empty() {
        let _ = child.kill();
        let _ = child.wait();
        return None;
    }
    Some(Bus { child, address })
}

/// Runs `desktop` in a child process whose session bus is `address`.
fn desktop_in_child(address: &str, title: &str, body: &str) -> Result<(), String> {
    let out = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .args([
            "desktop::child_sends_one_notification",
            "--exact",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .env("WK_TITLE", title)
        .env("WK_BODY", body)
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.success() && stdout.contains("1 passed") {
        Ok(())
    } else {
        Err(format!(
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Only does something as the child of the test below.
#[test]
fn child_sends_one_notification() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let title = std::env::var("WK_TITLE").unwrap_or_default();
    let body = std::env::var("WK_BODY").unwrap_or_default();
    watchkeeper::notify::desktop(&title, &body).unwrap();
}

fn serve(bus: &Bus, markup: bool) -> (zbus::blocking::Connection, Received) {
    let received: Received = Arc::default();
    let server = FakeServer {
        received: received.clone(),
        markup,
    };
    let conn = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .unwrap()
        .name("org.freedesktop.Notifications")
        .unwrap()
        .serve_at("/org/freedesktop/Notifications", server)
        .unwrap()
        .build()
        .unwrap();
    (conn, received)
}

#[test]
fn a_desktop_notification_reaches_the_server_with_markup_made_inert() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let Some(bus) = start_bus() else {
        eprintln!("skipped: no dbus-daemon on this machine");
        return;
    };
    let title = "Critical alert at KBL";
    let hostile = "Fire & <a href='http://evil.example'>rescue</a>\u{1b}]52;c;AAAA\u{7}";
    for markup in [true, false] {
        let (conn, received) = serve(&bus, markup);
        desktop_in_child(&bus.address, title, hostile).unwrap();
        let got = received.lock().unwrap().clone();
        let body = if markup {
            "Fire &amp; &lt;a href='http://evil.example'&gt;rescue&lt;/a&gt;"
        } else {
            "Fire & <a href='http://evil.example'>rescue</a>"
        };
        assert_eq!(
            got,
            [(
                "watchkeeper".to_string(),
                title.to_string(),
                body.to_string()
            )],
            "markup={markup}"
        );
        drop(conn);
    }
}

#[test]
fn a_bus_without_a_notification_server_is_an_error_the_caller_can_fall_back_on() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let Some(bus) = start_bus() else {
        eprintln!("skipped: no dbus-daemon on this machine");
        return;
    };
    let started = std::time::Instant::now();
    let err = desktop_in_child(&bus.address, "Critical alert", "body").unwrap_err();
    assert!(err.contains("desktop notification"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
