//! Who is acting: the OS login name (from the password database, not an
//! environment variable an officer could edit) and this host.

use crate::domain::event::Actor;

pub fn actor() -> Actor {
    let officer = whoami::fallible::username().unwrap_or_else(|_| format!("uid{}", unsafe_uid()));
    let host = whoami::fallible::hostname().unwrap_or_else(|_| "unknown-host".to_string());
    Actor { officer, host }
}

/// The officer name of events the console or daemon records by itself.
pub const SYSTEM: &str = "watchkeeper";

/// Who records first sight, automatic escalations, handovers and feed
/// outages: `watchkeeper@HOST`, never the login of the officer whose
/// console happened to write them.
pub fn system_actor(host: &str) -> Actor {
    Actor {
        officer: SYSTEM.to_string(),
        host: host.to_string(),
    }
}

fn unsafe_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}
