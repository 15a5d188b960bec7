//! Wires the tasks and channels and carries out effects. Background work
//! never touches state: it sends messages to the one loop that does.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use ratatui::crossterm::event::{
    Event as TermEvent, EventStream, KeyCode, KeyEvent, KeyModifiers, MouseEventKind,
};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use crate::app::{App, FlashKind, Msg, Settings};
use crate::domain::event::Actor;
use crate::domain::watch::ShiftInstance;
use crate::feeds::scheduler::{self, FeedRunner};
use crate::journal::{Journal, JournalError};
use crate::notifier::Notifier;
use crate::setup::{Failure, Setup};
use crate::{theme, tui};

mod console;
mod drive;
mod journal_thread;

pub(crate) use drive::{Host, drive};
pub(crate) use journal_thread::{JournalStart, seen_at, spawn_journal};

/// Commands for the journal thread.
pub(crate) enum JournalCmd {
    Append {
        request: u64,
        kind: crate::domain::event::EventKind,
        note: Option<String>,
        /// Under the system actor (`watchkeeper@HOST`), not the officer.
        system: bool,
    },
    /// Store a checkpoint of the journal state; a failure comes back as a
    /// `Msg::Status` warning (the events are untouched).
    Checkpoint { seq: i64, state: Vec<u8> },
    /// Read an alert's events before `before`; answered with `Msg::History`.
    History { alert: String, before: i64 },
}

/// How often the journal thread looks for other consoles' events.
pub(crate) const TAIL_EVERY: Duration = Duration::from_millis(200);

/// Opens the journal for the console: read-write, or read-only when asked
/// (or when the journal cannot be written, with a notice).
pub fn open_journal(setup: &Setup) -> Result<(Box<dyn Journal>, Option<String>), Failure> {
    let target = &setup.journal;
    let options = setup.journal_options();
    // A database that cannot be reached yet is no reason not to start:
    // the console says `journal reconnecting` and reads it once it answers.
    if setup.read_only && target.exists() {
        return crate::journal::open_waiting(target, &options, true)
            .map(|j| (j, None))
            .map_err(|e| Failure::new(1, e.to_string()));
    }
    match crate::journal::open_waiting(target, &options, false) {
        Ok(j) => Ok((j, None)),
        Err(JournalError::ReadOnly { .. }) if target.exists() => {
            let j = crate::journal::open_read_only(target, &options)
                .map_err(|e| Failure::new(1, e.to_string()))?;
            Ok((
                j,
                Some(format!(
                    "journal {} is read-only here: this console cannot record actions",
                    target.location()
                )),
            ))
        }
        Err(e) => Err(Failure::new(1, e.to_string())),
    }
}

/// Everything both the console and the daemon start from: the app with the
/// journal's history applied, the journal handle and this process's actor.
pub struct Prepared {
    pub app: App,
    pub journal: Box<dyn Journal>,
    pub cursor: i64,
    /// The id of the event at `cursor`, as read.
    seen: Option<Option<crate::journal::EventId>>,
    /// False when the journal could not be reached at start: the state is
    /// empty, and the journal thread loads it once the journal answers.
    pub loaded: bool,
    pub actor: Actor,
}

impl Prepared {
    /// What the journal thread starts from.
    pub(crate) fn journal_start(
        self,
        watch: &crate::domain::watch::WatchCycle,
    ) -> (App, JournalStart) {
        let start = JournalStart {
            journal: self.journal,
            cursor: self.cursor,
            seen: self.seen,
            loaded: self.loaded,
            actor: self.actor,
            watch: watch.clone(),
        };
        (self.app, start)
    }
}

/// How far back the console holds events in memory: from the start of the
/// previous shift, so both shifts' reports and the log are complete.
pub fn keep_from(setup: &Setup, now: DateTime<Utc>) -> DateTime<Utc> {
    setup.watch.previous(now).starts
}

