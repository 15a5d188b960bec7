//! watchkeeper: a terminal console for the 24-hour watch of a security
//! operations centre. See docs/architecture.md for how the pieces fit.

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod daemon;
pub mod domain;
pub mod feeds;
pub mod history;
pub mod identity;
pub mod journal;
pub mod keymap;
pub mod notifier;
pub mod notify;
pub mod paging;
pub mod report;
pub mod runtime;
pub mod setup;
pub mod sim;
pub mod state;
pub mod theme;
pub mod tui;
pub mod ui;
