//! Reading the journal into a state ([`Replay`], the console's
//! `state::JournalState`) at start: the newest
//! checkpoint, the events since it folded in, and the events since
//! `keep_from` held in memory for the log, the report and the timelines.
//! A journal of a million events thus opens in the time it takes to read
//! one checkpoint and the recent events.

use chrono::{DateTime, Utc};

use crate::domain::event::Event;
use crate::domain::replay::Replay;
use crate::journal::{Journal, JournalError};

/// Events read per query.
const BATCH: usize = 50_000;

/// What `load` read, for the curious (benchmarks, tests).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// The checkpoint the state started from (0: none).
    pub checkpoint: i64,
    /// Events folded in after the checkpoint.
    pub folded: usize,
    /// Events held in memory.
    pub kept: usize,
}

/// Puts each event read where it belongs: held only (already in the
/// checkpoint), folded only (older than the window), or both.
struct Placer<S> {
    state: S,
    stats: LoadStats,
    window: i64,
    /// Some event older than the window exists (so not all are held).
    older: bool,
}

impl<S: Replay> Placer<S> {
    fn new(state: S, window: i64, after: i64) -> Placer<S> {
        Placer {
            stats: LoadStats {
                checkpoint: state.last_seq(),
                ..LoadStats::default()
            },
            state,
            window,
            older: after > 0,
        }
    }

    fn place(&mut self, events: Vec<Event>) {
        for e in events {
            if e.seq < self.window {
                self.older = true;
            }
            if e.seq <= self.stats.checkpoint {
                self.state.keep(e);
                self.stats.kept += 1;
            } else if e.seq < self.window {
                self.state.fold(&e);
                self.stats.folded += 1;
            } else {
                self.state.apply(e);
                self.stats.folded += 1;
                self.stats.kept += 1;
            }
        }
    }

    fn finish(mut self, keep_from: DateTime<Utc>) -> (S, LoadStats) {
        if self.older {
            self.state.held_from(keep_from);
        }
        (self.state, self.stats)
    }
}

/// The journal's state with the events since `keep_from` in memory, and a
/// note for the officer when a checkpoint had to be passed over.
pub fn load<S: Replay>(
    j: &mut dyn Journal,
    keep_from: DateTime<Utc>,
) -> Result<(S, LoadStats, Option<String>), JournalError> {
    // Events from `window` on are held; none is older than the first.
    let window = j.first_seq_since(keep_from)?.unwrap_or(i64::MAX);
    let Some((seq, bytes)) = j.latest_checkpoint(S::CHECKPOINT_FORMAT)? else {
        let mut placer = Placer::new(S::default(), window, 0);
        for_each_batch(j, 0, |batch| placer.place(batch))?;
        let (state, stats) = placer.finish(keep_from);
        return Ok((state, stats, None));
    };
    let after = seq.min(window.saturating_sub(1));
    // The checkpoint decodes on a second core while the events are read.
    let (decoded, events) = std::thread::scope(|s| {
        let decoding = s.spawn(|| S::from_checkpoint(seq, &bytes));
        let mut events = Vec::new();
        let read = for_each_batch(j, after, |batch| events.extend(batch));
        let decoded = decoding
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (decoded, read.map(|()| events))
    });
    let events = events?;
    match decoded {
        Ok(state) => {
            let mut placer = Placer::new(state, window, after);
            placer.place(events);
            let (state, stats) = placer.finish(keep_from);
            Ok((state, stats, None))
        }
        Err(e) => {
            let notice = format!(
                "journal {}: checkpoint #{seq} cannot be read ({e}); \
                 the state was folded from every event instead",
                j.location()
            );
            let mut placer = Placer::new(S::default(), window, 0);
            for_each_batch(j, 0, |mut batch| {
                batch.retain(|e| e.seq <= after);
                placer.place(batch);
            })?;
            placer.place(events);
            let (state, stats) = placer.finish(keep_from);
            Ok((state, stats, Some(notice)))
        }
    }
}

/// The journal's state as it was at `until`: every event timed before it
/// folded in (those since `keep_from` held), none timed at or after it.
/// What the handover of a shift that is over describes. A checkpoint is
/// used only when it holds nothing from `until` on; otherwise every event
/// is read.
pub fn load_until<S: Replay>(
    j: &mut dyn Journal,
    keep_from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<S, JournalError> {
    let Some(cut) = j.first_seq_since(until)? else {
        // Nothing at or after `until` has been recorded.
        return load(j, keep_from).map(|(state, _, _)| state);
    };
    let window = j.first_seq_since(keep_from)?.unwrap_or(i64::MAX);
    let checkpoint = j
        .latest_checkpoint(S::CHECKPOINT_FORMAT)?
        .filter(|(seq, _)| *seq < cut)
        .and_then(|(seq, bytes)| S::from_checkpoint(seq, &bytes).ok());
    let (state, after) = match checkpoint {
        Some(state) => {
            let after = state.last_seq().min(window.saturating_sub(1));
            (state, after)
        }
        None => (S::default(), 0),
    };
    let mut placer = Placer::new(state, window, after);
    for_each_batch(j, after, |mut batch| {
        batch.retain(|e| e.at < until);
        placer.place(batch);
    })?;
    Ok(placer.finish(keep_from).0)
}

/// Every event with `seq > after`, in order, a batch at a time.
fn for_each_batch(
    j: &mut dyn Journal,
    mut after: i64,
    mut f: impl FnMut(Vec<Event>),
) -> Result<(), JournalError> {
    loop {
        let batch = j.read_since(after, BATCH)?;
        let Some(last) = batch.last() else {
            return Ok(());
        };
        after = last.seq;
        f(batch);
    }
}
