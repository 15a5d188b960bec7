//! Notifications (SPEC §4, issue 4 item 6): on a new critical or high alert
//! and on every escalation, tell the officer — by a desktop notification
//! when a session bus is present and the console is not over SSH, else by
//! the terminal bell plus OSC 777 and OSC 9, which reach the officer's own
//! terminal through SSH. At most one per 10 seconds ([`Coalescer`]).
//!
//! Everything here except [`desktop`] is pure: the channel choice takes the
//! environment's values, the coalescer takes the time, and
//! [`terminal_bytes`] returns bytes for the caller to write.

mod coalesce;
mod send;

use crate::config::Notifications;
use chrono::{DateTime, Utc};

use crate::domain::event::EventKind;
use crate::domain::{Severity, SourceAlert};

pub use coalesce::{Coalescer, WINDOW};
pub use send::{MAX_CHARS, clean, desktop, terminal_bytes};

/// Where notifications go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// notify-rust over the D-Bus session bus (fall back to `Terminal` when
    /// [`desktop`] fails).
    Desktop,
    /// BEL + OSC 777 + OSC 9 written to the console's own terminal.
    Terminal,
    Off,
}

/// The channel for a `[console] notifications` setting. `auto`: Desktop
/// when a session bus is present (`DBUS_SESSION_BUS_ADDRESS`, given as
/// `dbus`) and not over SSH, else Terminal. Pure: takes the values.
pub fn choose(setting: Notifications, dbus: Option<&str>, ssh: bool) -> Channel {
    match setting {
        Notifications::Off => Channel::Off,
        Notifications::Terminal => Channel::Terminal,
        Notifications::Desktop => Channel::Desktop,
        Notifications::Auto => {
            let bus = dbus.is_some_and(|a| !a.trim().is_empty());
            if bus && !ssh {
                Channel::Desktop
            } else {
                Channel::Terminal
            }
        }
    }
}

/// Over SSH: any of `SSH_CONNECTION`, `SSH_TTY`, `SSH_CLIENT` is set.
pub fn ssh_from_env() -> bool {
    ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// [`choose`] with this process's environment.
pub fn choose_from_env(setting: Notifications) -> Channel {
    let dbus = std::env::var("DBUS_SESSION_BUS_ADDRESS").ok();
    choose(setting, dbus.as_deref(), ssh_from_env())
}

/// What happened, for a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    NewAlert {
        id: String,
        severity: Severity,
        title: String,
        /// The nearest affected duty station.
        station: Option<String>,
    },
    Escalated {
        id: String,
        step: u32,
        target: String,
        auto: bool,
        /// The alert's (nearest) duty station, when known.
        station: Option<String>,
    },
    /// An acknowledgement expired unresolved (`ack_expired`): the alert is
    /// new again and climbs.
    AckExpired {
        id: String,
        /// Who had acknowledged it.
        by: String,
        /// How long before the expiry they did.
        ago: std::time::Duration,
        station: Option<String>,
    },
}

impl Notice {
    /// A first-seen alert.
    pub fn new_alert(a: &SourceAlert) -> Notice {
        Notice::NewAlert {
            id: a.id.clone(),
            severity: a.severity,
            title: a.title.clone(),
            station: a.primary_station().map(str::to_string),
        }
    }

    /// An `escalated` journal event as a notice (`None` for other kinds).
    pub fn from_event(kind: &EventKind) -> Option<Notice> {
        match kind {
            EventKind::Escalated {
                alert,
                step,
                target,
                manual,
            } => Some(Notice::Escalated {
                id: alert.clone(),
                step: *step,
                target: target.clone(),
                auto: !manual,
                station: None,
            }),
            _ => None,
        }
    }

    /// An `ack_expired` event recorded at `at` as a notice (`None` for
    /// other kinds).
    pub fn from_expiry(kind: &EventKind, at: DateTime<Utc>) -> Option<Notice> {
        match kind {
            EventKind::AckExpired {
                alert,
                acknowledged_by,
                acknowledged_at,
            } => Some(Notice::AckExpired {
                id: alert.clone(),
                by: acknowledged_by.clone(),
                ago: (at - *acknowledged_at).to_std().unwrap_or_default(),
                station: None,
            }),
            _ => None,
        }
    }

    /// [`Notice::from_event`] (or [`Notice::from_expiry`] for an event
    /// recorded at `at`), naming the alert's station when it is known.
    pub fn from_event_for(
        kind: &EventKind,
        at: DateTime<Utc>,
        alert: Option<&SourceAlert>,
    ) -> Option<Notice> {
        let mut n = Notice::from_event(kind).or_else(|| Notice::from_expiry(kind, at))?;
        if let Notice::Escalated { station, .. } | Notice::AckExpired { station, .. } = &mut n {
            *station = alert.and_then(|a| a.primary_station()).map(str::to_string);
        }
        Some(n)
    }

    /// `incidents:INC-7 at KBL`: an escalated alert and where.
    pub fn escalated_alert(&self) -> Option<String> {
        match self {
            Notice::Escalated {
                id,
                station: Some(s),
                ..
            } => Some(format!("{id} at {s}")),
            Notice::Escalated { id, .. } => Some(id.clone()),
            Notice::NewAlert { .. } | Notice::AckExpired { .. } => None,
        }
    }

    /// Worth telling the officer: a new critical or high alert, or any escalation.
    pub fn notifiable(&self) -> bool {
        match self {
            Notice::NewAlert { severity, .. } => *severity >= Severity::High,
            Notice::Escalated { .. } | Notice::AckExpired { .. } => true,
        }
    }

    /// (title, body) for this notice alone.
    pub fn text(&self) -> (String, String) {
        match self {
            Notice::NewAlert {
                id,
                severity,
                title,
                station,
            } => {
                let head = match station {
                    Some(s) => format!("{} alert at {s}", capitalised(*severity)),
                    None => format!("{} alert", capitalised(*severity)),
                };
                (head, format!("{title} ({id})"))
            }
            Notice::Escalated {
                step, target, auto, ..
            } => (
                format!("Escalated to step {step}: {target}"),
                format!(
                    "{} escalated {}",
                    self.escalated_alert().unwrap_or_default(),
                    if *auto { "automatically" } else { "by hand" }
                ),
            ),
            Notice::AckExpired {
                id,
                by,
                ago,
                station,
            } => (
                format!("Acknowledgement expired: {id}"),
                format!(
                    "{id}{} acknowledged by {by} {} ago, not resolved: new again, escalating",
                    station
                        .as_deref()
                        .map(|s| format!(" at {s}"))
                        .unwrap_or_default(),
                    ago_text(*ago)
                ),
            ),
        }
    }
}

/// `2h`, `2h30m`, `45m`: how long an acknowledgement held.
fn ago_text(d: std::time::Duration) -> String {
    let text = crate::domain::duration::format_compact(d);
    match text.strip_suffix("00m") {
        Some(hours) if hours.ends_with('h') => hours.to_string(),
        _ => text,
    }
}

fn capitalised(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}
