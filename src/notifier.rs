//! Carries out `Effect::Notify`: coalesced to one per window, then sent to
//! the officer's desktop, their own terminal (bell, OSC 777, OSC 9 — through
//! SSH and tmux), or, for the daemon, its log.

use std::io::Write;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::UnboundedSender;

use crate::app::Msg;
use crate::notify::{self, Channel, Coalescer, Notice};

pub struct Notifier {
    channel: Channel,
    coalescer: Coalescer,
    /// The daemon writes notifications to its log instead.
    log_only: bool,
    tx: UnboundedSender<Msg>,
}

impl Notifier {
    pub fn new(
        setting: crate::config::Notifications,
        log_only: bool,
        tx: UnboundedSender<Msg>,
    ) -> Notifier {
        Notifier {
            channel: notify::choose_from_env(setting),
            coalescer: Coalescer::new(notify::WINDOW),
            log_only,
            tx,
        }
    }

    pub fn push(&mut self, now: DateTime<Utc>, n: Notice) {
        if matches!(self.channel, Channel::Off) && !self.log_only {
            return;
        }
        if let Some(out) = self.coalescer.push(now, n) {
            self.send(out);
        }
    }

    /// Sends a held summary whose window has ended.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        if let Some(out) = self.coalescer.due(now) {
            self.send(out);
        }
    }

    /// The desktop had no notification server: use the terminal from now on.
    pub fn desktop_failed(&mut self, title: &str, body: &str) {
        self.channel = Channel::Terminal;
        terminal(title, body);
    }

    fn send(&mut self, (title, body): (String, String)) {
        if self.log_only {
            eprintln!(
                "{} notify: {title}: {body}",
                Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
            );
            return;
        }
        match self.channel {
            Channel::Off => {}
            Channel::Terminal => terminal(&title, &body),
            Channel::Desktop => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    if notify::desktop(&title, &body).is_err() {
                        let _ = tx.send(Msg::DesktopFailed(title, body));
                    }
                });
            }
        }
    }
}

fn terminal(title: &str, body: &str) {
    let mut out = std::io::stdout();
    let _ = out.write_all(&notify::terminal_bytes(title, body));
    let _ = out.flush();
}
