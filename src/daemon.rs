//! `watchkeeper daemon`: the watch with no console open. It polls the feeds,
//! journals first sight and automatic escalations, and logs what it records
//! to standard error. SIGTERM, SIGHUP and Ctrl-C stop it cleanly.

use chrono::Utc;
use tokio::sync::mpsc::unbounded_channel;

use crate::app::driver::{Executor, Flow};
use crate::app::{App, Effect, Msg};
use crate::domain::event::{Appended, EventKind};
use crate::domain::feed::FeedOutcome;
use crate::notifier::Notifier;
use crate::runtime::{self, JournalCmd};
use crate::setup::{Failure, Setup};

fn log(line: impl AsRef<str>) {
    eprintln!(
        "{} {}",
        Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
        line.as_ref()
    );
}

pub fn run(setup: Setup) -> Result<(), Failure> {
    let p = runtime::prepare(&setup, Utc::now())?;
    if p.app.settings.read_only {
        return Err(Failure::new(
            1,
            format!(
                "the daemon must be able to write the journal {}",
                setup.journal.location()
            ),
        ));
    }
    log(format!(
        "watchkeeper daemon started as {}@{}: {} feeds, journal {}",
        p.actor.officer,
        p.actor.host,
        setup.config.feeds.len(),
        setup.journal.location()
    ));
    match &p.app.journal_down {
        // Started while the journal cannot be reached: it is read once it answers.
        Some(why) => log(format!("journal reconnecting: {why}")),
        None => log(format!("journal read up to #{}", p.cursor)),
    }
    let (mut app, start) = p.journal_start(&setup.watch);
    let paging = crate::paging::run::spawn(&setup, start.actor.clone())?;
    if let Some(book) = &paging {
        crate::paging::run::refresh(book, &app);
    }
    // A panic in any task ends the daemon (its supervisor restarts it)
    // rather than leave it running without, say, its journal writer.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        std::process::exit(101);
    }));
    runtime::tokio_runtime()?.block_on(async move {
        let (tx, mut rx) = unbounded_channel::<Msg>();
        let journal_tx = runtime::spawn_journal(start, tx.clone());
        runtime::spawn_signals(tx.clone())?;
        runtime::spawn_clock(tx.clone());
        runtime::spawn_feeds(&setup, &tx);
        #[cfg(debug_assertions)]
        runtime::debug_panic();
        let mut notifier = Notifier::new(setup.config.console.notifications, true, tx.clone());
        let mut daemon = Daemon {
            journal_tx: &journal_tx,
            setup: &setup,
            notifier: &mut notifier,
            tx: &tx,
            journal_stopped: false,
            paging: paging.as_ref(),
        };
        runtime::drive(&mut app, &mut rx, &mut daemon).await?;
        if daemon.journal_stopped {
            return Err(Failure::new(1, "the journal writer stopped"));
        }
        log("stopping");
        Ok(())
    })
}

/// The daemon's executor: the journal thread and the notifier; no screen.
struct Daemon<'a> {
    journal_tx: &'a std::sync::mpsc::Sender<JournalCmd>,
    setup: &'a Setup,
    notifier: &'a mut Notifier,
    tx: &'a tokio::sync::mpsc::UnboundedSender<Msg>,
    /// The journal thread is gone: the daemon ends with an error.
    journal_stopped: bool,
    /// The paging worker's view of the alerts (None: no contacts configured).
    paging: Option<&'a crate::paging::AlertBook>,
}

impl Executor for Daemon<'_> {
    fn execute(&mut self, app: &App, effect: Effect, _replies: &mut Vec<Msg>) -> Flow {
        match effect {
            Effect::Append {
                request,
                kind,
                note,
                system,
            } => {
                let cmd = JournalCmd::Append {
                    request,
                    kind,
                    note,
                    system,
                };
                if self.journal_tx.send(cmd).is_err() {
                    self.journal_stopped = true;
                    return Flow::Stop;
                }
            }
            Effect::Checkpoint { seq, state } => {
                log(format!("checkpoint of the journal state as of #{seq}"));
                let _ = self.journal_tx.send(JournalCmd::Checkpoint { seq, state });
            }
            Effect::Notify(n) => self.notifier.push(Utc::now(), n),
            Effect::WriteReport(shift) => {
                runtime::write_report(app, self.setup, &shift, self.tx.clone())
            }
            Effect::Quit => return Flow::Stop,
            // Nothing on screen, nothing to copy, no history to show; the
            // daemon logs its notices instead of showing them.
            Effect::Copy(_)
            | Effect::NotifyOnTerminal(..)
            | Effect::Mouse(_)
            | Effect::Theme(_)
            | Effect::Resized
            | Effect::LoadHistory { .. } => {}
        }
        Flow::Continue
    }

    fn observe(&mut self, app: &App, msg: &Msg) {
        describe(msg, app);
        if let (Some(book), Msg::Tick(_)) = (self.paging, msg) {
            crate::paging::run::refresh(book, app);
        }
    }
}

impl runtime::Host for Daemon<'_> {
    fn batch(&mut self) {
        self.notifier.tick(Utc::now());
    }

    fn shows_rows(&self) -> bool {
        false
    }
}

/// One log line for what matters to whoever reads the daemon's log.
fn describe(msg: &Msg, app: &crate::app::App) {
    match msg {
        Msg::Appended {
            result: Ok(Appended::Recorded(e)),
            ..
        } => match &e.kind {
            EventKind::Escalated {
                alert,
                step,
                target,
                ..
            } => {
                log(format!("escalated {alert} to step {step} ({target})"));
            }
            EventKind::Raised {
                alert,
                severity,
                reraise,
            } => {
                let what = if *reraise { "re-raised" } else { "raised" };
                log(format!("{what} {alert} ({severity})"));
            }
            EventKind::Reopened { alert } => log(format!("re-opened {alert}")),
            EventKind::AckExpired {
                alert,
                acknowledged_by,
                acknowledged_at,
            } => log(format!(
                "acknowledgement of {alert} by {acknowledged_by} at {} expired, not resolved: new again",
                acknowledged_at.format("%H:%M:%SZ")
            )),
            EventKind::LevelChanged {
                station, from, to, ..
            } => {
                log(format!("level of {station} changed {from} -> {to}"));
            }
            other => log(format!("recorded {}", other.label())),
        },
        Msg::Appended { result: Err(e), .. } => log(format!("journal error: {e}")),
        Msg::Status(_, text) => log(text),
        Msg::JournalReachable(Some(why)) => log(format!("journal reconnecting: {why}")),
        Msg::JournalReachable(None) => log("journal reconnected"),
        Msg::JournalLoaded { state, notice } => {
            if let Some(n) = notice {
                log(n);
            }
            log(format!(
                "journal read: {} events, up to #{}",
                state.events.len(),
                state.last_seq
            ));
        }
        Msg::Feed(u) => {
            let was_failing = app.model.feed(&u.feed).is_some_and(|f| f.error.is_some());
            match &u.outcome {
                FeedOutcome::Failed(e) if !was_failing => {
                    log(format!("feed {} failing: {e}", u.feed))
                }
                FeedOutcome::Data(_) | FeedOutcome::Unchanged if was_failing => {
                    log(format!("feed {} recovered", u.feed));
                }
                _ => {}
            }
        }
        _ => {}
    }
}
