//! `watchkeeper daemon`: the watch with no console open. It polls the feeds,
//! journals first sight and automatic escalations, and logs what it records
//! to standard error. SIGTERM, SIGHUP and Ctrl-C stop it cleanly.

use chrono::Utc;
use tokio::sync::mpsc::unbounded_channel;

use crate::app::{Effect, Msg};
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
                setup.journal_path.display()
            ),
        ));
    }
    log(format!(
        "watchkeeper daemon started as {}@{}: {} feeds, journal {}",
        p.actor.officer,
        p.actor.host,
        setup.config.feeds.len(),
        setup.journal_path.display()
    ));
    let mut app = p.app;
    // A panic in any task ends the daemon (its supervisor restarts it)
    // rather than leave it running without, say, its journal writer.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        std::process::exit(101);
    }));
    runtime::tokio_runtime()?.block_on(async move {
        let (tx, mut rx) = unbounded_channel::<Msg>();
        let journal_tx = runtime::spawn_journal(p.journal, p.cursor, p.actor, tx.clone());
        runtime::spawn_signals(tx.clone())?;
        runtime::spawn_clock(tx.clone());
        runtime::spawn_feeds(&setup, &tx);
        #[cfg(debug_assertions)]
        runtime::debug_panic();
        let mut notifier = Notifier::new(setup.config.console.notifications, true, tx.clone());
        while let Some(msg) = rx.recv().await {
            describe(&msg, &app);
            notifier.tick(Utc::now());
            // The daemon draws nothing: no row lists to recompute.
            for effect in app.handle(msg) {
                match effect {
                    Effect::Append {
                        request,
                        kind,
                        note,
                    } => {
                        let cmd = JournalCmd::Append {
                            request,
                            kind,
                            note,
                        };
                        journal_tx
                            .send(cmd)
                            .map_err(|_| Failure::new(1, "the journal writer stopped"))?;
                    }
                    Effect::Checkpoint { seq, state } => {
                        log(format!("checkpoint of the journal state as of #{seq}"));
                        let _ = journal_tx.send(JournalCmd::Checkpoint { seq, state });
                    }
                    Effect::Notify(n) => notifier.push(Utc::now(), n),
                    Effect::WriteReport(shift) => {
                        runtime::write_report(&app, &setup, &shift, tx.clone())
                    }
                    Effect::Quit => {
                        log("stopping");
                        return Ok(());
                    }
                    Effect::Copy(_)
                    | Effect::Mouse(_)
                    | Effect::Theme(_)
                    | Effect::LoadHistory { .. } => {}
                }
            }
            if app.quit {
                log("stopping");
                return Ok(());
            }
        }
        Ok(())
    })
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
            EventKind::LevelChanged {
                station, from, to, ..
            } => {
                log(format!("level of {station} changed {from} -> {to}"));
            }
            other => log(format!("recorded {}", other.name())),
        },
        Msg::Appended { result: Err(e), .. } => log(format!("journal error: {e}")),
        Msg::Status(_, text) => log(text),
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
