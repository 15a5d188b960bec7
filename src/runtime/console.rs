//! The console's executor: the terminal, the journal thread, the notifier
//! and the theme it draws in.

use std::sync::mpsc as std_mpsc;

use chrono::Utc;
use tokio::sync::mpsc::UnboundedSender;

use super::{Host, JournalCmd, write_report};
use crate::app::driver::{Executor, Flow};
use crate::app::scroll::Viewports;
use crate::app::{App, Effect, FlashKind, Msg};
use crate::notifier::Notifier;
use crate::setup::{Failure, Setup};
use crate::{theme, tui};

pub(super) struct Console<'a> {
    pub terminal: tui::Term,
    /// The console owns the theme; the app never sees it.
    pub theme: theme::Theme,
    pub journal_tx: &'a std_mpsc::Sender<JournalCmd>,
    pub setup: &'a Setup,
    pub notifier: &'a mut Notifier,
    pub tx: &'a UnboundedSender<Msg>,
}

impl Executor for Console<'_> {
    fn execute(&mut self, app: &App, effect: Effect, replies: &mut Vec<Msg>) -> Flow {
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
                    replies.push(Msg::Status(
                        FlashKind::Error,
                        "journal writer stopped: action not recorded".to_string(),
                    ));
                }
            }
            Effect::Checkpoint { seq, state } => {
                // Only lost if the journal thread is gone, which an append
                // reports.
                let _ = self.journal_tx.send(JournalCmd::Checkpoint { seq, state });
            }
            Effect::LoadHistory { alert, before } => {
                let _ = self.journal_tx.send(JournalCmd::History { alert, before });
            }
            Effect::Copy(text) => {
                let _ = tui::copy(&text);
            }
            Effect::Mouse(on) => {
                let _ = tui::set_mouse(on);
            }
            Effect::Theme(name) => replies.push(match theme::load(&name, self.setup.depth) {
                Ok(t) => {
                    self.theme = t;
                    Msg::Status(FlashKind::Ok, format!("theme {name}"))
                }
                Err(e) => Msg::Status(FlashKind::Error, e.to_string()),
            }),
            Effect::Notify(n) => self.notifier.push(Utc::now(), n),
            Effect::NotifyOnTerminal(title, body) => self.notifier.desktop_failed(&title, &body),
            Effect::Resized => tui::resized(&mut self.terminal),
            Effect::WriteReport(shift) => write_report(app, self.setup, &shift, self.tx.clone()),
            Effect::Quit => return Flow::Stop,
        }
        Flow::Continue
    }
}

impl Host for Console<'_> {
    fn batch(&mut self) {
        self.notifier.tick(Utc::now());
    }

    fn draw(&mut self, app: &App) -> Result<Option<Viewports>, Failure> {
        tui::draw(&mut self.terminal, app, &self.theme)
            .map(Some)
            .map_err(|e| Failure::new(1, format!("terminal: {e}")))
    }
}
