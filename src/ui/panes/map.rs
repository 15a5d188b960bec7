//! View `7`: a world map. Duty stations at their position, marked with their
//! risk level's digit in the level's colour; hazards as a cross in their
//! severity's colour; the selected station (the stations pane's selection)
//! bracketed and labelled. A legend at the side, or at the bottom when narrow.
//!
//! The outline is ratatui's `Canvas` with its world `Map`; the markers are
//! written into the cells afterwards with the same projection the canvas
//! uses for its labels, so a marker sits on the coastline it belongs to and
//! nothing is allocated per point.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::canvas::{Canvas, Circle, Map, MapResolution};

use crate::domain::feed::FeedKind;
use crate::domain::{Severity, Station};
use crate::ui::Screen;
use crate::ui::symbols::{Symbols, fit};
use crate::ui::{pane_block, title_span};

/// Longitude shown, west to east.
pub const LON_BOUNDS: [f64; 2] = [-180.0, 180.0];
/// Latitude shown, south to north: Antarctica and the high Arctic are cut
/// to give the inhabited world the rows.
pub const LAT_BOUNDS: [f64; 2] = [-58.0, 84.0];

/// A side legend from this inner width up; below it, lines at the bottom.
const SIDE_LEGEND_FROM: u16 = 110;
pub(super) const SIDE_LEGEND_WIDTH: u16 = 26;
/// The detailed coastline from this map width up.
const HIGH_RESOLUTION_FROM: u16 = 90;

const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// Where the map and the legend go inside the pane `area`.
struct Areas {
    map: Rect,
    legend: Rect,
    side: bool,
}

fn areas(app: &Screen<'_>, sym: &Symbols, area: Rect) -> Areas {
    let inner = pane_block(app, sym, Line::default(), true).inner(area);
    if inner.width >= SIDE_LEGEND_FROM {
        let [map, gap, legend] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(SIDE_LEGEND_WIDTH),
        ])
        .areas(inner);
        let _ = gap;
        Areas {
            map,
            legend,
            side: true,
        }
    } else {
        let lines = if inner.height >= 8 { 2 } else { 1 };
        let [map, legend] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(lines)]).areas(inner);
        Areas {
            map,
            legend,
            side: false,
        }
    }
}

/// The cell of a position on a map drawn in `map`: the canvas's own label
/// projection, clamped to the map so a station beyond the bounds sits on
/// the edge.
pub fn project(map: Rect, lat: f64, lon: f64) -> Option<(u16, u16)> {
    if map.is_empty() || !lat.is_finite() || !lon.is_finite() {
        return None;
    }
    let lon = lon.clamp(LON_BOUNDS[0], LON_BOUNDS[1]);
    let lat = lat.clamp(LAT_BOUNDS[0], LAT_BOUNDS[1]);
    let w = LON_BOUNDS[1] - LON_BOUNDS[0];
    let h = LAT_BOUNDS[1] - LAT_BOUNDS[0];
    let x = ((lon - LON_BOUNDS[0]) * f64::from(map.width - 1) / w) as u16;
    let y = ((LAT_BOUNDS[1] - lat) * f64::from(map.height - 1) / h) as u16;
    Some((map.x + x.min(map.width - 1), map.y + y.min(map.height - 1)))
}

/// The cell where the map view, drawn in the pane `area`, marks a station.
pub fn station_cell(app: &Screen<'_>, area: Rect, station_id: &str) -> Option<(u16, u16)> {
    let sym = Symbols {
        ascii: app.settings.ascii,
    };
    let s = app.model.stations.iter().find(|s| s.id == station_id)?;
    project(areas(app, &sym, area).map, s.lat, s.lon)
}

