//! The real parsers behind cap-atom fetching: `formats::cap_atom` reads
//! the index, `formats::cap::parse_alerts` each linked document, and
//! `formats::cap::assemble` resolves everything a poll gathered (status
//! filtering, `Update`/`Cancel` across documents, `min_severity`).

use super::cap_atom_fetch::{CapAtomFormat, Index, IndexEntry};
use super::formats::{FormatError, ParseCtx, cap, cap_atom};
use super::{Parsed, Rejection};

/// What one linked CAP document yields, before assembly.
pub type Item = cap::CapAlert;

/// The feed's parsers, with its context.
pub struct BuiltinCapAtom<'a>(pub &'a ParseCtx);

impl CapAtomFormat for BuiltinCapAtom<'_> {
    type Item = Item;

    fn parse_index(&self, bytes: &[u8], base: &str) -> Result<Index<Item>, FormatError> {
        let i = cap_atom::parse_index(bytes, base, self.0)?;
        let entries = i.entries.into_iter().map(|e| IndexEntry {
            url: e.url,
            id: e.id,
            updated: e.updated,
            inline: e.inline,
        });
        Ok(Index {
            entries: entries.collect(),
            rejected: i.rejected,
        })
    }

    fn parse_doc(&self, bytes: &[u8]) -> Result<(Vec<Item>, Vec<Rejection>), FormatError> {
        let d = cap::parse_alerts(bytes, self.0)?;
        Ok((d.alerts, d.rejected))
    }

    fn assemble(&self, items: Vec<Item>, rejected: Vec<Rejection>) -> Parsed {
        cap::assemble(items, rejected, self.0)
    }
}
