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
mod report_view;
pub mod roster;
pub mod stations;
pub mod status;
pub mod tabs;
