//! `watchkeeper handover [--shift current|previous] [--out FILE]`: the
//! Markdown handover report of a shift, from the journal and one poll of
//! every feed. Exit 3 when a feed failed (the report is still produced,
//! with the failure in its feed section).

use std::io::Write;
use std::path::PathBuf;

use chrono::Utc;

use crate::setup::{Failure, Setup};

/// Which shift to report on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum WhichShift {
    /// The shift on now (reported up to now).
    #[default]
    Current,
    /// The shift that handed over to the current one, as it stood at its
    /// end (alerts acknowledged or resolved since show as they were then).
    Previous,
}

#[derive(Debug, Clone, clap::Args)]
pub struct HandoverArgs {
    /// The shift to report on
    #[arg(long, value_enum, default_value_t = WhichShift::Current)]
    pub shift: WhichShift,
    /// Write the report to this file (atomically) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(setup: &Setup, args: &HandoverArgs) -> Result<(), Failure> {
    let now = Utc::now();
    let shift = match args.shift {
        WhichShift::Current => setup.watch.current(now),
        WhichShift::Previous => setup.watch.previous(now),
    };
    // A shift that is over is described as it stood at its end.
    let until = (shift.ends <= now).then_some(shift.ends);
    let model = super::snapshot::build_as_of(setup, now, until)?;
    let markdown = crate::report::handover_markdown(&model, &setup.watch, &shift, now);
    match &args.out {
        Some(path) => {
            crate::report::write_atomic_with_mode(
                path,
                markdown.as_bytes(),
                setup.config.journal.mode,
            )
            .map_err(|e| Failure::new(1, format!("cannot write {}: {e}", path.display())))?;
            let mut out = super::output::Out::new();
            out.line(format!(
                "handover report for {} {} written to {}",
                shift.name,
                shift.day,
                path.display()
            ));
            out.finish()?;
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let written = stdout
                .write_all(markdown.as_bytes())
                .and_then(|()| stdout.flush());
            // `watchkeeper handover | head`: the reader has all it wants.
            if let Err(e) = written {
                return Err(super::output::write_failure(&e));
            }
        }
    }
    super::feeds_failed(&model, " (the report says so)")
}
