//! Sending: bytes for the officer's own terminal, or a desktop notification.
//! Alert titles come from feeds, so every text is cleaned first: a feed
//! cannot inject escape sequences into the terminal or markup into the
//! desktop notification.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crate::feeds::sanitize::inert_line;

/// Notification texts are cut to this many characters.
pub const MAX_CHARS: usize = 200;

/// How long [`desktop`] waits for the notification server.
const DESKTOP_TIMEOUT: Duration = Duration::from_secs(3);

const BEL: u8 = 0x07;
const ST: &[u8] = b"\x1b\\";

/// One line of inert text: escape sequences (with their payloads), ESC, BEL
/// and every other C0/C1 control and DEL removed, whitespace collapsed, cut
/// to [`MAX_CHARS`] characters (ending in `…` when cut).
pub fn clean(text: &str) -> String {
    let line: String = inert_line(text)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if line.chars().count() <= MAX_CHARS {
        return line;
    }
    let mut cut: String = line.chars().take(MAX_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// Bytes for the officer's own terminal: BEL (which tmux and screen pass on
/// as a bell from a background window), then OSC 777
/// (`ESC ] 777 ; notify ; TITLE ; BODY ST`: urxvt, foot, kitty, WezTerm,
/// GNOME's VTE) and OSC 9 (`ESC ] 9 ; watchkeeper: TITLE: BODY ST`: iTerm2,
/// Windows Terminal, ConEmu, WezTerm, kitty). Texts are [`clean`]ed;
/// `;` becomes `,` in OSC 777, where it separates fields. OSC 9's text always
/// starts with `watchkeeper:`, so a title starting with a number can never
/// read as one of ConEmu's `OSC 9 ; N` commands.
pub fn terminal_bytes(title: &str, body: &str) -> Vec<u8> {
    let title = clean(title);
    let body = clean(body);
    let mut out = Vec::with_capacity(title.len() * 2 + body.len() * 2 + 48);
    out.push(BEL);
    out.extend_from_slice(b"\x1b]777;notify;");
    out.extend_from_slice(title.replace(';', ",").as_bytes());
    out.push(b';');
    out.extend_from_slice(body.replace(';', ",").as_bytes());
    out.extend_from_slice(ST);
    let message = match (title.is_empty(), body.is_empty()) {
        (_, true) => title,
        (true, false) => body,
        (false, false) => format!("{title}: {body}"),
    };
    out.extend_from_slice(b"\x1b]9;");
    out.extend_from_slice(clean(&format!("watchkeeper: {message}")).as_bytes());
    out.extend_from_slice(ST);
    out
}

/// A desktop notification through notify-rust (D-Bus session bus). Returns
/// `Err` with a reason when no notification server answers within 3
/// seconds, so the caller can fall back to the terminal. Blocks the calling
/// thread at most that long (call it off the UI thread, e.g. with
/// `tokio::task::spawn_blocking`). While an earlier call is still waiting on
/// an unresponsive server, later calls fail at once rather than pile up.
pub fn desktop(title: &str, body: &str) -> Result<(), String> {
    static IN_FLIGHT: AtomicBool = AtomicBool::new(false);
    if IN_FLIGHT.swap(true, Ordering::AcqRel) {
        return Err("the notification server has not answered the previous notification".into());
    }
    let title = clean(title);
    let body = clean(body);
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("watchkeeper-notify".into())
        .spawn(move || {
            let result = show(&title, &body);
            IN_FLIGHT.store(false, Ordering::Release);
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        IN_FLIGHT.store(false, Ordering::Release);
        return Err(format!("cannot start the notification thread: {e}"));
    }
    match rx.recv_timeout(DESKTOP_TIMEOUT) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "no answer from the notification server within {} s",
            DESKTOP_TIMEOUT.as_secs()
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("the notification thread failed".into()),
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn show(title: &str, body: &str) -> Result<(), String> {
    // Servers with body markup would render a feed's `<a href>` or `<img>`.
    let caps = notify_rust::get_capabilities()
        .map_err(|e| format!("no desktop notification server: {e}"))?;
    let body = if caps.iter().any(|c| c == "body-markup") {
        escape_markup(body)
    } else {
        body.to_string()
    };
    notify_rust::Notification::new()
        .appname("watchkeeper")
        .summary(title)
        .body(&body)
        .show()
        .map(|_| ())
        .map_err(|e| format!("desktop notification failed: {e}"))
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn show(title: &str, body: &str) -> Result<(), String> {
    notify_rust::Notification::new()
        .appname("watchkeeper")
        .summary(title)
        .body(body)
        .show()
        .map(|_| ())
        .map_err(|e| format!("desktop notification failed: {e}"))
}

/// `&`, `<` and `>` as entities, for servers that render body markup.
fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape_markup("<a href='x'>Fire & rescue</a>"),
            "&lt;a href='x'&gt;Fire &amp; rescue&lt;/a&gt;"
        );
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let long = "x".repeat(500);
        let c = clean(&long);
        assert_eq!(c.chars().count(), MAX_CHARS);
        assert!(c.ends_with('…'));
        assert_eq!(clean("short"), "short");
    }
}
