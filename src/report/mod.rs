//! The handover report (SPEC §2 "Watch cycle", issue 4): a Markdown account
//! of one shift for the officer taking over — the alerts still open, every
//! action taken, level changes, surge taskings, feed outages, the watch
//! log and who had a console open.
//!
//! [`handover_markdown`] is pure (model, watch, shift and `now` in; the same
//! bytes out every time); [`write_report`] puts it in the reports directory.
//! Every piece of text from a feed, an officer or the config goes through
//! [`md::esc`], so a hostile title cannot break the report's structure.

mod md;
mod open;
mod outages;
mod owners;
mod sections;
mod standing;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::event::Event;
use crate::domain::watch::{ShiftInstance, WatchCycle, hours_label};
use crate::state::Model;

pub use md::esc as escape_markdown;

/// What every section needs: the model, the shift, and the journal events
/// inside the shift's window in time order.
pub(crate) struct Ctx<'a> {
    pub model: &'a Model,
    /// When the report was made.
    pub now: DateTime<Utc>,
    /// The time the report describes: `now`, or the shift's end for a
    /// shift that is over. Alert states, snoozes, mutes and taskings are
    /// as of then.
    pub as_of: DateTime<Utc>,
    /// The shift's start.
    pub starts: DateTime<Utc>,
    /// The shift's first UTC date: times on it print as `HH:MMZ`.
    pub base: NaiveDate,
    pub events: Vec<&'a Event>,
}

/// The Markdown handover report for `shift` of `watch`, made at `now`
/// (pure: same inputs, same bytes). It covers the journal events whose
/// time is in `[shift.starts, shift.ends)` and not after `now` (so a shift
/// still running is reported up to now). The state it describes (open
/// alerts, snoozes, mutes, taskings) is as of `now`, or as of the shift's
/// end for a shift that is over: the caller gives a model whose journal
/// was folded up to then (`history::load_until`).
///
/// The incoming officer reads, in order: what needs acting on (the
/// unacknowledged critical and high), the rest of what is open, what is
/// snoozed to come back during the next shift, what is muted, who is
/// tasked, then the shift's story.
pub fn handover_markdown(
    model: &Model,
    watch: &WatchCycle,
    shift: &ShiftInstance,
    now: DateTime<Utc>,
) -> String {
    let as_of = now.min(shift.ends);
    let mut events: Vec<&Event> = model
        .journal
        .events
        .iter()
        .filter(|e| e.at >= shift.starts && e.at < shift.ends && e.at <= now)
        .collect();
    events.sort_by_key(|e| (e.at, e.seq));
    let cx = Ctx {
        model,
        now,
        as_of,
        starts: shift.starts,
        base: shift.starts.date_naive(),
        events,
    };
    let next = watch.current(shift.ends);
    let mut out = header(&cx, shift, watch.tz);
    md::section(
        &mut out,
        "Needs action: unacknowledged critical and high",
        open::attention(&cx),
    );
    md::section(&mut out, "Other open alerts", open::others(&cx));
    md::section(
        &mut out,
        &format!(
            "Snoozed, back before the next shift ends ({} {})",
            md::esc(&next.name),
            md::hm(next.ends, cx.base)
        ),
        standing::snoozed(&cx, next.ends),
    );
    md::section(&mut out, "Muted stations", standing::muted(&cx));
    md::section(&mut out, "Surge officers tasked now", standing::tasked(&cx));
    if let Some(body) = owners::section(&cx) {
        md::section(&mut out, "Open alerts by owner", Some(body));
    }
    md::section(
        &mut out,
        "Alerts raised during the shift",
        sections::raised(&cx),
    );
    md::section(&mut out, "Actions during the shift", sections::actions(&cx));
    md::section(
        &mut out,
        "Stations whose level changed",
        sections::levels(&cx),
    );
    md::section(&mut out, "Surge taskings", sections::surge(&cx));
    md::section(&mut out, "Feed outages", outages::section(&cx));
    md::section(&mut out, "Watch log", sections::watch_log(&cx));
    md::section(
        &mut out,
        "On watch during the shift",
        sections::on_watch(&cx, shift),
    );
    // One trailing newline, however the last section ended.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn header(cx: &Ctx, shift: &ShiftInstance, tz: Tz) -> String {
    let name = md::esc(&shift.name);
    let progress = if cx.now < shift.starts {
        "before the shift began".to_string()
    } else if cx.now < shift.ends {
        format!(
            "shift in progress, {} to handover",
            md::span(cx.now, shift.ends)
        )
    } else {
        "after the shift ended".to_string()
    };
    let mut out = format!(
        "# Handover report: {name} shift, watch day {}\n\n",
        shift.day
    );
    out.push_str(&format!(
        "- **Hours:** {} to {} ({} {})\n",
        md::full(shift.starts),
        md::full(shift.ends),
        hours_label(shift, tz),
        tz.name()
    ));
    out.push_str(&format!(
        "- **Generated:** {} ({progress})\n",
        md::full(cx.now)
    ));
    if cx.as_of < cx.now {
        out.push_str(&format!(
            "- **State as of:** {} (the shift's end)\n",
            md::full(cx.as_of)
        ));
    }
    out.push_str(&open::open_summary(cx));
    out.push_str(&format!(
        "- **Journal:** {} in the shift\n\n",
        crate::domain::words::count(cx.events.len(), "event", "events")
    ));
    out
}

