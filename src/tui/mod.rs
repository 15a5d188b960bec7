//! The only module that touches the terminal: init and restore (also on
//! panic, SIGTERM and SIGHUP), frames through the lean backend (only the
//! changed cells, in synchronized updates, see `backend`), and
//! terminal-side effects (OSC 52 copy, mouse capture, notifications).

pub mod backend;
mod motion;
mod sgr;

use std::io::{self, Stdout, Write};

use ratatui::Terminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::style::ResetColor;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::app::App;

use self::backend::LeanBackend;

/// The console's terminal.
pub type Term = Terminal<LeanBackend<Stdout>>;

/// Raw mode, alternate screen, and a panic hook that restores the terminal
/// before the previous hook prints the panic (then the process ends).
pub fn init() -> io::Result<Term> {
    set_panic_hook();
    enable_raw_mode()?;
    let term = execute!(io::stdout(), EnterAlternateScreen)
        .and_then(|()| Terminal::new(LeanBackend::new(io::stdout())));
    if term.is_err() {
        restore();
    }
    term
}

/// On a panic anywhere (the UI, a feed task, the journal thread): restore
/// the terminal, print the panic, and end the process. A console that went
/// on after a task's panic would draw over a restored terminal, and one
/// whose journal thread is gone could never confirm an action; everything
/// already confirmed is on disk.
fn set_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
        std::process::exit(101);
    }));
}

/// Resets colours and attributes (so the shell prompt is never left
/// coloured), shows the cursor, stops mouse capture, leaves the alternate
/// screen and raw mode. Safe to call twice, and quiet when the terminal is
/// already gone (after SIGHUP).
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        ResetColor, // CSI 0 m: colours and attributes
        Show,
        DisableMouseCapture,
        LeaveAlternateScreen
    );
    let _ = disable_raw_mode();
}

/// Draws one frame: only the changed cells, inside a synchronized update
/// unless it is a few cells on one line (the backend decides). Returns the
/// room each pane had, for `update`.
pub fn draw(
    terminal: &mut Term,
    app: &App,
    theme: &crate::theme::Theme,
) -> io::Result<crate::app::scroll::Viewports> {
    let mut seen = Default::default();
    terminal.draw(|f| seen = crate::ui::draw(f, app, theme))?;
    Ok(seen)
}

/// The terminal was resized: it may have moved the cursor.
pub fn resized(terminal: &mut Term) {
    terminal.backend_mut().forget_cursor_position();
}

pub fn set_mouse(on: bool) -> io::Result<()> {
    if on {
        execute!(io::stdout(), EnableMouseCapture)
    } else {
        execute!(io::stdout(), DisableMouseCapture)
    }
}

/// OSC 52: the officer's own terminal puts `text` on its clipboard (works
/// through SSH and, with `set-clipboard on`, tmux).
pub fn copy(text: &str) -> io::Result<()> {
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()))?;
    out.flush()
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
