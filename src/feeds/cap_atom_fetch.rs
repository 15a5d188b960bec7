//! `cap-atom` fetching: read the index, fetch the CAP documents it links
//! with bounded concurrency, reuse what has not changed, and merge all of
//! it into one `Parsed`.
//!
//! The parsers are behind [`CapAtomFormat`] so this module depends on no
//! particular XML code; `builtin_format` supplies the real ones.
//!
//! Caching: each linked document is kept by URL together with the entry's
//! `id` and `updated` from the index. An entry whose `id` and `updated` are
//! the same as last time is not fetched again; one without `updated` is
//! re-fetched conditionally (`If-None-Match`/`If-Modified-Since`), and a
//! 304 reuses the cached result.

use std::collections::HashMap;

use futures::StreamExt;
use futures::future::BoxFuture;

use super::formats::{FormatError, ParseCtx};
use super::http::{Fetched, Validators};
use super::{Parsed, Payload, Rejection};
use crate::domain::SourceAlert;

/// How many CAP documents are fetched at once.
pub const CONCURRENCY: usize = 4;

/// One entry of an Atom or RSS index of CAP alerts.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// The CAP document's absolute URL (resolved against the index URL).
    pub url: String,
    /// The entry's id (Atom `<id>`, RSS `<guid>`), else its URL.
    pub id: String,
    /// The entry's `<updated>` (or `<pubDate>`), as written.
    pub updated: Option<String>,
    /// The alert, when the index carries it whole and nothing need be fetched.
    pub inline: Option<SourceAlert>,
}

/// The two parsers cap-atom needs. `parse_cap` parses one CAP document with
/// the feed's context (captured by the implementation).
pub trait CapAtomFormat: Send + Sync {
    fn parse_index(&self, bytes: &[u8], base_url: &str) -> Result<Vec<IndexEntry>, FormatError>;
    fn parse_cap(&self, bytes: &[u8]) -> Result<Parsed, FormatError>;
}

/// The real parsers for a feed, or `None` in a build without them.
///
/// Wiring (once `formats::cap` and `formats::cap_atom` exist): return
/// `Some(Box::new(BuiltinCapAtom(ctx)))` with an adapter whose
/// `parse_index` calls `formats::cap_atom::parse_index` (mapping its entries
/// into [`IndexEntry`]) and whose `parse_cap` calls `formats::cap::parse(bytes, ctx)`.
pub fn builtin_format(_ctx: &ParseCtx) -> Option<Box<dyn CapAtomFormat + '_>> {
    None
}

#[derive(Debug, Clone)]
struct CachedDoc {
    id: String,
    updated: Option<String>,
    validators: Validators,
    parsed: Parsed,
}

/// What a cap-atom feed remembers between polls.
#[derive(Debug, Default)]
pub struct CapAtomCache {
    docs: HashMap<String, CachedDoc>,
    /// Some entry failed last poll: the next poll must not be skipped as
    /// unchanged, so the failed entries are tried again.
    pub had_failures: bool,
}

/// Fetches one linked document: `(url, validators)` to a response.
pub type FetchDoc<'a> =
    dyn Fn(String, Option<Validators>) -> BoxFuture<'a, Result<Fetched, String>> + Send + Sync + 'a;

enum Job {
    Inline(SourceAlert),
    Cached(Parsed),
    Fetch(Option<Validators>),
}

