//! A home of its own for the built binary: no config found unless one is
//! written, the journal in a temp dir.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_watchkeeper");

pub struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn journal(&self) -> PathBuf {
        self.path().join("journal.db")
    }

    /// The binary with this home and `journal`.
    pub fn cmd_on(&self, journal: &Path) -> Command {
        let mut c = Command::new(BIN);
        c.env_remove("WATCHKEEPER_CONFIG")
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .arg("--journal")
            .arg(journal);
        c
    }

    pub fn cmd(&self) -> Command {
        self.cmd_on(&self.journal())
    }

    /// The binary with `config.toml` written here as its config.
    pub fn with_config(&self, toml: &str) -> Command {
        let p = self.write("config.toml", toml);
        let mut c = self.cmd();
        c.arg("--config").arg(p);
        c
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, text).expect("write");
        p
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}
