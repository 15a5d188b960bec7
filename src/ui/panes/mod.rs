//! One file per pane.

pub mod alerts;
pub(crate) mod deliveries;
pub mod detail;
pub mod feeds;
pub mod footer;
pub mod help;
pub mod log;
pub mod map;
mod map_legend;
mod related;
mod report_view;
pub mod roster;
pub mod stations;
pub mod status;
pub mod tabs;

/// Why the console shows nothing though nothing is wrong with the data: no
/// feed configured, or a desk no station belongs to.
pub fn scope_warning(app: &crate::app::App) -> Option<String> {
    if app.model.feeds.is_empty() {
        return Some(
            "no feeds configured: nothing will arrive (add [[feeds]] to the config; \
             `watchkeeper check` lists them)"
                .to_string(),
        );
    }
    let desk = app.filter.desk.as_deref()?;
    let regions = crate::state::scope::regions(&app.model);
    crate::state::scope::check_desk(desk, &regions)
        .err()
        .map(|e| format!("desk: {e}"))
}
