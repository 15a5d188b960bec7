//! cap-atom fetching with stub parsers and an in-memory document server.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::TimeZone;

use super::*;
use crate::domain::{Severity, SourceAlert, SourceState};
use crate::feeds::Payload;

/// Index: one entry a line, `url id [minute]`; an id `inline:ID` has no
/// link, only an inline alert; `both:ID` has a link and an inline alert.
struct Stub;

fn minute(m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 21, m, 0)
        .single()
        .unwrap_or_default()
}

impl CapAtomFormat for Stub {
    type Item = SourceAlert;

    fn parse_index(&self, bytes: &[u8], base: &str) -> Result<Index<SourceAlert>, FormatError> {
        let text = std::str::from_utf8(bytes).map_err(|_| FormatError("not UTF-8".into()))?;
        if text.starts_with("<broken") {
            return Err(FormatError("not an Atom or RSS document".into()));
        }
        let mut entries = Vec::new();
        let mut rejected = Vec::new();
        for (i, l) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let mut parts = l.split_whitespace();
            let href = parts.next().unwrap_or("");
            let id = parts.next().unwrap_or("").to_string();
            let updated = parts.next().and_then(|m| m.parse().ok()).map(minute);
            if href == "-" {
                rejected.push(Rejection {
                    index: i,
                    id: Some(id),
                    reason: "no link".into(),
                });
                continue;
            }
            let inline_id = id
                .strip_prefix("inline:")
                .or_else(|| id.strip_prefix("both:"));
            let inline = inline_id.map(|i| alert(i, 0, Severity::Low));
            let url = (!id.starts_with("inline:")).then(|| format!("{base}/{href}"));
            entries.push(IndexEntry {
                url,
                id,
                updated,
                inline,
            });
        }
        Ok(Index { entries, rejected })
    }

    /// A CAP document here is `ID MINUTE SEVERITY`.
    fn parse_doc(&self, bytes: &[u8]) -> Result<(Vec<SourceAlert>, Vec<Rejection>), FormatError> {
        let text = std::str::from_utf8(bytes).map_err(|_| FormatError("not UTF-8".into()))?;
        let mut parts = text.split_whitespace();
        let (Some(id), Some(min), Some(sev)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(FormatError("not a CAP alert".into()));
        };
        let min: u32 = min.parse().map_err(|_| FormatError("bad minute".into()))?;
        let sev = sev
            .parse()
            .map_err(|_| FormatError("bad severity".into()))?;
        Ok((vec![alert(id, min, sev)], Vec::new()))
    }

    /// One alert per id, the latest update winning.
    fn assemble(&self, items: Vec<SourceAlert>, rejected: Vec<Rejection>) -> Parsed {
        let mut out: Vec<SourceAlert> = Vec::new();
        for a in items {
            match out.iter_mut().find(|o| o.id == a.id) {
                Some(o) if o.updated_at <= a.updated_at => *o = a,
                Some(_) => {}
                None => out.push(a),
            }
        }
        Parsed::new(Payload::Alerts(out), rejected)
    }
}

fn alert(id: &str, m: u32, severity: Severity) -> SourceAlert {
    let t = minute(m);
    SourceAlert {
        id: format!("cap:{id}"),
        severity,
        category: "Met".into(),
        title: id.into(),
        detail: String::new(),
        reported_at: t,
        updated_at: t,
        source: "cap".into(),
        link: None,
        lat: Some(1.0),
        lon: Some(2.0),
        stations: Vec::new(),
        source_state: SourceState::Open,
        areas: Vec::new(),
        implausible: None,
        area_desc: None,
    }
}

