//! Standard output for the commands: a closed pipe (`snapshot | head -1`)
//! ends the process the usual way (SIGPIPE, exit 141 in a shell) with no
//! panic and no message; any other write error (a full disk) is a clear
//! failure naming standard output.

use std::io::{self, BufWriter, ErrorKind, StdoutLock, Write};

use crate::setup::Failure;

/// Buffered standard output that remembers its first write error.
pub struct Out {
    w: BufWriter<StdoutLock<'static>>,
    err: Option<io::Error>,
}

impl Default for Out {
    fn default() -> Self {
        Out::new()
    }
}

impl Out {
    pub fn new() -> Out {
        Out {
            w: BufWriter::new(io::stdout().lock()),
            err: None,
        }
    }

    /// Writes one line; after a failed write the rest is dropped.
    pub fn line(&mut self, line: impl AsRef<str>) {
        if self.err.is_some() {
            return;
        }
        let r = self
            .w
            .write_all(line.as_ref().as_bytes())
            .and_then(|()| self.w.write_all(b"\n"));
        if let Err(e) = r {
            self.err = Some(e);
        }
    }

    /// Whether a write has failed (a reader gone away, a full disk).
    pub fn failed(&self) -> bool {
        self.err.is_some()
    }

    /// Flushes; a closed pipe ends the process as SIGPIPE would, another
    /// error is a failure (exit 1) naming standard output.
    pub fn finish(mut self) -> Result<(), Failure> {
        let flushed = self.w.flush();
        match self.err.take().map_or(flushed, Err) {
            Ok(()) => Ok(()),
            Err(e) => Err(write_failure(&e)),
        }
    }

    /// Flushes, and says whether everything written reached stdout (for a
    /// confirmation whose absence must not undo what it confirms).
    pub fn try_finish(mut self) -> Result<(), io::Error> {
        let flushed = self.w.flush();
        self.err.take().map_or(flushed, Err)
    }
}

/// A closed pipe ends the process quietly with SIGPIPE; anything else is a
/// failure naming standard output.
pub fn write_failure(e: &io::Error) -> Failure {
    if e.kind() == ErrorKind::BrokenPipe {
        closed_pipe();
    }
    Failure::new(1, format!("cannot write to standard output: {e}"))
}

/// Ends the process the way a closed pipe ends a shell tool: by SIGPIPE
/// (exit status 141 in a shell), with nothing printed.
pub fn closed_pipe() -> ! {
    // SAFETY: restoring the default disposition of SIGPIPE and raising it
    // on ourselves; both are async-signal-safe libc calls with no pointers.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        libc::raise(libc::SIGPIPE);
    }
    std::process::exit(128 + libc::SIGPIPE)
}
