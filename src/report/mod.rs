//! The handover report (SPEC §2 "Watch cycle", issue 4): a Markdown account
//! of one shift for the officer taking over — the alerts still open, every
//! action taken, level changes, surge taskings, feed outages and the watch
//! log.
//!
//! [`handover_markdown`] is pure (model, shift, zone and `now` in; the same
//! bytes out every time); [`write_report`] puts it in the reports directory.
//! Every piece of text from a feed, an officer or the config goes through
//! [`md::esc`], so a hostile title cannot break the report's structure.

mod md;
mod outages;
mod sections;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::event::Event;
use crate::domain::watch::{ShiftInstance, hours_label};
use crate::state::Model;

pub use md::esc as escape_markdown;

/// What every section needs: the model, the shift, and the journal events
/// inside the shift's window in time order.
pub(crate) struct Ctx<'a> {
    pub model: &'a Model,
    pub now: DateTime<Utc>,
    /// The shift's first UTC date: times on it print as `HH:MMZ`.
    pub base: NaiveDate,
    pub events: Vec<&'a Event>,
}

/// The Markdown handover report for `shift`, as of `now` (pure: same
/// inputs, same bytes). It covers the journal events whose time is in
/// `[shift.starts, shift.ends)` and not after `now` (so a shift still
/// running is reported up to now); the open alerts and feed status are the
/// model's as of `now`.
pub fn handover_markdown(
    model: &Model,
    shift: &ShiftInstance,
    tz: Tz,
    now: DateTime<Utc>,
) -> String {
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
        base: shift.starts.date_naive(),
        events,
    };
    let mut out = header(&cx, shift, tz);
    md::section(
        &mut out,
        "Open alerts by severity",
        sections::open_alerts(&cx),
    );
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
    out.push_str(&format!("- **Shift:** {name}, watch day {}\n", shift.day));
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
    out.push_str(&format!(
        "- **Summary:** {}; {} journal events in the shift\n\n",
        sections::open_summary(cx),
        cx.events.len()
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
    std::fs::create_dir_all(dir)?;
    let path = dir.join(file_name(shift));
    write_atomic(&path, markdown.as_bytes())?;
    Ok(path)
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it
/// over `path`. Two processes writing the same path at once each use their
/// own temporary file; the last rename wins.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
        let mut f = std::fs::File::create(&tmp)?;
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
