//! Who is acting: the OS login name (from the password database, not an
//! environment variable an officer could edit) and this host.

use crate::domain::event::Actor;

pub fn actor() -> Actor {
    let officer = whoami::fallible::username().unwrap_or_else(|_| format!("uid{}", unsafe_uid()));
    let host = whoami::fallible::hostname().unwrap_or_else(|_| "unknown-host".to_string());
    Actor { officer, host }
}

fn unsafe_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}
