//! One way to run the app, for every host: each message goes through
//! `update`, and each effect it returns goes to the host's [`Executor`]
//! (the console, the daemon, a test). What an effect leads to comes back as
//! a message: at once through `replies` (a theme loaded, a test's journal),
//! or later through the host's own channel (the journal thread, a report
//! written). Nothing but `update` changes the app.

use std::collections::VecDeque;

use super::{App, Effect, Msg};

/// Whether to go on after an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// `Effect::Quit`, or the host cannot go on.
    Stop,
}

/// What carries out the app's effects.
pub trait Executor {
    /// Carries out one effect. Outcomes known at once go in `replies`; they
    /// are handled before the next message.
    fn execute(&mut self, app: &App, effect: Effect, replies: &mut Vec<Msg>) -> Flow;

    /// Sees each message before the app handles it (the daemon logs them).
    fn observe(&mut self, _app: &App, _msg: &Msg) {}
}

/// Hands `msg` to the app, then every effect to `exec`, then the replies
/// to the app in turn, until none is left or an effect stops the run. Row
/// lists are left as drawn (the host refreshes them once per batch).
pub fn dispatch(app: &mut App, msg: Msg, exec: &mut impl Executor) -> Flow {
    let mut queue = VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        exec.observe(app, &msg);
        for effect in app.handle(msg) {
            let mut replies = Vec::new();
            if exec.execute(app, effect, &mut replies) == Flow::Stop {
                return Flow::Stop;
            }
            queue.extend(replies);
        }
    }
    Flow::Continue
}

/// As [`dispatch`], then refreshes the row lists: one message at a time, as
/// tests drive the app.
pub fn step(app: &mut App, msg: Msg, exec: &mut impl Executor) -> Flow {
    let flow = dispatch(app, msg, exec);
    app.refresh_rows();
    flow
}
