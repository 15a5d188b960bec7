//! The one loop that owns the app, for the console and the daemon alike:
//! it takes the messages waiting, hands each through `app::driver`, and
//! draws once per batch.

use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::driver::{self, Executor, Flow};
use crate::app::scroll::Viewports;
use crate::app::{App, Msg};
use crate::setup::Failure;

/// Messages handled before the next frame at most.
const BATCH: usize = 512;

/// An executor that also has a screen (or not) and timers to serve.
pub(crate) trait Host: Executor {
    /// A batch of messages is about to be handled.
    fn batch(&mut self) {}

    /// Whether the app's row lists are shown (the daemon shows nothing, so
    /// they are never recomputed there).
    fn shows_rows(&self) -> bool {
        true
    }

    /// Draws the app (called only when something on screen changed), and
    /// says how much room each pane had (`None`: nothing is drawn).
    fn draw(&mut self, _app: &App) -> Result<Option<Viewports>, Failure> {
        Ok(None)
    }
}

/// Runs until an effect stops it or every sender is gone.
pub(crate) async fn drive(
    app: &mut App,
    rx: &mut UnboundedReceiver<Msg>,
    host: &mut impl Host,
) -> Result<(), Failure> {
    loop {
        // A second frame at most: when the first moved a window.
        for _ in 0..2 {
            if !app.dirty {
                break;
            }
            let seen = host.draw(app)?;
            app.dirty = false;
            // The room each pane had may move a window: `update` decides,
            // and asks for another frame if it did.
            if let Some(seen) = seen
                && driver::dispatch(app, Msg::Viewports(seen), host) == Flow::Stop
            {
                return Ok(());
            }
        }
        let Some(first) = rx.recv().await else {
            return Ok(());
        };
        // Take everything already waiting, then draw once.
        let mut batch = vec![first];
        while let Ok(m) = rx.try_recv() {
            batch.push(m);
            if batch.len() >= BATCH {
                break;
            }
        }
        host.batch();
        for msg in batch {
            if driver::dispatch(app, msg, host) == Flow::Stop {
                return Ok(());
            }
        }
        if host.shows_rows() {
            app.refresh_rows();
        }
    }
}
