//! `cap-atom` fetching: read the index, fetch the CAP documents it links
//! with bounded concurrency, reuse what has not changed, and assemble
//! everything into one `Parsed`.
//!
//! The parsers are behind [`CapAtomFormat`], so this module holds no XML
//! code: `cap_atom_builtin` supplies the real ones. A document's items are
//! cached as parsed; `assemble` then runs over all of a poll's items at
//! once, so a CAP `Update`/`Cancel` in one document resolves against an
//! alert in another.
//!
//! Caching: each linked document is kept by URL together with the entry's
//! `id` and `updated` from the index. An entry whose `id` and `updated` are
//! the same as last time is not fetched again; one without `updated` is
//! re-fetched conditionally (`If-None-Match`/`If-Modified-Since`), and a
//! 304 reuses the cached items.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use futures::future::BoxFuture;

use super::formats::FormatError;
use super::http::{Fetched, Validators};
use super::sanitize::inert_line;
use super::{Parsed, Rejection};

/// How many CAP documents are fetched at once.
pub const CONCURRENCY: usize = 4;

/// One entry of an Atom or RSS index of CAP alerts.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry<T> {
    /// The linked CAP document, absolute (resolved against the index URL);
    /// `None` when the entry only carries an inline alert.
    pub url: Option<String>,
    /// The entry's id (Atom `<id>`, RSS `<guid>`), else its URL.
    pub id: String,
    /// The entry's `<updated>` (or `<pubDate>`).
    pub updated: Option<DateTime<Utc>>,
    /// What the entry itself carries: used when there is no link, or the
    /// linked document cannot be had.
    pub inline: Option<T>,
}

/// A parsed index: its entries, and the entries that could not be used.
#[derive(Debug, Clone, PartialEq)]
pub struct Index<T> {
    pub entries: Vec<IndexEntry<T>>,
    pub rejected: Vec<Rejection>,
}

/// The parsers cap-atom needs, with the feed's context captured.
pub trait CapAtomFormat: Send + Sync {
    /// One CAP message as read from a document, before assembly.
    type Item: Clone + Send + Sync;
    fn parse_index(&self, bytes: &[u8], base_url: &str) -> Result<Index<Self::Item>, FormatError>;
    /// Every message in one linked document, and those it could not read.
    fn parse_doc(&self, bytes: &[u8]) -> Result<(Vec<Self::Item>, Vec<Rejection>), FormatError>;
    /// Filters and resolves everything a poll gathered into the feed's items.
    fn assemble(&self, items: Vec<Self::Item>, rejected: Vec<Rejection>) -> Parsed;
}

#[derive(Debug, Clone)]
struct CachedDoc<T> {
    id: String,
    updated: Option<DateTime<Utc>>,
    validators: Validators,
    items: Vec<T>,
    rejected: Vec<Rejection>,
}

/// What a cap-atom feed remembers between polls.
#[derive(Debug)]
pub struct CapAtomCache<T> {
    docs: HashMap<String, CachedDoc<T>>,
    /// Some entry failed last poll: the next poll must not be skipped as
    /// unchanged, so the failed entries are tried again.
    pub had_failures: bool,
}

impl<T> Default for CapAtomCache<T> {
    fn default() -> Self {
        CapAtomCache {
            docs: HashMap::new(),
            had_failures: false,
        }
    }
}

/// Fetches one linked document: `(url, validators)` to a response.
pub type FetchDoc<'a> =
    dyn Fn(String, Option<Validators>) -> BoxFuture<'a, Result<Fetched, String>> + Send + Sync + 'a;

enum Job {
    Inline,
    Cached,
    Fetch(String, Option<Validators>),
    /// Beyond the newest `max_entries`: not fetched this poll.
    Skipped,
}

/// What bounds one poll of an index.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How many documents are fetched at once.
    pub concurrency: usize,
    /// At most this many entries (the newest by `updated`) are fetched;
    /// an older one is used from its inline content or the cache, else
    /// rejected saying so.
    pub max_entries: usize,
    /// Documents not fetched by then count as failed ("not fetched within
    /// the feed's timeout"); what was fetched is used.
    pub deadline: Option<tokio::time::Instant>,
}

/// Parses the index, fetches what changed (at most `concurrency` at once)
/// and assembles every entry's items. A bad entry is skipped and counted
/// as rejected; a bad index, or every linked document failing, fails the
/// poll.
pub async fn poll<F: CapAtomFormat>(
    index: &[u8],
    base_url: &str,
    format: &F,
    cache: &mut CapAtomCache<F::Item>,
    fetch: &FetchDoc<'_>,
    concurrency: usize,
) -> Result<Parsed, String> {
    let limits = Limits {
        concurrency,
        max_entries: usize::MAX,
        deadline: None,
    };
    poll_bounded(index, base_url, format, cache, fetch, limits).await
}

