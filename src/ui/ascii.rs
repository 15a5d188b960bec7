//! `--ascii`: the last pass over a frame folds every cell that is still not
//! ASCII (feed text such as "Bogotá", punctuation) to an ASCII stand-in, so
//! nothing but ASCII ever reaches the terminal.

use ratatui::buffer::Buffer;

pub use crate::domain::ascii::fold;

/// Folds every non-ASCII cell of the buffer.
pub fn fold_buffer(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            let sym = cell.symbol();
            if !sym.is_ascii() {
                let folded: String = sym.chars().next().map(fold).into_iter().collect();
                cell.set_symbol(if folded.is_empty() { " " } else { &folded });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_punctuation_and_unknowns() {
        let s: String = "Bogotá – Kraków · 東".chars().map(fold).collect();
        assert_eq!(s, "Bogota - Krakow . ?");
    }
}