pub fn prepare(setup: &Setup, now: DateTime<Utc>) -> Result<Prepared, Failure> {
    let keymap = setup.config.keymap.clone();
    let (mut journal, mut notice) = open_journal(setup)?;
    let read_only = setup.read_only || notice.is_some();
    let (state, unreadable, down) = match crate::history::load::<crate::state::JournalState>(
        journal.as_mut(),
        keep_from(setup, now),
    ) {
        Ok((state, _, unreadable)) => (state, unreadable, None),
        Err(e) if e.is_unavailable() => (Default::default(), None, Some(e.to_string())),
        Err(e) => return Err(Failure::new(1, e.to_string())),
    };
    notice = notice.or(unreadable);
    let cursor = state.last_seq;
    let seen = seen_at(journal.as_mut(), cursor);
    let actor = crate::identity::actor();
    let mut model = setup.model(now);
    model.set_journal(state);
    let settings = Settings {
        keymap,
        watch: setup.watch.clone(),
        policies: setup.config.escalation.clone(),
        officer: actor.officer.clone(),
        read_only,
        ascii: setup.ascii,
        my_groups: crate::paging::my_groups(&setup.config.contacts, &actor.officer),
        max_snooze: chrono::Duration::from_std(setup.config.console.max_snooze)
            .unwrap_or(chrono::Duration::days(7)),
        themes: crate::theme::names(),
        presence: false,
        related: setup.config.related,
    };
    let mut app = App::new(model, settings, setup.desk.clone(), now);
    if let Some(n) = notice {
        app.flash(FlashKind::Error, n);
    }
    let loaded = down.is_none();
    if down.is_some() {
        app.update(Msg::JournalReachable(down));
    }
    Ok(Prepared {
        app,
        journal,
        cursor,
        seen,
        loaded,
        actor,
    })
}

pub fn tokio_runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::new(1, format!("cannot start the runtime: {e}")))
}

pub fn run_console(setup: Setup) -> Result<(), Failure> {
    let theme = setup.theme()?;
    let (mut app, start) = prepare(&setup, Utc::now())?.journal_start(&setup.watch);
    app.settings.presence = true;
    tokio_runtime()?.block_on(console_loop(app, theme, setup, start))
}

/// Starts one polling task per feed, each sending its updates to `tx`.
pub(crate) fn spawn_feeds(setup: &Setup, tx: &UnboundedSender<Msg>) {
    let sink_tx = tx.clone();
    let sink: Arc<dyn Fn(crate::domain::feed::FeedUpdate) + Send + Sync> = Arc::new(move |u| {
        let _ = sink_tx.send(Msg::Feed(u));
    });
    let demo = crate::sim::demo_sources(setup.seed);
    for f in &setup.config.feeds {
        scheduler::spawn(
            FeedRunner::new(f.clone(), setup.levels(), &demo)
                .with_language(&setup.config.console.language),
            sink.clone(),
        );
    }
}

async fn console_loop(
    mut app: App,
    theme: theme::Theme,
    setup: Setup,
    start: JournalStart,
) -> Result<(), Failure> {
    let (tx, mut rx) = unbounded_channel::<Msg>();
    let journal_tx = spawn_journal(start, tx.clone());
    spawn_signals(tx.clone())?;
    spawn_clock(tx.clone());
    spawn_feeds(&setup, &tx);

    let terminal =
        tui::init().map_err(|e| Failure::new(1, format!("cannot set up the terminal: {e}")))?;
    if let Ok(size) = terminal.size() {
        app.update(Msg::Resize(size.width, size.height));
    }
    spawn_terminal_events(tx.clone());
    #[cfg(debug_assertions)]
    debug_panic();
    let mut notifier = Notifier::new(setup.config.console.notifications, false, tx.clone());
    let mut console = console::Console {
        terminal,
        theme,
        journal_tx: &journal_tx,
        setup: &setup,
        notifier: &mut notifier,
        tx: &tx,
    };
    let result = drive::drive(&mut app, &mut rx, &mut console).await;
    tui::restore();
    // The closing heartbeat was handed to the journal thread: give it a
    // moment to be recorded, so the others see this console close.
    if let Some(closing) = app.closing_request() {
        let recorded = async {
            while let Some(msg) = rx.recv().await {
                if matches!(msg, Msg::Appended { request, .. } if request == closing) {
                    return;
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(1), recorded).await;
    }
    result
}

/// Debug builds only (the PTY tests): `WATCHKEEPER_DEBUG_PANIC=SECS` makes a
/// background task panic after SECS seconds, to prove the terminal is
/// restored and the process ends.
#[cfg(debug_assertions)]
pub(crate) fn debug_panic() {
    let Some(secs) = std::env::var("WATCHKEEPER_DEBUG_PANIC")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    else {
        return;
    };
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(secs)).await;
        panic!("WATCHKEEPER_DEBUG_PANIC: a deliberate panic in a background task");
    });
}

