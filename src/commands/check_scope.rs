//! `check`'s scope checks: a config with no feeds (a warning: the console
//! would show nothing) and a desk no loaded station belongs to (an error,
//! named by file, line and key, or by `--desk`).

use crate::config::{ConfigSource, Desk};
use crate::feeds::FeedUpdate;
use crate::setup::{Failure, Setup};
use crate::state::scope;

/// The warning for a config with no feeds, if it has none.
pub fn no_feeds_warning(setup: &Setup) -> Option<String> {
    setup.config.feeds.is_empty().then(|| {
        format!(
            "warning: {}: no feeds configured: the console will show nothing \
             (add a [[feeds]] table)",
            setup.config.source
        )
    })
}

/// Refuses a desk that none of the polled stations' regions is.
pub fn check_desk(setup: &Setup, updates: &[FeedUpdate]) -> Result<(), Failure> {
    let Some(desk) = setup.desk.as_deref() else {
        return Ok(());
    };
    let mut model = setup.model(chrono::Utc::now());
    for u in updates {
        model.apply_feed(u.clone());
    }
    let regions = scope::regions(&model);
    let Err(e) = scope::check_desk(desk, &regions) else {
        return Ok(());
    };
    let from_config = setup.config.console.desk == Desk::Region(desk.to_string());
    let message = match (&setup.config.source, from_config) {
        (ConfigSource::File(path), true) => {
            let line = std::fs::read_to_string(path)
                .ok()
                .and_then(|text| desk_line(&text))
                .map_or(String::new(), |n| format!(":{n}"));
            format!("config error: {}{line}: console.desk: {e}", path.display())
        }
        (source, true) => format!("config error: {source}: console.desk: {e}"),
        (_, false) => format!("--desk {desk:?}: {e}"),
    };
    Err(Failure::new(2, message))
}

/// The line of `desk = …` in the `[console]` table.
fn desk_line(text: &str) -> Option<usize> {
    let mut in_console = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_console = t.trim_start_matches('[').trim_end_matches(']').trim() == "console";
            continue;
        }
        let key = t.split('=').next().unwrap_or("").trim();
        if in_console && t.contains('=') && key == "desk" {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn desk_line_found_in_the_console_table_only() {
        let text = "[watch]\ndesk = \"x\"\n\n[console]\ntheme = \"a\"\ndesk = \"afrika\"\n";
        assert_eq!(super::desk_line(text), Some(6));
        assert_eq!(super::desk_line("[console]\ntheme = \"a\"\n"), None);
    }
}