/// Documents by URL; counts requests and the most in flight at once.
#[derive(Default)]
struct Server {
    docs: Mutex<HashMap<String, (String, String)>>,
    requests: Mutex<Vec<(String, Option<Validators>)>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl Server {
    fn put(&self, url: &str, body: &str, etag: &str) {
        let mut d = self.docs.lock().unwrap();
        d.insert(format!("http://x/{url}"), (body.into(), etag.into()));
    }

    fn requests(&self) -> Vec<String> {
        let r = self.requests.lock().unwrap();
        r.iter().map(|(u, _)| u.clone()).collect()
    }

    async fn get(&self, url: String, cond: Option<Validators>) -> Result<Fetched, String> {
        let n = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(n, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(5)).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.requests
            .lock()
            .unwrap()
            .push((url.clone(), cond.clone()));
        let doc = self.docs.lock().unwrap().get(&url).cloned();
        let Some((body, etag)) = doc else {
            return Err("HTTP 404 Not Found".into());
        };
        if cond.and_then(|c| c.etag).as_deref() == Some(etag.as_str()) {
            return Ok(Fetched::NotModified);
        }
        Ok(Fetched::Body {
            bytes: body.into_bytes(),
            validators: Validators {
                etag: Some(etag),
                last_modified: None,
            },
        })
    }
}

async fn run(
    server: &Server,
    index: &str,
    cache: &mut CapAtomCache<SourceAlert>,
) -> Result<Parsed, String> {
    let fetch = |url: String, cond: Option<Validators>| {
        Box::pin(server.get(url, cond)) as BoxFuture<'_, Result<Fetched, String>>
    };
    poll(
        index.as_bytes(),
        "http://x",
        &Stub,
        cache,
        &fetch,
        CONCURRENCY,
    )
    .await
}

fn ids(p: &Parsed) -> Vec<String> {
    match &p.payload {
        Payload::Alerts(a) => a.iter().map(|a| a.id.clone()).collect(),
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn fetches_every_entry_with_bounded_concurrency_and_merges() {
    let s = Server::default();
    let mut index = String::new();
    for i in 0..10 {
        s.put(
            &format!("a{i}.xml"),
            &format!("A{i} 1 high"),
            &format!("e{i}"),
        );
        index.push_str(&format!("a{i}.xml A{i} 0\n"));
    }
    let mut cache = CapAtomCache::default();
    let p = run(&s, &index, &mut cache).await.unwrap();
    assert_eq!(ids(&p).len(), 10);
    assert_eq!(ids(&p)[0], "cap:A0", "index order kept");
    assert!(p.rejected.is_empty());
    let max = s.max_in_flight.load(Ordering::SeqCst);
    assert!(
        (2..=CONCURRENCY).contains(&max),
        "at most {CONCURRENCY} at once, saw {max}"
    );
}

#[tokio::test]
async fn an_unchanged_entry_is_not_fetched_again() {
    let s = Server::default();
    s.put("a.xml", "A 1 high", "e1");
    s.put("b.xml", "B 1 low", "e2");
    let mut cache = CapAtomCache::default();
    let index = "a.xml A 0\nb.xml B 0\n";
    run(&s, index, &mut cache).await.unwrap();
    assert_eq!(s.requests().len(), 2);
    let p = run(&s, index, &mut cache).await.unwrap();
    assert_eq!(s.requests().len(), 2, "both came from the cache");
    assert_eq!(ids(&p), ["cap:A", "cap:B"]);

    // B's entry is updated: only B is asked again, conditionally; a 304
    // reuses what was cached.
    let index2 = "a.xml A 0\nb.xml B 5\n";
    let p = run(&s, index2, &mut cache).await.unwrap();
    let reqs = s.requests.lock().unwrap().clone();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[2].0, "http://x/b.xml");
    assert_eq!(
        reqs[2].1.as_ref().and_then(|v| v.etag.as_deref()),
        Some("e2")
    );
    assert_eq!(ids(&p), ["cap:A", "cap:B"]);
    run(&s, index2, &mut cache).await.unwrap();
    assert_eq!(s.requests().len(), 3, "the 304 refreshed the cached entry");
}

#[tokio::test]
async fn entries_without_updated_are_asked_conditionally() {
    let s = Server::default();
    s.put("a.xml", "A 1 high", "e1");
    let mut cache = CapAtomCache::default();
    run(&s, "a.xml A\n", &mut cache).await.unwrap();
    let p = run(&s, "a.xml A\n", &mut cache).await.unwrap();
    let reqs = s.requests.lock().unwrap().clone();
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        reqs[1].1.as_ref().and_then(|v| v.etag.as_deref()),
        Some("e1")
    );
    assert_eq!(ids(&p), ["cap:A"]);
}

#[tokio::test]
async fn a_bad_entry_is_rejected_and_the_rest_load_then_it_is_retried() {
    let s = Server::default();
    s.put("a.xml", "A 1 high", "e1");
    s.put("bad.xml", "<garbage", "e2");
    let mut cache = CapAtomCache::default();
    let index = "a.xml A 1\nbad.xml BAD 1\nmissing.xml GONE 1\n";
    let p = run(&s, index, &mut cache).await.unwrap();
    assert_eq!(ids(&p), ["cap:A"]);
    assert_eq!(p.rejected.len(), 2);
    assert_eq!(p.rejected[0].index, 1);
    assert_eq!(p.rejected[0].id.as_deref(), Some("BAD"));
    assert!(
        p.rejected[0]
            .reason
            .contains("http://x/bad.xml: not a CAP alert")
    );
    assert!(
        p.rejected[1].reason.contains("HTTP 404"),
        "{:?}",
        p.rejected[1]
    );
    assert!(cache.had_failures);
    // The failures are fetched again next time; the good entry is not.
    s.put("bad.xml", "BAD 2 medium", "e3");
    let p = run(&s, index, &mut cache).await.unwrap();
    assert_eq!(ids(&p), ["cap:A", "cap:BAD"]);
    assert_eq!(s.requests().len(), 5);
}

#[tokio::test]
async fn a_bad_index_or_all_entries_failing_fails_the_poll() {
    let s = Server::default();
    let mut cache = CapAtomCache::default();
    let e = run(&s, "<broken", &mut cache).await.unwrap_err();
    assert_eq!(e, "not an Atom or RSS document");
    let e = run(&s, "x.xml X\ny.xml Y\n", &mut cache).await.unwrap_err();
    assert!(
        e.starts_with("all 2 CAP documents failed; the first: http://x/x.xml: HTTP 404"),
        "{e}"
    );
    // An empty index is a valid, empty feed.
    let p = run(&s, "", &mut cache).await.unwrap();
    assert!(ids(&p).is_empty());
}

#[tokio::test]
async fn inline_entries_need_no_fetch_and_later_updates_replace_earlier() {
    let s = Server::default();
    s.put("old.xml", "Q 1 high", "e1");
    s.put("new.xml", "Q 9 critical", "e2");
    let mut cache = CapAtomCache::default();
    let p = run(
        &s,
        "new.xml Q2 1\nold.xml Q1 1\ni.xml inline:I\n",
        &mut cache,
    )
    .await
    .unwrap();
    assert_eq!(ids(&p), ["cap:Q", "cap:I"]);
    let Payload::Alerts(a) = &p.payload else {
        panic!("alerts");
    };
    assert_eq!(a[0].severity, Severity::Critical, "the later update wins");
    assert_eq!(s.requests().len(), 2, "the inline entry was not fetched");
}

#[tokio::test]
async fn entries_gone_from_the_index_are_forgotten() {
    let s = Server::default();
    s.put("a.xml", "A 1 high", "e1");
    let mut cache = CapAtomCache::default();
    run(&s, "a.xml A 1\n", &mut cache).await.unwrap();
    run(&s, "", &mut cache).await.unwrap();
    assert!(cache.docs.is_empty());
}

#[tokio::test]
async fn an_entry_whose_document_fails_falls_back_to_its_inline_alert() {
    let s = Server::default();
    let mut cache = CapAtomCache::default();
    let p = run(&s, "gone.xml both:B 1\n- NOLINK\n", &mut cache)
        .await
        .unwrap();
    assert_eq!(ids(&p), ["cap:B"]);
    assert_eq!(p.rejected.len(), 1, "only the index's own rejection");
    assert_eq!(p.rejected[0].reason, "no link");
    assert!(cache.had_failures, "the document is tried again next poll");
    s.put("gone.xml", "B 3 critical", "e1");
    let p = run(&s, "gone.xml both:B 1\n", &mut cache).await.unwrap();
    let Payload::Alerts(a) = &p.payload else {
        panic!("alerts");
    };
    assert_eq!(
        a[0].severity,
        Severity::Critical,
        "the document, not the inline copy"
    );
    assert!(!cache.had_failures);
}
