//! Pure types and rules: no tokio, no ratatui, no I/O. Time is always passed in.

pub mod alert;
pub mod area;
pub mod ascii;
pub mod duration;
pub mod escalation;
pub mod event;
pub mod feed;
pub mod geo;
pub mod ids;
pub mod lifecycle;
pub mod paging;
pub mod related;
pub mod replay;
pub mod risk;
pub mod roster;
pub mod severity;
pub mod station;
pub mod watch;
pub mod words;

pub use alert::{AlertState, SourceAlert, SourceState, StationRef};
pub use area::{Area, Implausible};
pub use roster::{Officer, OfficerStatus};
pub use severity::Severity;
pub use station::Station;
