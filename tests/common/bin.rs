//! The built binary as a script or an operator runs it, from a home of its
//! own: no config found unless the test writes one, no desktop session. The
//! one harness for the CLI and fault tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `watchkeeper` run from `home` against `journal`: the environment a
/// test controls, nothing from the developer's own.
pub fn binary(home: &Path, journal: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_watchkeeper"));
    c.env_remove("WATCHKEEPER_CONFIG")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .arg("--journal")
        .arg(journal);
    c
}

/// A home in a temp dir, with its journal at `journal.db`.
pub struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn journal(&self) -> PathBuf {
        self.path().join("journal.db")
    }

    pub fn cmd(&self) -> Command {
        binary(self.path(), &self.journal())
    }

    /// Runs with `args`: the exit code, standard output and standard error.
    pub fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let out = self.cmd().args(args).output().expect("the binary runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Writes a file in the home and returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, text).expect("write into the home");
        p
    }
}
