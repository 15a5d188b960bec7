//! The real parsers behind cap-atom fetching (`formats::cap_atom` for the
//! index, `formats::cap` for each linked document and for assembly).
//!
//! This build has no CAP parsers yet, so every cap-atom poll says so. Once
//! `formats::cap` and `formats::cap_atom` are merged, everything below this
//! comment becomes (checked in a trial merge with the formats branch):
//!
//! ```ignore
//! use super::cap_atom_fetch::{CapAtomFormat, Index, IndexEntry};
//! use super::formats::{FormatError, ParseCtx, cap, cap_atom};
//! use super::{Parsed, Rejection};
//!
//! /// What one linked CAP document yields, before assembly.
//! pub type Item = cap::CapAlert;
//!
//! /// The feed's parsers, with its context.
//! pub struct BuiltinCapAtom<'a>(pub &'a ParseCtx);
//!
//! impl CapAtomFormat for BuiltinCapAtom<'_> {
//!     type Item = Item;
//!
//!     fn parse_index(&self, bytes: &[u8], base: &str) -> Result<Index<Item>, FormatError> {
//!         let i = cap_atom::parse_index(bytes, base, self.0)?;
//!         let entries = i.entries.into_iter().map(|e| IndexEntry {
//!             url: e.url,
//!             id: e.id,
//!             updated: e.updated,
//!             inline: e.inline,
//!         });
//!         Ok(Index {
//!             entries: entries.collect(),
//!             rejected: i.rejected,
//!         })
//!     }
//!
//!     fn parse_doc(&self, bytes: &[u8]) -> Result<(Vec<Item>, Vec<Rejection>), FormatError> {
//!         let d = cap::parse_alerts(bytes, self.0)?;
//!         Ok((d.alerts, d.rejected))
//!     }
//!
//!     fn assemble(&self, items: Vec<Item>, rejected: Vec<Rejection>) -> Parsed {
//!         cap::assemble(items, rejected, self.0)
//!     }
//! }
//! ```

use super::cap_atom_fetch::{CapAtomFormat, Index};
use super::formats::{FormatError, ParseCtx};
use super::{Parsed, Payload, Rejection};

/// What one linked CAP document yields, before assembly.
pub type Item = std::convert::Infallible;

/// The feed's parsers, with its context.
pub struct BuiltinCapAtom<'a>(pub &'a ParseCtx);

const NOT_BUILT: &str = "format cap-atom is not built yet";

impl CapAtomFormat for BuiltinCapAtom<'_> {
    type Item = Item;

    fn parse_index(&self, _bytes: &[u8], _base: &str) -> Result<Index<Item>, FormatError> {
        Err(FormatError(NOT_BUILT.to_string()))
    }

    fn parse_doc(&self, _bytes: &[u8]) -> Result<(Vec<Item>, Vec<Rejection>), FormatError> {
        Err(FormatError(NOT_BUILT.to_string()))
    }

    fn assemble(&self, _items: Vec<Item>, rejected: Vec<Rejection>) -> Parsed {
        Parsed::new(Payload::Alerts(Vec::new()), rejected)
    }
}