pub fn render(frame: &mut Frame, area: Rect, app: &Screen<'_>, sym: &Symbols) {
    let t = &app.theme;
    let stations = &app.rows.stations;
    let selected = app.current_station();
    let hazard_count = hazards(app).count();
    let mut title = vec![
        title_span(app, "Map"),
        Span::styled(
            format!(
                "{} · {} ",
                crate::ui::format::count(stations.len(), "station", "stations"),
                crate::ui::format::count(hazard_count, "hazard", "hazards")
            ),
            t.dim,
        ),
    ];
    if let Some(d) = &app.filter.desk {
        title.push(Span::styled(format!("· desk {d} "), t.dim));
    }
    let block = pane_block(app, sym, Line::from(title), true);
    let a = areas(app, sym, area);
    frame.render_widget(block, area);

    let outline = t.border.fg.or(t.dim.fg).unwrap_or(Color::Reset);
    let ring = t.accent.fg.unwrap_or(Color::Reset);
    let marker = if sym.ascii {
        Marker::Dot
    } else {
        Marker::Braille
    };
    let resolution = if a.map.width >= HIGH_RESOLUTION_FROM {
        MapResolution::High
    } else {
        MapResolution::Low
    };
    // About two cells across, whatever the size.
    let ring_radius = 2.2 * (LON_BOUNDS[1] - LON_BOUNDS[0]) / f64::from(a.map.width.max(1));
    let ring_at = selected.map(|s| (s.lon, s.lat));
    let canvas = Canvas::default()
        .marker(marker)
        .background_color(t.base.bg.unwrap_or(Color::Reset))
        .x_bounds(LON_BOUNDS)
        .y_bounds(LAT_BOUNDS)
        .paint(move |ctx| {
            ctx.draw(&Map {
                resolution,
                color: outline,
            });
            if let Some((x, y)) = ring_at {
                ctx.layer();
                ctx.draw(&Circle {
                    x,
                    y,
                    radius: ring_radius,
                    color: ring,
                });
            }
        });
    frame.render_widget(canvas, a.map);

    let buf = frame.buffer_mut();
    if sym.ascii {
        // The outline in plain dots, on purpose rather than by folding.
        for y in a.map.top()..a.map.bottom() {
            for x in a.map.left()..a.map.right() {
                let cell = &mut buf[(x, y)];
                if !cell.symbol().is_ascii() {
                    cell.set_symbol(".");
                }
            }
        }
    }
    draw_stations(buf, a.map, app);
    draw_hazards(buf, a.map, app, sym);
    if let Some(s) = selected {
        draw_selected(buf, a.map, app, s);
    }
    if stations.is_empty() {
        let msg = if app.model.stations.is_empty() {
            "no stations yet (waiting for the stations feed)"
        } else {
            "no station on this desk"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(msg, t.warning)),
            Rect { height: 1, ..a.map },
        );
    }
    let legend = if a.side {
        super::map_legend::side_legend(app, sym, selected, hazard_count)
    } else {
        super::map_legend::bottom_legend(
            app,
            sym,
            selected,
            a.legend.width as usize,
            a.legend.height,
        )
    };
    frame.render_widget(Paragraph::new(legend).style(t.base), a.legend);
}

/// Hazards with a position: open alerts from hazard feeds, and the hazards
/// near no station that the feeds keep aside.
fn hazards<'a>(app: &'a Screen<'a>) -> impl Iterator<Item = (f64, f64, Severity)> + 'a {
    let feeds = &app.model.feeds;
    let is_hazard_feed = move |id: &str| {
        feeds
            .iter()
            .any(|f| f.kind == FeedKind::Hazards && f.id == id)
    };
    let matched = app
        .model
        .alerts
        .entries
        .iter()
        .filter(move |e| !e.cleared() && is_hazard_feed(&e.alert.source))
        .map(|e| &e.alert);
    let unmatched = feeds
        .iter()
        .filter(|f| f.kind == FeedKind::Hazards)
        .flat_map(|f| f.unmatched.iter());
    matched
        .chain(unmatched)
        .filter_map(|a| Some((a.lat?, a.lon?, a.severity)))
}

pub(super) fn hazard_glyph(ascii: bool, sev: Severity) -> &'static str {
    match (ascii, sev >= Severity::High) {
        (true, true) => "X",
        (true, false) => "x",
        (false, _) => "×",
    }
}

pub(super) fn hazard_style(app: &Screen<'_>, sev: Severity) -> Style {
    let s = app.theme.severity(sev);
    if sev >= Severity::High {
        s.add_modifier(Modifier::BOLD)
    } else {
        s
    }
}

fn draw_hazards(buf: &mut Buffer, map: Rect, app: &Screen<'_>, sym: &Symbols) {
    // Least severe first, so the worst one in a cell is the one shown.
    for sev in Severity::ALL_DESC.iter().rev().copied() {
        for (lat, lon, s) in hazards(app) {
            if s != sev {
                continue;
            }
            if let Some(pos) = project(map, lat, lon).and_then(|p| beside_stations(buf, map, p)) {
                buf[pos]
                    .set_symbol(hazard_glyph(sym.ascii, s))
                    .set_style(hazard_style(app, s));
            }
        }
    }
}

/// The cell itself unless a station holds it, else the first neighbour
/// (right, left, above, below) that holds none: a hazard beside a station
/// stays visible. `None` when the station is boxed in.
fn beside_stations(buf: &Buffer, map: Rect, (x, y): (u16, u16)) -> Option<(u16, u16)> {
    let station = |p: (u16, u16)| {
        let s = buf[p].symbol();
        s.len() == 1 && s.as_bytes()[0].is_ascii_digit()
    };
    if !station((x, y)) {
        return Some((x, y));
    }
    [
        (x.checked_add(1), Some(y)),
        (x.checked_sub(1), Some(y)),
        (Some(x), y.checked_sub(1)),
        (Some(x), y.checked_add(1)),
    ]
    .into_iter()
    .filter_map(|(a, b)| Some((a?, b?)))
    .filter(|&(a, b)| a >= map.left() && a < map.right() && b >= map.top() && b < map.bottom())
    .find(|&p| !station(p) && !is_marker(buf[p].symbol()))
}

