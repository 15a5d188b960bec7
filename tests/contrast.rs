//! Readable where it matters most (issue 12 item 4): the selected row —
//! what `a` would act on — reads at 4.5:1 or better (WCAG AA) for every
//! severity and state word on it, in every theme shipped in `themes/`. The
//! contrast is computed from the colours of the drawn cells.

mod common;

use std::collections::BTreeSet;

use common::*;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use watchkeeper::app::{App, Msg};
use watchkeeper::journal::EventKind;
use watchkeeper::theme::contrast::{MIN_CONTRAST, ratio, rgb_of};
use watchkeeper::theme::{self, ColorDepth, Theme};

const W: u16 = 160;
const H: u16 = 40;

fn shipped_themes() -> Vec<(String, Theme)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("themes/ is readable") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).expect("theme file");
        let t = theme::parse(
            &name,
            &text,
            &path.display().to_string(),
            ColorDepth::TrueColor,
        )
        .expect("shipped theme parses");
        out.push((name, t));
    }
    assert!(out.len() >= 4, "{out:?}", out = out.len());
    out
}

/// The selected row of the alerts pane: (y, first x, last x).
fn selected_row(buf: &Buffer) -> Option<(u16, u16, u16)> {
    for y in 0..H {
        for x in 0..W {
            if buf[(x, y)].symbol() == "▶" {
                // The row runs to the pane's right border.
                let end = (x + 1..W)
                    .find(|&e| buf[(e, y)].symbol() == "│")
                    .unwrap_or(W);
                return Some((y, x, end));
            }
        }
    }
    None
}

fn row_text(buf: &Buffer, y: u16, x0: u16, x1: u16) -> String {
    (x0..x1).map(|x| buf[(x, y)].symbol()).collect()
}

#[test]
fn the_selected_row_reads_at_4_5_to_1_in_every_shipped_theme() {
    let mut failures = Vec::new();
    for (name, theme) in shipped_themes() {
        let base_fg = theme.base.fg.and_then(rgb_of);
        let base_bg = theme.base.bg.and_then(rgb_of);
        let mut app = Console {
            app: App::new(model(), settings("alice"), None, now()),
            theme,
        };
        // One acknowledged alert, so ACK is on a selected row too.
        app.update(Msg::Journal(vec![event(
            1,
            "bob",
            1,
            EventKind::Acknowledged {
                alert: "incidents:INC-2026-0409".into(),
            },
            None,
        )]));
        app.update(Msg::Tick(now()));
        let mut seen = BTreeSet::new();
        for _ in 0..app.rows.alerts.len() {
            let buf = buffer(&app, W, H);
            let (y, x0, x1) = selected_row(&buf).expect("a selected row");
            let text = row_text(&buf, y, x0, x1);
            for word in ["CRIT", "HIGH", "MED", "LOW", "INFO", "NEW", "ACK", "CLR"] {
                if text.contains(word) {
                    seen.insert(word);
                }
            }
            for x in x0..x1 {
                let cell = &buf[(x, y)];
                if cell.symbol().trim().is_empty() {
                    continue;
                }
                let fg = if cell.fg == Color::Reset {
                    base_fg
                } else {
                    rgb_of(cell.fg)
                };
                let bg = if cell.bg == Color::Reset {
                    base_bg
                } else {
                    rgb_of(cell.bg)
                };
                let (Some(fg), Some(bg)) = (fg, bg) else {
                    failures.push(format!("{name}: {text:?}: a cell has no known colour"));
                    break;
                };
                if cell.modifier.contains(ratatui::style::Modifier::DIM) {
                    failures.push(format!("{name}: {:?} dim in {text:?}", cell.symbol()));
                    break;
                }
                let r = ratio(fg, bg);
                if r < MIN_CONTRAST {
                    failures.push(format!(
                        "{name}: {:?} at {x} in {text:?}: {r:.2}:1",
                        cell.symbol()
                    ));
                    break;
                }
            }
            app.update(key('j'));
        }
        for word in ["CRIT", "HIGH", "MED", "LOW", "INFO", "NEW", "ACK", "CLR"] {
            assert!(
                seen.contains(word),
                "{name}: no selected row showed {word}: {seen:?}"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
