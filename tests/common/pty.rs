//! The real binary in a pseudo-terminal at 120×36: what an officer's
//! terminal sees (the screen, kept by vt100) and every byte it was sent.
//! Shared by `tests/pty.rs`, `tests/pty_measure.rs` and `tests/faults.rs`,
//! which include it with `#[path = "common/pty.rs"] mod pty;`.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, NativePtySystem, PtySize, PtySystem};

pub const ROWS: u16 = 36;
pub const COLS: u16 = 120;

pub struct Console {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Where each chunk read from the terminal ended in `raw`, and when it
    /// was read.
    chunks: Arc<Mutex<Vec<(usize, Instant)>>>,
    /// Bumped after each chunk read from the terminal is processed.
    generation: Arc<AtomicU64>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

/// The binary under test: `WATCHKEEPER_BIN` if set (to measure another
/// build side by side), else the one cargo built.
pub fn bin() -> std::ffi::OsString {
    std::env::var_os("WATCHKEEPER_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_watchkeeper").into())
}

/// A vt100 screen of the console's size.
pub fn parser() -> vt100::Parser {
    vt100::Parser::new(
        std::num::NonZero::new(ROWS).unwrap(),
        std::num::NonZero::new(COLS).unwrap(),
        0,
    )
}

impl Console {
    /// Starts `watchkeeper --journal <journal> <args…>` with `home` as its
    /// home and config/data folders, `TERM=xterm-256color`, no config from
    /// the environment and no desktop session bus.
    pub fn start(home: &Path, journal: &Path, args: &[&str]) -> Console {
        Console::start_with_env(home, journal, args, &[])
    }

    /// As `start`, with these variables set too.
    pub fn start_with_env(
        home: &Path,
        journal: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Console {
        let pair = NativePtySystem::default()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(bin());
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("WATCHKEEPER_CONFIG");
        cmd.env_remove("DBUS_SESSION_BUS_ADDRESS");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.arg("--journal");
        cmd.arg(journal);
        for a in args {
            cmd.arg(a);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(parser()));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let chunks = Arc::new(Mutex::new(Vec::new()));
        let generation = Arc::new(AtomicU64::new(0));
        let (s, r, c, g) = (
            screen.clone(),
            raw.clone(),
            chunks.clone(),
            generation.clone(),
        );
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                let mut raw = r.lock().unwrap();
                raw.extend_from_slice(&buf[..n]);
                c.lock().unwrap().push((raw.len(), Instant::now()));
                drop(raw);
                g.fetch_add(1, Ordering::Release);
            }
        });
        Console {
            child,
            writer,
            screen,
            raw,
            chunks,
            generation,
            _master: pair.master,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// The screen as text.
    pub fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Bytes the console has written so far.
    pub fn bytes(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// Every byte the console has written so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Where each chunk of output ended in `raw_output()`, and when it
    /// was read.
    pub fn chunks(&self) -> Vec<(usize, Instant)> {
        self.chunks.lock().unwrap().clone()
    }

    /// How many chunks of output have been read (and put on the screen).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Waits until the screen shows `needle`; returns the screen. Fails at
    /// once if the console exits first.
    pub fn wait_for(&mut self, needle: &str, within: Duration) -> String {
        let start = Instant::now();
        loop {
            let t = self.text();
            if t.contains(needle) {
                return t;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("the console exited ({status:?}) before showing {needle:?}:\n{t}");
            }
            assert!(
                start.elapsed() < within,
                "screen never showed {needle:?} within {within:?}:\n{t}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn keys(&mut self, k: &str) {
        self.writer.write_all(k.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn signal(&self, sig: i32) {
        let pid = self.pid() as i32;
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(pid, sig) };
    }

    pub fn wait_exit(&mut self, within: Duration) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(start.elapsed() < within, "console did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// utime + stime of the console, in seconds.
    pub fn cpu_seconds(&self) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap();
        // Fields after the command name (which is in parentheses).
        let rest = &stat[stat.rfind(')').unwrap() + 2..];
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
        // SAFETY: sysconf has no preconditions.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        ticks as f64 / hz
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
