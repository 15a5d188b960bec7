//! Feeds: transports, formats and the polling scheduler. Only this module
//! touches the network; everything it hands on is already inert text.

pub mod cap_atom_builtin;
pub mod cap_atom_fetch;
pub mod formats;
pub mod http;
pub mod sanitize;
pub mod scheduler;
pub mod transport;

/// A poll's result is domain vocabulary (the state merges it without
/// knowing the transport); re-exported so feed code keeps its paths.
pub use crate::domain::feed::{
    FeedOutcome, FeedUpdate, Parsed, Payload, Rejection, rejection_summary,
};
