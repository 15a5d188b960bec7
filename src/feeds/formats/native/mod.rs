//! `watchkeeper-json`: the native format for stations, incidents and roster.
//!
//! The document is read in one pass into borrowed items of the feed's kind:
//! strings are borrowed from the bytes unless they hold escapes. When an item
//! does not have the right shape (a number where a string belongs, an array
//! for an item) that pass fails as a whole; the document is then read again
//! into borrowed raw items and each is parsed on its own, so the bad one is
//! rejected with its reason and the rest load. Both ways parse an item with
//! the same type, so they agree on every item. Every string is made inert
//! before it leaves this module.

mod items;

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::value::RawValue;

use super::{FormatError, ParseCtx, parse_time};
use crate::config::FeedKind;
use crate::feeds::{Parsed, Payload, Rejection};
use items::{RawIncident, RawOfficer, RawStation};

/// A JSON string, borrowed from the document when it holds no escapes.
struct Str<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor)
    }
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Str<'de>;

    // As `String`'s, so that a rejection reads as it always has.
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Str(Cow::Owned(v)))
    }
}

type Raw<'a> = &'a RawValue;

/// The document, with the items of each kind as `S`, `I` and `O`: parsed
/// items for the feed's kind in the one pass, raw items otherwise.
#[derive(serde::Deserialize)]
struct Document<'a, S, I, O> {
    #[serde(borrow, default)]
    generated_at: Option<Str<'a>>,
    // A missing `Option` is `None` (no `default`: it would ask `S: Default`).
    stations: Option<Vec<S>>,
    incidents: Option<Vec<I>>,
    officers: Option<Vec<O>>,
}

/// Every kind's items raw: the second reading.
type RawDocument<'a> = Document<'a, Raw<'a>, Raw<'a>, Raw<'a>>;

/// A feed's items: parsed in the one pass, or raw, to parse one by one.
enum Items<'a, T> {
    Parsed(Vec<T>),
    Raw(Vec<Raw<'a>>),
}

/// Parses one `watchkeeper-json` document of the feed's kind.
pub fn parse(bytes: &[u8], ctx: &ParseCtx) -> Result<Parsed, FormatError> {
    parse_with(bytes, ctx, true)
}

/// [`parse`], trying the one pass first or (`one_pass` false, for the
/// tests that compare the two ways) going item by item straight away.
fn parse_with<'a>(bytes: &'a [u8], ctx: &ParseCtx, one_pass: bool) -> Result<Parsed, FormatError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| FormatError(format!("not UTF-8 at byte {}", e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rejected = Vec::new();
    let payload = match ctx.kind {
        FeedKind::Stations => {
            let pass =
                |d: Document<'a, RawStation<'a>, Raw<'a>, Raw<'a>>| (d.generated_at, d.stations);
            let (generated, items) = read(text, ctx, pass, one_pass, |d| d.stations)?;
            Payload::Stations(collect(items, &mut rejected, |r| {
                items::station(r, ctx, generated)
            }))
        }
        FeedKind::Incidents | FeedKind::Hazards => {
            let pass =
                |d: Document<'a, Raw<'a>, RawIncident<'a>, Raw<'a>>| (d.generated_at, d.incidents);
            let (generated, items) = read(text, ctx, pass, one_pass, |d| d.incidents)?;
            let mut alerts = collect(items, &mut rejected, |r| items::incident(r, ctx, generated));
            alerts.retain(|a| a.severity >= ctx.min_severity);
            Payload::Alerts(alerts)
        }
        FeedKind::Roster => {
            let pass =
                |d: Document<'a, Raw<'a>, Raw<'a>, RawOfficer<'a>>| (d.generated_at, d.officers);
            let (_, items) = read(text, ctx, pass, one_pass, |d| d.officers)?;
            Payload::Roster(collect(items, &mut rejected, items::officer))
        }
    };
    Ok(Parsed {
        payload,
        rejected,
        superseded: Vec::new(),
    })
}

/// Reads the document: in one pass into `D` (whose `pick` gives the time
/// and the kind's items), or, when an item does not fit (or `one_pass` is
/// false), into raw items (`pick_raw`). Returns the document's time and the
/// items.
fn read<'a, D, T>(
    text: &'a str,
    ctx: &ParseCtx,
    pick: impl FnOnce(D) -> (Option<Str<'a>>, Option<Vec<T>>),
    one_pass: bool,
    pick_raw: impl FnOnce(RawDocument<'a>) -> Option<Vec<Raw<'a>>>,
) -> Result<(chrono::DateTime<chrono::Utc>, Items<'a, T>), FormatError>
where
    D: Deserialize<'a>,
{
    let doc = if one_pass {
        serde_json::from_str::<D>(text).ok()
    } else {
        None
    };
    let (generated_at, items) = match doc {
        Some(doc) => {
            let (at, items) = pick(doc);
            (at, items.map(Items::Parsed))
        }
        None => {
            let mut doc: RawDocument<'a> = serde_json::from_str(text)
                .map_err(|e| FormatError(format!("not a watchkeeper-json document: {e}")))?;
            let at = doc.generated_at.take();
            (at, pick_raw(doc).map(Items::Raw))
        }
    };
    let key = match ctx.kind {
        FeedKind::Stations => "stations",
        FeedKind::Incidents | FeedKind::Hazards => "incidents",
        FeedKind::Roster => "officers",
    };
    let items = items.ok_or_else(|| FormatError(format!("document has no \"{key}\" array")))?;
    let generated = generated_at
        .as_ref()
        .and_then(|s| parse_time(&s.0))
        .unwrap_or(ctx.now);
    Ok((generated, items))
}

use super::ItemResult;

/// Turns each item into `T` with `f`; an item that fails (to parse, when
/// raw, or in `f`) is counted in `rejected` with its position and reason.
fn collect<'a, R, T>(
    items: Items<'a, R>,
    rejected: &mut Vec<Rejection>,
    mut f: impl FnMut(R) -> ItemResult<T>,
) -> Vec<T>
where
    R: Deserialize<'a>,
{
    let n = match &items {
        Items::Parsed(v) => v.len(),
        Items::Raw(v) => v.len(),
    };
    let mut out = Vec::with_capacity(n);
    let mut keep = |index: usize, item: ItemResult<T>| match item {
        Ok(item) => out.push(item),
        Err((id, reason)) => rejected.push(Rejection { index, id, reason }),
    };
    match items {
        Items::Parsed(items) => {
            for (index, r) in items.into_iter().enumerate() {
                keep(index, f(r));
            }
        }
        Items::Raw(items) => {
            for (index, raw) in items.iter().enumerate() {
                keep(index, item(raw.get()).and_then(&mut f));
            }
        }
    }
    out
}

/// Parses a raw item, turning a serde error into a short reason.
fn item<'a, T: Deserialize<'a>>(raw: &'a str) -> ItemResult<T> {
    serde_json::from_str(raw).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line").next().unwrap_or(&msg).to_string();
        (None, msg)
    })
}

#[cfg(test)]
mod tests;
