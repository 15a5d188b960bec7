//! The journal thread: appends (durable before the answer goes back),
//! tails other consoles' events, and keeps the console's picture of the
//! journal true to it: the state is loaded as soon as a journal that could
//! not be reached at start answers, and reloaded when the journal went
//! backwards (the last event seen is gone or is another one: a failover to
//! a standby that missed commits, a restored backup).

use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::sync::mpsc::UnboundedSender;

use super::{JournalCmd, TAIL_EVERY};
use crate::app::{FlashKind, Msg};
use crate::domain::event::{Actor, Event};
use crate::domain::watch::WatchCycle;
use crate::journal::sqlite::APPEND_DEADLINE;
use crate::journal::{EventId, Journal, JournalError};
use crate::state::JournalState;

/// How long one try of an append waits while other writers hold the
/// journal's lock before this thread reads what they recorded and tries
/// again (up to [`APPEND_DEADLINE`] in all), so that under a storm of
/// other consoles' appends their events still arrive here.
const LOCK_SLICE: Duration = Duration::from_secs(1);

/// What the journal thread starts from.
pub(crate) struct JournalStart {
    pub journal: Box<dyn Journal>,
    /// The last event folded into the console's state.
    pub cursor: i64,
    /// The id of the event at `cursor`, read just after the state (see
    /// [`seen_at`]).
    pub seen: Option<Option<EventId>>,
    /// False when the journal could not be read at start (the state is
    /// empty until it answers).
    pub loaded: bool,
    pub actor: Actor,
    pub watch: WatchCycle,
}

struct Worker {
    j: Box<dyn Journal>,
    cursor: i64,
    /// The id of the event at `cursor` as this process read it (`None`:
    /// not read yet; `Some(None)`: an event recorded before ids existed).
    seen: Option<Option<EventId>>,
    loaded: bool,
    watch: WatchCycle,
    tx: UnboundedSender<Msg>,
    /// The last fault said (other than unreachable), so it is said once.
    fault_said: Option<String>,
}

/// Why a step of the thread stopped: the journal failed, or the app is gone.
enum Stop {
    Journal(JournalError),
    AppGone,
}

impl From<JournalError> for Stop {
    fn from(e: JournalError) -> Self {
        Stop::Journal(e)
    }
}

impl Worker {
    fn send(&self, msg: Msg) -> Result<(), Stop> {
        self.tx.send(msg).map_err(|_| Stop::AppGone)
    }

    /// Every event after the cursor (as many as can be read now).
    fn read_new(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        while let Ok(batch) = self.j.records_since(self.cursor, 5_000) {
            let Some(last) = batch.last() else { break };
            self.cursor = last.event.seq;
            self.seen = Some(last.id.clone());
            out.extend(batch.into_iter().map(|r| r.event));
        }
        out
    }

    /// Loads the state if it never was, and reloads it if the journal went
    /// backwards; either way the app gets the whole state.
    fn keep_true(&mut self) -> Result<(), Stop> {
        if !self.loaded {
            return self.load(None);
        }
        if self.cursor == 0 {
            return Ok(());
        }
        let at = self.j.records_since(self.cursor - 1, 1)?;
        let same = match (at.first(), &self.seen) {
            (Some(r), _) if r.event.seq != self.cursor => false,
            (None, _) => false,
            (Some(r), Some(seen)) => r.id == *seen,
            (Some(r), None) => {
                self.seen = Some(r.id.clone());
                true
            }
        };
        if same {
            return Ok(());
        }
        let from = self.cursor;
        self.load(Some(from))
    }

    /// Reads the whole state (checkpoint and recent events) and hands it to
    /// the app; `went_back_from` names the event no longer there.
    fn load(&mut self, went_back_from: Option<i64>) -> Result<(), Stop> {
        let keep_from = self.watch.previous(Utc::now()).starts;
        let (state, _, unreadable) =
            crate::history::load::<JournalState>(self.j.as_mut(), keep_from)?;
        self.cursor = state.last_seq;
        self.seen = seen_at(self.j.as_mut(), self.cursor);
        self.loaded = true;
        let went_back = went_back_from.map(|from| went_back_message(from, state.last_seq));
        let notice = match (went_back, unreadable) {
            (Some(a), Some(b)) => Some(format!("{a}; {b}")),
            (a, b) => a.or(b),
        };
        self.send(Msg::JournalLoaded {
            state: Box::new(state),
            notice,
        })
    }

