//! `--ascii`: the last pass over a frame folds every cell that is still not
//! ASCII (feed text such as "Bogotá", punctuation) to an ASCII stand-in, so
//! nothing but ASCII ever reaches the terminal.

use ratatui::buffer::Buffer;

/// An ASCII stand-in for one character: accents dropped, dashes and dots
/// kept as their nearest ASCII, anything else `?`.
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match c {
        'À'..='Å' => 'A',
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'Ç' | 'Ć' | 'Č' => 'C',
        'ç' | 'ć' | 'č' => 'c',
        'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'Ì'..='Ï' | 'İ' => 'I',
        'ì'..='ï' | 'ı' | 'ī' => 'i',
        'Ñ' | 'Ń' | 'Ň' => 'N',
        'ñ' | 'ń' | 'ň' => 'n',
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => 'O',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
        'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' => 'U',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => 'u',
        'Ý' | 'Ÿ' => 'Y',
        'ý' | 'ÿ' => 'y',
        'Š' | 'Ś' | 'Ş' => 'S',
        'š' | 'ś' | 'ş' | 'ß' => 's',
        'Ž' | 'Ź' | 'Ż' => 'Z',
        'ž' | 'ź' | 'ż' => 'z',
        'Ł' => 'L',
        'ł' => 'l',
        'Đ' | 'Ð' => 'D',
        'đ' | 'ð' => 'd',
        'Ğ' => 'G',
        'ğ' => 'g',
        'Ř' => 'R',
        'ř' => 'r',
        'Ť' | 'Ţ' => 'T',
        'ť' | 'ţ' => 't',
        '‘' | '’' | '′' => '\'',
        '“' | '”' | '″' | '«' | '»' => '"',
        '–' | '—' | '─' | '━' | '‐' | '−' => '-',
        '│' | '┃' => '|',
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' => '+',
        '·' | '•' | '∙' => '.',
        '…' => '~',
        '→' | '▶' | '›' => '>',
        '←' | '◀' | '‹' => '<',
        '↑' | '▲' | '⇧' => '^',
        '↓' | '▼' => 'v',
        '×' => 'x',
        '°' => 'o',
        _ => '?',
    }
}

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