/// Writes the handover report of a shift that just ended: made from the
/// model here (pure and quick), written to disk on a blocking thread; the
/// outcome comes back as a status message.
pub(crate) fn write_report(
    app: &App,
    setup: &Setup,
    shift: &ShiftInstance,
    tx: UnboundedSender<Msg>,
) {
    let markdown = crate::report::handover_markdown(&app.model, &setup.watch, shift, Utc::now());
    let dir = setup
        .config
        .watch
        .reports_dir
        .clone()
        .unwrap_or_else(crate::config::default_reports_dir);
    let shift = shift.clone();
    let mode = setup.config.journal.mode;
    tokio::task::spawn_blocking(move || {
        let msg = match crate::report::write_report_with_mode(&dir, &shift, &markdown, mode) {
            Ok(path) => Msg::Status(
                FlashKind::Ok,
                format!(
                    "handover report for {} written to {}",
                    shift.name,
                    path.display()
                ),
            ),
            Err(e) => Msg::Status(
                FlashKind::Error,
                format!(
                    "handover report for {} not written to {}: {e}",
                    shift.name,
                    dir.display()
                ),
            ),
        };
        let _ = tx.send(msg);
    });
}

/// SIGTERM, SIGHUP (an SSH drop) and SIGINT end the console cleanly, so the
/// terminal is restored; the journal already holds every confirmed action.
pub(crate) fn spawn_signals(tx: UnboundedSender<Msg>) -> Result<(), Failure> {
    use tokio::signal::unix::{SignalKind, signal};
    for kind in [
        SignalKind::terminate(),
        SignalKind::hangup(),
        SignalKind::interrupt(),
    ] {
        let mut s =
            signal(kind).map_err(|e| Failure::new(1, format!("cannot watch signals: {e}")))?;
        let tx = tx.clone();
        tokio::spawn(async move {
            if s.recv().await.is_some() {
                let _ = tx.send(Msg::Quit);
            }
        });
    }
    Ok(())
}

/// Ticks on each whole second, so the clock changes in step with UTC.
pub(crate) fn spawn_clock(tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        loop {
            let now = Utc::now();
            let into = now.timestamp_subsec_millis();
            tokio::time::sleep(Duration::from_millis(u64::from(1000 - into.min(999)))).await;
            if tx.send(Msg::Tick(Utc::now())).is_err() {
                return;
            }
        }
    });
}

fn spawn_terminal_events(tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(ev) = events.next().await {
            let msg = match ev {
                Ok(TermEvent::Key(k)) => Msg::Key(k),
                Ok(TermEvent::Resize(w, h)) => Msg::Resize(w, h),
                // With mouse capture on (M), the wheel moves like the arrow keys.
                Ok(TermEvent::Mouse(m)) => match m.kind {
                    MouseEventKind::ScrollDown => {
                        Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE))
                    }
                    MouseEventKind::ScrollUp => {
                        Msg::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE))
                    }
                    _ => continue,
                },
                Ok(_) => continue,
                Err(_) => Msg::Quit,
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
        // The terminal closed (SSH drop): end cleanly.
        let _ = tx.send(Msg::Quit);
    });
}