/// `handover-<day>-<shift>.md`, the shift name reduced to letters, digits,
/// `-` and `_` (anything else becomes `-`), so no name can leave the directory.
pub fn file_name(shift: &ShiftInstance) -> String {
    let name: String = shift
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = if name.is_empty() { "shift" } else { &name };
    format!("handover-{}-{name}.md", shift.day)
}

/// Writes the report to `dir/handover-<day>-<shift>.md` (creating `dir`),
/// atomically: a reader sees the old file or the whole new one, never part.
/// Returns the path.
pub fn write_report(dir: &Path, shift: &ShiftInstance, markdown: &str) -> std::io::Result<PathBuf> {
    write_report_with_mode(dir, shift, markdown, None)
}

/// [`write_report`] with the journal's `mode` (e.g. 0o660): the report gets
/// exactly that mode and a directory it creates the same with search (x)
/// bits where it is readable (0o770), whatever the umask, so a report is
/// never readable wider than the journal it was made from.
pub fn write_report_with_mode(
    dir: &Path,
    shift: &ShiftInstance,
    markdown: &str,
    mode: Option<u32>,
) -> std::io::Result<PathBuf> {
    create_dir(dir, mode)?;
    let path = dir.join(file_name(shift));
    write_atomic_with_mode(&path, markdown.as_bytes(), mode)?;
    Ok(path)
}

/// The directory mode for a file mode: `x` wherever `r` is set.
pub fn dir_mode(file_mode: u32) -> u32 {
    let m = file_mode & 0o777;
    m | ((m & 0o444) >> 2)
}

fn create_dir(dir: &Path, mode: Option<u32>) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let Some(mode) = mode else {
        return std::fs::create_dir_all(dir);
    };
    let existed = dir.is_dir();
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(dir_mode(mode))
        .create(dir)?;
    if !existed {
        // The umask may have narrowed it.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(dir_mode(mode)))?;
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it
/// over `path`. Two processes writing the same path at once each use their
/// own temporary file; the last rename wins.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with_mode(path, bytes, None)
}

/// [`write_atomic`], the file getting exactly `mode` when given.
pub fn write_atomic_with_mode(path: &Path, bytes: &[u8], mode: Option<u32>) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_string());
    let tmp = dir.join(format!(
        ".{base}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        if let Some(mode) = mode {
            options.mode(mode & 0o777);
        }
        let mut f = options.open(&tmp)?;
        if let Some(mode) = mode {
            // The umask may have narrowed it (0o660 -> 0o640).
            f.set_permissions(std::fs::Permissions::from_mode(mode & 0o777))?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    } else if let Ok(d) = std::fs::File::open(&dir) {
        // Make the rename itself durable (best effort).
        let _ = d.sync_all();
    }
    result
}