/// [`poll`] within `limits`: the newest `max_entries` entries fetched,
/// newest first, until the deadline.
pub async fn poll_bounded<F: CapAtomFormat>(
    index: &[u8],
    base_url: &str,
    format: &F,
    cache: &mut CapAtomCache<F::Item>,
    fetch: &FetchDoc<'_>,
    limits: Limits,
) -> Result<Parsed, String> {
    let Index { entries, rejected } = format.parse_index(index, base_url).map_err(|e| e.0)?;
    let mut rejected = rejected;
    // Newest first (an entry with no date last); ties keep index order.
    let mut by_age: Vec<usize> = (0..entries.len()).collect();
    by_age.sort_by(|&a, &b| entries[b].updated.cmp(&entries[a].updated));
    let mut rank = vec![0usize; entries.len()];
    for (r, &i) in by_age.iter().enumerate() {
        rank[i] = r;
    }
    let jobs: Vec<Job> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let Some(url) = &e.url else {
                return Job::Inline;
            };
            let fetchable = rank[i] < limits.max_entries;
            match cache.docs.get(url) {
                Some(c) if c.id == e.id && e.updated.is_some() && c.updated == e.updated => {
                    Job::Cached
                }
                _ if !fetchable => Job::Skipped,
                Some(c) if c.id == e.id => Job::Fetch(url.clone(), Some(c.validators.clone())),
                _ => Job::Fetch(url.clone(), None),
            }
        })
        .collect();
    let wanted: Vec<(usize, String, Option<Validators>)> = by_age
        .iter()
        .filter_map(|&i| match &jobs[i] {
            Job::Fetch(url, v) => Some((i, url.clone(), v.clone())),
            _ => None,
        })
        .collect();
    let stop = async {
        match limits.deadline {
            Some(d) => tokio::time::sleep_until(d).await,
            None => futures::future::pending().await,
        }
    };
    let mut results: HashMap<usize, Result<Fetched, String>> = futures::stream::iter(wanted)
        .map(|(i, url, cond)| {
            let fut = fetch(url, cond);
            async move { (i, fut.await) }
        })
        .buffer_unordered(limits.concurrency.max(1))
        .take_until(Box::pin(stop))
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect();

    let mut items: Vec<F::Item> = Vec::new();
    let (mut failures, mut loaded) = (0usize, 0usize);
    let mut first_failure: Option<String> = None;
    let mut docs = HashMap::with_capacity(entries.len());
    for (i, (entry, job)) in entries.into_iter().zip(jobs).enumerate() {
        let url = entry.url.clone().unwrap_or_default();
        let outcome: Result<(), String> = match job {
            Job::Skipped => {
                match entry.inline {
                    Some(inline) => items.push(inline),
                    None => rejected.push(Rejection {
                        index: i,
                        id: Some(entry.id.clone()),
                        reason: format!(
                            "not fetched: older than the newest {} entries (max_entries)",
                            limits.max_entries
                        ),
                    }),
                }
                continue;
            }
            Job::Inline => Ok(()),
            Job::Cached => Ok(()),
            Job::Fetch(..) => match results.remove(&i) {
                Some(Ok(Fetched::NotModified)) if cache.docs.contains_key(&url) => Ok(()),
                Some(Ok(Fetched::NotModified)) => Err("304 with no cached copy".to_string()),
                Some(Ok(Fetched::Body { bytes, validators })) => match format.parse_doc(&bytes) {
                    Ok((doc_items, doc_rejected)) => {
                        let doc = CachedDoc {
                            id: entry.id.clone(),
                            updated: entry.updated,
                            validators,
                            items: doc_items,
                            rejected: doc_rejected,
                        };
                        docs.insert(url.clone(), doc);
                        Ok(())
                    }
                    Err(e) => Err(e.0),
                },
                Some(Err(e)) => Err(e),
                None => Err("not fetched within the feed's timeout".to_string()),
            },
        };
        if let Err(reason) = outcome {
            failures += 1;
            let reason = inert_line(&format!("{url}: {reason}"));
            first_failure.get_or_insert_with(|| reason.clone());
            match entry.inline {
                // The entry still says something: show that.
                Some(inline) => items.push(inline),
                None => rejected.push(Rejection {
                    index: i,
                    id: Some(entry.id.clone()),
                    reason,
                }),
            }
            continue;
        }
        if entry.url.is_none() {
            items.extend(entry.inline);
            loaded += 1;
            continue;
        }
        if let Some(mut c) = cache.docs.remove(&url) {
            // A 304 or a cache hit: the entry's new `updated` now describes it.
            c.updated = entry.updated;
            docs.entry(url.clone()).or_insert(c);
        }
        if let Some(doc) = docs.get(&url) {
            items.extend(doc.items.iter().cloned());
            rejected.extend(doc.rejected.iter().map(|r| Rejection {
                index: i,
                ..r.clone()
            }));
        }
        loaded += 1;
    }
    // Entries gone from the index are forgotten.
    cache.docs = docs;
    cache.had_failures = failures > 0;
    if loaded == 0 && failures > 0 && items.is_empty() {
        let first = first_failure.unwrap_or_default();
        return Err(format!(
            "all {failures} CAP documents failed; the first: {first}"
        ));
    }
    let mut parsed = format.assemble(items, rejected);
    parsed.reject_duplicate_ids();
    Ok(parsed)
}

#[cfg(test)]
#[path = "cap_atom_fetch_tests.rs"]
mod tests;