pub(super) fn level_style(app: &Screen<'_>, level: u8) -> Style {
    let s = app.theme.level(level);
    if level >= 5 {
        s.add_modifier(Modifier::BOLD)
    } else {
        s
    }
}

pub(super) fn level_digit(level: u8) -> &'static str {
    DIGITS.get(usize::from(level)).copied().unwrap_or("+")
}

fn draw_stations(buf: &mut Buffer, map: Rect, app: &Screen<'_>) {
    let max = app
        .rows
        .stations
        .iter()
        .map(|&i| app.model.stations[i].security_level)
        .max()
        .unwrap_or(0);
    // Lowest level first, so where stations share a cell the most
    // dangerous one is the one shown.
    for level in 0..=max {
        for &i in &app.rows.stations {
            let s = &app.model.stations[i];
            if s.security_level != level {
                continue;
            }
            if let Some(pos) = project(map, s.lat, s.lon) {
                buf[pos]
                    .set_symbol(level_digit(level))
                    .set_style(level_style(app, level));
            }
        }
    }
}

/// Brackets around the selected station and its id and name beside them,
/// to the right where there is room, else to the left.
fn draw_selected(buf: &mut Buffer, map: Rect, app: &Screen<'_>, s: &Station) {
    let Some((x, y)) = project(map, s.lat, s.lon) else {
        return;
    };
    let t = &app.theme;
    buf[(x, y)]
        .set_symbol(level_digit(s.security_level))
        .set_style(level_style(app, s.security_level));
    let mark = t.accent.add_modifier(Modifier::BOLD);
    // Brackets, where they hide no neighbouring station or hazard (the
    // canvas ring and the label still mark the selection).
    if x > map.left() && !is_marker(buf[(x - 1, y)].symbol()) {
        buf[(x - 1, y)].set_symbol("[").set_style(mark);
    }
    if x + 1 < map.right() && !is_marker(buf[(x + 1, y)].symbol()) {
        buf[(x + 1, y)].set_symbol("]").set_style(mark);
    }
    let label = format!(" {} {} ", s.id, s.name);
    let len = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
    let style = t.selected.add_modifier(Modifier::BOLD);
    // Beside the brackets on the same row, else on the row above or below;
    // the first place that neither leaves the map nor hides a marker.
    let right = x + 2;
    let left = x.checked_sub(1 + len);
    let above = y.checked_sub(1).filter(|&r| r >= map.top());
    let below = Some(y + 1).filter(|&r| r < map.bottom());
    let candidates = [
        Some((right, y)),
        left.map(|l| (l, y)),
        above.map(|r| (x, r)),
        below.map(|r| (x, r)),
        above.zip(left).map(|(r, l)| (l + 2, r)),
        below.zip(left).map(|(r, l)| (l + 2, r)),
    ];
    let free = |buf: &Buffer, (lx, ly): (u16, u16)| {
        lx >= map.left()
            && lx + len <= map.right()
            && (lx..lx + len).all(|cx| !is_marker(buf[(cx, ly)].symbol()))
    };
    match candidates.into_iter().flatten().find(|&c| free(buf, c)) {
        Some((lx, ly)) => {
            buf.set_stringn(lx, ly, &label, usize::from(len), style);
        }
        None => {
            // Crowded: the longest clear run to the right of the station,
            // on its row or the ones above and below, the label cut to it.
            let run = |(lx, ly): (u16, u16)| {
                (lx..map.right())
                    .take_while(|&cx| !is_marker(buf[(cx, ly)].symbol()))
                    .count() as u16
            };
            // `max_by_key` keeps the last of equals: the same row last.
            let best = [
                below.map(|r| (x, r)),
                above.map(|r| (x, r)),
                Some((right, y)),
            ]
            .into_iter()
            .flatten()
            .max_by_key(|&c| run(c));
            if let Some((lx, ly)) = best {
                let w = run((lx, ly));
                if w > 0 {
                    let shown = fit(&label, usize::from(w), "");
                    buf.set_stringn(lx, ly, &shown, usize::from(w), style);
                }
            }
        }
    }
}

/// A cell holding a station, hazard or the selection brackets.
fn is_marker(symbol: &str) -> bool {
    matches!(symbol, "×" | "x" | "X" | "[" | "]" | "+")
        || (symbol.len() == 1 && symbol.as_bytes()[0].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_stays_inside_the_map() {
        let map = Rect::new(3, 4, 50, 12);
        assert_eq!(project(map, LAT_BOUNDS[1], LON_BOUNDS[0]), Some((3, 4)));
        assert_eq!(project(map, -90.0, 180.0), Some((52, 15)));
        assert_eq!(project(map, f64::NAN, 0.0), None);
        assert_eq!(project(Rect::new(0, 0, 0, 5), 0.0, 0.0), None);
        let (x, y) = project(map, 0.0, 0.0).unwrap();
        assert!((27..=28).contains(&x) && (10..=12).contains(&y));
    }
}