    fn append(&mut self, cmd: Append<'_>, damaged: &Option<String>) -> Result<(), Stop> {
        let Append {
            request,
            kind,
            note,
            by,
        } = cmd;
        let result = match (damaged, self.keep_true()) {
            (Some(e), _) => Err(e.clone()),
            (None, Err(Stop::AppGone)) => return Err(Stop::AppGone),
            // Nothing is recorded against a state this console has not read.
            (None, Err(Stop::Journal(e))) => Err(e.to_string()),
            (None, Ok(())) => match self.j.check_wal() {
                Ok(()) => self.append_waiting(by, kind, note)?,
                Err(e) => Err(e),
            }
            .map_err(|e| e.to_string()),
        };
        let events = self.read_new();
        self.send(Msg::Appended {
            request,
            result,
            events,
        })
    }

    /// Appends, trying again while other writers hold the lock (the same
    /// event id each time, so it is recorded once), and handing the app
    /// what they record meanwhile.
    fn append_waiting(
        &mut self,
        by: &Actor,
        kind: crate::domain::event::EventKind,
        note: Option<String>,
    ) -> Result<Result<crate::journal::Appended, JournalError>, Stop> {
        let id = EventId::new();
        let at = Utc::now();
        let started = Instant::now();
        loop {
            match self
                .j
                .append_with_id(&id, by, at, kind.clone(), note.clone())
            {
                Err(JournalError::Locked { .. }) if started.elapsed() < APPEND_DEADLINE => {
                    let events = self.read_new();
                    if !events.is_empty() {
                        self.send(Msg::Journal(events))?;
                    }
                }
                other => return Ok(other),
            }
        }
    }

    /// One quiet tick: is the journal reachable, did it change, is it still
    /// the journal this console read? `down` is what was last said.
    fn tick(&mut self, down: &mut bool) -> Result<(), Stop> {
        let changed = self.j.changed();
        let checked = match changed {
            Ok(true) => self.keep_true().map(|()| true),
            Ok(false) => Ok(false),
            Err(e) => Err(Stop::Journal(e)),
        };
        let checked = match checked {
            Err(Stop::AppGone) => return Err(Stop::AppGone),
            Err(Stop::Journal(e)) => Err(e),
            Ok(read) => Ok(read),
        };
        // A journal that cannot be reached (database down, failover) is
        // said once; each tick tries again.
        let unreachable = checked.as_ref().is_err_and(|e| e.is_unavailable());
        if unreachable != *down {
            *down = unreachable;
            let why = checked.as_ref().err().map(ToString::to_string);
            self.send(Msg::JournalReachable(why))?;
        }
        match checked {
            Ok(true) => {
                self.fault_said = None;
                let events = self.read_new();
                if !events.is_empty() {
                    self.send(Msg::Journal(events))?;
                }
            }
            Ok(false) => self.fault_said = None,
            Err(e) if e.is_unavailable() => {}
            // Another fault (a journal newer than this build, ...): said
            // once, and tried again on every tick.
            Err(e) => {
                let text = e.to_string();
                if self.fault_said.as_ref() != Some(&text) {
                    self.fault_said = Some(text.clone());
                    self.send(Msg::Status(FlashKind::Error, text))?;
                }
            }
        }
        Ok(())
    }
}

struct Append<'a> {
    request: u64,
    kind: crate::domain::event::EventKind,
    note: Option<String>,
    by: &'a Actor,
}

/// The id of the event at `seq` (`None` when it cannot be read now): what
/// tells, later, that the journal still holds the event this process read.
pub(crate) fn seen_at(j: &mut dyn Journal, seq: i64) -> Option<Option<EventId>> {
    if seq == 0 {
        return None;
    }
    let at = j.records_since(seq - 1, 1).ok()?;
    at.into_iter()
        .next()
        .filter(|r| r.event.seq == seq)
        .map(|r| r.id)
}

