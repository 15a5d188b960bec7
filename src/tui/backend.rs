//! A ratatui backend that writes as few bytes as it can: a satellite link
//! of 64 kbit/s must carry the console all shift (SPEC §7), and an idle
//! console changes one digit of the clock a second.
//!
//! Across frames it remembers what the terminal already has: the pen
//! (colours and attributes: only the SGR parameters that differ are sent,
//! in one sequence, and there is no reset after each frame), where the
//! cursor is (the next cell is often reached with one byte or none), and
//! whether the cursor is hidden (sent once, not each frame).
//!
//! A frame is buffered and written with one `write`, inside a synchronized
//! update (`CSI ? 2026 h` … `l`) so a slow link never shows half of it,
//! except when it changes only a handful of cells on one line (the clock):
//! there is nothing to tear, and the wrapper would be most of the bytes.

use std::cell::Cell as Shared;
use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Cell, CellDiffOption};
use ratatui::layout::{Position, Size};
use unicode_width::UnicodeWidthStr;

use super::motion::move_to;
use super::sgr::{self, Pen};

const BEGIN_SYNC: &[u8] = b"\x1b[?2026h";
const END_SYNC: &[u8] = b"\x1b[?2026l";

/// A frame that changes at most this many cells, all on one row and with
/// no clear, is written without the synchronized-update wrapper.
pub const SMALL_FRAME_CELLS: usize = 8;

/// Nothing is written when it is dropped: a frame cut short by a panic
/// must not reach the shell's screen after `tui::restore` has left the
/// alternate screen (ratatui's `Terminal` shows the cursor when dropped;
/// `tui::restore` has done that already).
pub struct LeanBackend<W: Write> {
    out: W,
    /// The frame being drawn; starts with `BEGIN_SYNC`, which is written
    /// only if the frame needs it.
    frame: Vec<u8>,
    /// What the terminal will paint with; `None` when not known.
    pen: Option<Pen>,
    /// Where the terminal's cursor is; `None` when not known (before the
    /// first move, after a character of another width than one, at the
    /// right margin).
    at: Option<Position>,
    cursor_visible: Option<bool>,
    /// `Some` for a terminal of fixed size that is not asked (tests).
    fixed: Option<Size>,
    /// The width last seen by `size`, to tell when a write reached the
    /// right margin.
    columns: Shared<u16>,
    changes: Changes,
}

/// What the frame being drawn changes, to decide on the wrapper.
#[derive(Default)]
struct Changes {
    cells: usize,
    row: Option<u16>,
    rows: usize,
    cleared: bool,
}

impl Changes {
    fn small(&self) -> bool {
        !self.cleared && self.rows <= 1 && self.cells <= SMALL_FRAME_CELLS
    }

    fn cell(&mut self, y: u16) {
        self.cells += 1;
        if self.row != Some(y) {
            self.row = Some(y);
            self.rows += 1;
        }
    }
}

impl<W: Write> LeanBackend<W> {
    /// A backend for the terminal on `out` (its size asked of the tty).
    pub fn new(out: W) -> Self {
        Self::make(out, None)
    }

    /// A backend for a terminal of `size` that is never asked (tests, or
    /// output to something that is not a tty).
    pub fn with_size(out: W, size: Size) -> Self {
        Self::make(out, Some(size))
    }

    fn make(out: W, fixed: Option<Size>) -> Self {
        let mut frame = Vec::with_capacity(16 * 1024);
        frame.extend_from_slice(BEGIN_SYNC);
        LeanBackend {
            out,
            frame,
            pen: None,
            at: None,
            cursor_visible: None,
            fixed,
            columns: Shared::new(fixed.map_or(0, |s| s.width)),
            changes: Changes::default(),
        }
    }

    /// The fixed-size terminal was resized (tests).
    pub fn set_size(&mut self, size: Size) {
        self.fixed = Some(size);
        self.columns.set(size.width);
        // A real terminal may move the cursor when it is resized.
        self.at = None;
    }

    /// Something else may have moved the cursor (the terminal was
    /// resized): the next cell is placed absolutely.
    pub fn forget_cursor_position(&mut self) {
        self.at = None;
    }

    pub fn writer(&self) -> &W {
        &self.out
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Writes the pending frame (wrapped if it needs to be) with one write.
    fn write_frame(&mut self) -> io::Result<()> {
        let changes = std::mem::take(&mut self.changes);
        if self.frame.len() > BEGIN_SYNC.len() {
            let bytes = if changes.small() {
                &self.frame[BEGIN_SYNC.len()..]
            } else {
                self.frame.extend_from_slice(END_SYNC);
                &self.frame[..]
            };
            let written = self.out.write_all(bytes);
            self.frame.truncate(BEGIN_SYNC.len());
            written?;
        }
        self.out.flush()
    }

    /// The pen back to the default: before a clear, since terminals paint
    /// cleared cells with the current background.
    fn reset_pen(&mut self) {
        if self.pen != Some(Pen::DEFAULT) {
            self.frame.extend_from_slice(sgr::RESET);
            self.pen = Some(Pen::DEFAULT);
        }
    }

    /// Where the cursor is after writing `cell` at (x, y).
    fn after(&self, x: u16, y: u16, cell: &Cell) -> Option<Position> {
        let symbol = cell.symbol();
        // One byte is a printable ASCII character (ratatui keeps controls
        // out of cells).
        let narrow = !matches!(cell.diff_option, CellDiffOption::ForcedWidth(_))
            && (symbol.len() == 1 || symbol.width() == 1);
        // At the right margin the terminal waits to wrap, and what the next
        // move does from there differs between terminals: forget it. After
        // a wide (or zero-width) symbol, the terminal may not agree on its
        // width: forget that too, so the next cell is placed absolutely.
        let next = x.saturating_add(1);
        (narrow && next < self.columns.get()).then_some(Position { x: next, y })
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            self.changes.cell(y);
            move_to(&mut self.frame, self.at, Position { x, y });
            let pen = Pen::of(cell);
            sgr::transition(&mut self.frame, self.pen, pen);
            self.pen = Some(pen);
            self.frame.extend_from_slice(cell.symbol().as_bytes());
            self.at = self.after(x, y, cell);
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.changes.cleared = true;
        for _ in 0..n {
            self.frame.push(b'\n');
        }
        self.at = None;
        self.write_frame()
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(false) {
            self.frame.extend_from_slice(b"\x1b[?25l");
            self.cursor_visible = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(true) {
            self.frame.extend_from_slice(b"\x1b[?25h");
            self.cursor_visible = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        match (self.at, self.fixed) {
            (Some(p), _) => Ok(p),
            (None, Some(_)) => Ok(Position::ORIGIN),
            (None, None) => {
                let (x, y) = ratatui::crossterm::cursor::position()?;
                Ok(Position { x, y })
            }
        }
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let to = position.into();
        move_to(&mut self.frame, self.at, to);
        self.at = Some(to);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.reset_pen();
        self.changes.cleared = true;
        self.frame.extend_from_slice(match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        });
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        let size = match self.fixed {
            Some(s) => s,
            None => {
                let (width, height) = ratatui::crossterm::terminal::size()?;
                Size { width, height }
            }
        };
        self.columns.set(size.width);
        Ok(size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        if let Some(size) = self.fixed {
            return Ok(WindowSize {
                columns_rows: size,
                pixels: Size::default(),
            });
        }
        let w = ratatui::crossterm::terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: w.columns,
                height: w.rows,
            },
            pixels: Size {
                width: w.width,
                height: w.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_frame()
    }
}

#[cfg(test)]
#[path = "backend_tests.rs"]
mod tests;