/// Parses the index, fetches what changed (at most `concurrency` at once)
/// and merges every entry's alerts. A bad entry is skipped and counted as
/// rejected; a bad index, or every entry failing, fails the poll.
pub async fn poll(
    index: &[u8],
    base_url: &str,
    format: &dyn CapAtomFormat,
    cache: &mut CapAtomCache,
    fetch: &FetchDoc<'_>,
    concurrency: usize,
) -> Result<Parsed, String> {
    let entries = format.parse_index(index, base_url).map_err(|e| e.0)?;
    let jobs: Vec<Job> = entries
        .iter()
        .map(|e| match (&e.inline, cache.docs.get(&e.url)) {
            (Some(a), _) => Job::Inline(a.clone()),
            (None, Some(c)) if c.id == e.id && e.updated.is_some() && c.updated == e.updated => {
                Job::Cached(c.parsed.clone())
            }
            (None, Some(c)) if c.id == e.id => Job::Fetch(Some(c.validators.clone())),
            (None, _) => Job::Fetch(None),
        })
        .collect();
    let wanted: Vec<(usize, String, Option<Validators>)> = jobs
        .iter()
        .enumerate()
        .filter_map(|(i, j)| match j {
            Job::Fetch(v) => Some((i, entries[i].url.clone(), v.clone())),
            _ => None,
        })
        .collect();
    let fetched: Vec<(usize, Result<Fetched, String>)> = futures::stream::iter(wanted)
        .map(|(i, url, cond)| {
            let fut = fetch(url, cond);
            async move { (i, fut.await) }
        })
        .buffered(concurrency.max(1))
        .collect()
        .await;
    let mut results: HashMap<usize, Result<Fetched, String>> = fetched.into_iter().collect();

    let mut alerts: Vec<SourceAlert> = Vec::new();
    let mut rejected: Vec<Rejection> = Vec::new();
    let mut failures = 0usize;
    let mut loaded = 0usize;
    let mut docs = HashMap::with_capacity(entries.len());
    for (i, (entry, job)) in entries.iter().zip(jobs).enumerate() {
        let reject = |reason: String| Rejection {
            index: i,
            id: Some(entry.id.clone()),
            reason,
        };
        let parsed = match job {
            Job::Inline(a) => {
                alerts.push(a);
                loaded += 1;
                continue;
            }
            Job::Cached(p) => p,
            Job::Fetch(_) => match results.remove(&i) {
                Some(Ok(Fetched::NotModified)) => match cache.docs.get(&entry.url) {
                    Some(c) => c.parsed.clone(),
                    None => {
                        failures += 1;
                        rejected.push(reject(format!("{}: 304 with no cached copy", entry.url)));
                        continue;
                    }
                },
                Some(Ok(Fetched::Body { bytes, validators })) => match format.parse_cap(&bytes) {
                    Ok(p) => {
                        let doc = CachedDoc {
                            id: entry.id.clone(),
                            updated: entry.updated.clone(),
                            validators,
                            parsed: p.clone(),
                        };
                        docs.insert(entry.url.clone(), doc);
                        p
                    }
                    Err(e) => {
                        failures += 1;
                        rejected.push(reject(format!("{}: {e}", entry.url)));
                        continue;
                    }
                },
                Some(Err(e)) => {
                    failures += 1;
                    rejected.push(reject(format!("{}: {e}", entry.url)));
                    continue;
                }
                None => continue,
            },
        };
        if let Some(mut c) = cache.docs.remove(&entry.url) {
            // A 304 or a cache hit: the entry's new `updated` now describes it.
            c.updated = entry.updated.clone();
            docs.entry(entry.url.clone()).or_insert(c);
        }
        loaded += 1;
        if let Payload::Alerts(list) = parsed.payload {
            alerts.extend(list);
        }
        rejected.extend(
            parsed
                .rejected
                .into_iter()
                .map(|r| Rejection { index: i, ..r }),
        );
    }
    // Entries gone from the index are forgotten.
    cache.docs = docs;
    cache.had_failures = failures > 0;
    if loaded == 0 && failures > 0 {
        let first = rejected
            .first()
            .map(|r| r.reason.clone())
            .unwrap_or_default();
        return Err(format!(
            "all {failures} CAP documents failed; the first: {first}"
        ));
    }
    Ok(Parsed {
        payload: Payload::Alerts(dedupe(alerts)),
        rejected,
    })
}

/// One alert per id: an update or cancellation in a later document
/// replaces the earlier one (the latest `updated_at` wins; on a tie, the
/// later entry).
fn dedupe(alerts: Vec<SourceAlert>) -> Vec<SourceAlert> {
    let mut pos: HashMap<String, usize> = HashMap::with_capacity(alerts.len());
    let mut out: Vec<SourceAlert> = Vec::with_capacity(alerts.len());
    for a in alerts {
        match pos.get(&a.id) {
            Some(&i) if out[i].updated_at > a.updated_at => {}
            Some(&i) => out[i] = a,
            None => {
                pos.insert(a.id.clone(), out.len());
                out.push(a);
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "cap_atom_fetch_tests.rs"]
mod tests;
