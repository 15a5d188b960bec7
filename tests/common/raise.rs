//! What a console does on first sight of an alert: journal it as raised.
#![allow(dead_code)]

use std::path::Path;

use watchkeeper::domain::Severity;
use watchkeeper::journal::{Actor, EventKind, Journal, SqliteJournal};

pub fn raise(journal: &Path, id: &str, severity: Severity) {
    let mut j = SqliteJournal::open(journal, None).expect("journal opens");
    let actor = Actor {
        officer: "console".into(),
        host: "test".into(),
    };
    let kind = EventKind::Raised {
        alert: id.to_string(),
        severity,
        reraise: false,
    };
    j.append(&actor, chrono::Utc::now(), kind, None)
        .expect("raised");
}