/// What the officer is told when the journal went backwards.
pub(crate) fn went_back_message(from: i64, to: i64) -> String {
    if to < from {
        format!("journal went back from #{from} to #{to}; state reloaded")
    } else {
        format!(
            "journal changed under this console: event #{from} is not the one it read \
             (the journal now ends at #{to}); state reloaded"
        )
    }
}

/// Starts the journal thread; commands go in through the returned sender,
/// everything it learns comes back to the app as messages on `tx`.
pub(crate) fn spawn_journal(
    start: JournalStart,
    tx: UnboundedSender<Msg>,
) -> std_mpsc::Sender<JournalCmd> {
    let (cmd_tx, cmd_rx) = std_mpsc::channel::<JournalCmd>();
    let system_actor = crate::identity::system_actor(&start.actor.host);
    let actor = start.actor;
    let mut journal = start.journal;
    journal.set_append_deadline(LOCK_SLICE);
    let mut w = Worker {
        j: journal,
        cursor: start.cursor,
        seen: start.seen,
        loaded: start.loaded,
        watch: start.watch,
        tx,
        fault_said: None,
    };
    std::thread::Builder::new()
        .name("journal".into())
        .spawn(move || {
            let _ = run(&mut w, &cmd_rx, &actor, &system_actor);
        })
        .ok();
    cmd_tx
}

fn run(
    w: &mut Worker,
    cmd_rx: &std_mpsc::Receiver<JournalCmd>,
    actor: &Actor,
    system_actor: &Actor,
) -> Result<(), Stop> {
    // A damaged journal (SQLite's quick check, run here so the first frame
    // does not wait for it) refuses every append, said once.
    let damaged = w.j.check_integrity().err().map(|e| e.to_string());
    if let Some(e) = &damaged {
        w.send(Msg::Status(FlashKind::Error, e.clone()))?;
    }
    // A deleted `-wal` is said once, and refuses every append (what would
    // be recorded would be lost when this handle closes).
    let mut wal_said = false;
    // Not loaded at start: the journal was unreachable, as the app was told.
    let mut down = !w.loaded;
    loop {
        match cmd_rx.recv_timeout(TAIL_EVERY) {
            Ok(JournalCmd::Append {
                request,
                kind,
                note,
                system,
            }) => {
                let by = if system { system_actor } else { actor };
                let cmd = Append {
                    request,
                    kind,
                    note,
                    by,
                };
                w.append(cmd, &damaged)?;
            }
            Ok(JournalCmd::Checkpoint { seq, state }) => {
                // Never a checkpoint past what the journal holds (made from
                // a state read before the journal went backwards).
                match w.keep_true() {
                    Err(Stop::AppGone) => return Err(Stop::AppGone),
                    Err(Stop::Journal(_)) => continue,
                    Ok(()) if seq > w.cursor => continue,
                    Ok(()) => {}
                }
                let format = crate::state::checkpoint::FORMAT;
                if let Err(e) = w.j.write_checkpoint(seq, format, Utc::now(), &state) {
                    let msg = format!("journal checkpoint #{seq} not written: {e}");
                    w.send(Msg::Status(FlashKind::Error, msg))?;
                }
            }
            Ok(JournalCmd::History { alert, before }) => {
                let events = w.j.alert_events(&alert, before).map_err(|e| e.to_string());
                w.send(Msg::History { alert, events })?;
            }
            Err(std_mpsc::RecvTimeoutError::Timeout) => {
                match w.j.check_wal() {
                    Err(e) if !wal_said => {
                        wal_said = true;
                        w.send(Msg::Status(FlashKind::Error, e.to_string()))?;
                    }
                    Err(_) => {}
                    Ok(()) => wal_said = false,
                }
                w.tick(&mut down)?;
            }
            Err(std_mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}

#[cfg(test)]
#[path = "journal_thread_tests.rs"]
mod tests;
