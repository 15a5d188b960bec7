//! `watchkeeper serve-demo`: the demo world over HTTP/1.1, so the whole
//! HTTP path (conditional GET, CAP, cap-atom) can be tried on one machine.
//!
//! `/stations.json`, `/incidents.json`, `/roster.json`, `/hazards.json` are
//! watchkeeper-json; `/hazards.atom` indexes one CAP 1.2 alert per hazard
//! at `/cap/<id>.xml`. Every document has a weak `ETag` (over its content,
//! not its `generated_at`) and a `Last-Modified` (when this server first saw
//! that content); `If-None-Match` / `If-Modified-Since` get a 304.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::cap_xml;
use super::{DemoFeed, World};

/// The feeds a console reads from this server: (id, kind, format, path).
pub const FEEDS: [(&str, &str, &str, &str); 4] = [
    ("stations", "stations", "watchkeeper-json", "stations.json"),
    (
        "incidents",
        "incidents",
        "watchkeeper-json",
        "incidents.json",
    ),
    ("roster", "roster", "watchkeeper-json", "roster.json"),
    ("hazards", "hazards", "watchkeeper-json", "hazards.json"),
];

/// A document as served: its type, bytes and a tag over its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub tag: u64,
}

/// The document at `path` as of `now`, or `None` (404).
pub fn document(world: &World, path: &str, now: DateTime<Utc>) -> Option<Doc> {
    let json = |feed| {
        let body = world.document(feed, now);
        let tag = json_tag(&body);
        Doc {
            content_type: "application/json",
            body,
            tag,
        }
    };
    let xml = |content_type, text: String| Doc {
        content_type,
        tag: hash(text.as_bytes()),
        body: text.into_bytes(),
    };
    match path {
        "/stations.json" => Some(json(DemoFeed::Stations)),
        "/incidents.json" => Some(json(DemoFeed::Incidents)),
        "/roster.json" => Some(json(DemoFeed::Roster)),
        "/hazards.json" => Some(json(DemoFeed::Hazards)),
        "/hazards.atom" => {
            let list = cap_xml::hazards(&world.document(DemoFeed::Hazards, now));
            let generated = now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            Some(xml(
                "application/atom+xml",
                cap_xml::atom(&list, &generated),
            ))
        }
        _ => {
            let id = path.strip_prefix("/cap/")?.strip_suffix(".xml")?;
            let list = cap_xml::hazards(&world.document(DemoFeed::Hazards, now));
            let h = list.iter().find(|h| h.id == id)?;
            Some(xml("application/cap+xml", cap_xml::cap(h)))
        }
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The tag of a JSON document without its `generated_at`, which changes
/// every second while the content does not.
fn json_tag(body: &[u8]) -> u64 {
    match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body) {
        Ok(mut map) => {
            map.remove("generated_at");
            hash(&serde_json::to_vec(&map).unwrap_or_default())
        }
        Err(_) => hash(body),
    }
}

/// What this server remembers: when it first served each content.
struct Server {
    world: World,
    seen: Mutex<HashMap<String, (u64, DateTime<Utc>)>>,
}

impl Server {
    fn respond(&self, method: &Method, path: &str, headers: &HeaderMap) -> Response<Full<Bytes>> {
        if method != Method::GET && method != Method::HEAD {
            let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "GET or HEAD only\n");
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return r;
        }
        let now = Utc::now();
        if path == "/" {
            return plain(StatusCode::OK, &index_text());
        }
        let Some(doc) = document(&self.world, path, now) else {
            return plain(StatusCode::NOT_FOUND, "no such document (see /)\n");
        };
        let since = {
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            let entry = seen.entry(path.to_string()).or_insert((doc.tag, now));
            if entry.0 != doc.tag {
                *entry = (doc.tag, now);
            }
            entry.1
        };
        let etag = format!("W/\"{:016x}\"", doc.tag);
        let last_modified = since.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        let fresh = match headers.get(header::IF_NONE_MATCH) {
            Some(v) => etag_matches(v.to_str().unwrap_or(""), &etag),
            None => headers
                .get(header::IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
                .is_some_and(|ims| since.timestamp() <= ims.timestamp()),
        };
        let mut r = if fresh {
            let mut r = Response::new(Full::new(Bytes::new()));
            *r.status_mut() = StatusCode::NOT_MODIFIED;
            r
        } else {
            let mut r = Response::new(Full::new(Bytes::from(doc.body)));
            let ct = HeaderValue::from_static(doc.content_type);
            r.headers_mut().insert(header::CONTENT_TYPE, ct);
            r
        };
        let h = r.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&etag) {
            h.insert(header::ETAG, v);
        }
        if let Ok(v) = HeaderValue::from_str(&last_modified) {
            h.insert(header::LAST_MODIFIED, v);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        r
    }
}

/// `If-None-Match`: a list of tags or `*`, compared weakly.
fn etag_matches(header_value: &str, etag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    header_value
        .split(',')
        .any(|t| t.trim() == "*" || opaque(t) == opaque(etag))
}

fn plain(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(text.to_string())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn index_text() -> String {
    let mut t = String::from("watchkeeper demo world\n\n");
    for (_, _, format, path) in FEEDS {
        t.push_str(&format!("/{path}  ({format})\n"));
    }
    t.push_str("/hazards.atom  (cap-atom: links to /cap/<id>.xml, CAP 1.2)\n");
    t
}

/// The `[[feeds]]` that point a console at a server on `addr`.
pub fn config_snippet(addr: SocketAddr) -> String {
    let mut t = String::new();
    for (id, kind, format, path) in FEEDS {
        t.push_str(&format!(
            "[[feeds]]\nid = \"{id}\"\nkind = \"{kind}\"\nformat = \"{format}\"\nurl = \"http://{addr}/{path}\"\ninterval = \"10s\"\n"
        ));
        if kind == "hazards" {
            t.push_str("match_radius_km = 300\n");
        }
        t.push('\n');
    }
    t.push_str(&format!(
        "# The same hazards as CAP alerts, in place of the hazards feed above:\n\
         # [[feeds]]\n# id = \"hazards-cap\"\n# kind = \"hazards\"\n# format = \"cap-atom\"\n\
         # url = \"http://{addr}/hazards.atom\"\n# interval = \"30s\"\n# match_radius_km = 300\n"
    ));
    t
}

/// Serves the world on `listener` until `shutdown` completes; open
/// connections are then closed.
pub async fn serve(
    listener: TcpListener,
    world: World,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let server = Arc::new(Server {
        world,
        seen: Mutex::new(HashMap::new()),
    });
    let mut conns = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((s, _)) => s,
                    Err(e) => {
                        // Out of descriptors and the like: wait, then go on.
                        use std::io::Write;
                        let _ = writeln!(std::io::stderr(), "serve-demo: accept: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let server = server.clone();
                conns.spawn(async move {
                    let svc = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                        let r = server.respond(req.method(), req.uri().path(), req.headers());
                        async move { Ok::<_, Infallible>(r) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(Duration::from_secs(10))
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_tags_ignore_generated_at() {
        let a = br#"{"generated_at":"2026-11-22T21:00:00Z","stations":[1]}"#;
        let b = br#"{"generated_at":"2026-11-22T21:00:01Z","stations":[1]}"#;
        let c = br#"{"generated_at":"2026-11-22T21:00:01Z","stations":[2]}"#;
        assert_eq!(json_tag(a), json_tag(b));
        assert_ne!(json_tag(b), json_tag(c));
    }

    #[test]
    fn if_none_match_compares_weakly() {
        assert!(etag_matches("W/\"abc\"", "W/\"abc\""));
        assert!(etag_matches("\"x\", \"abc\"", "W/\"abc\""));
        assert!(etag_matches("*", "W/\"abc\""));
        assert!(!etag_matches("\"abd\"", "W/\"abc\""));
    }

    #[test]
    fn every_hazard_in_the_index_has_its_cap_document() {
        let w = World::new(7);
        let now = crate::sim::tests::at(2026, 11, 22, 21, 0);
        let atom = document(&w, "/hazards.atom", now).expect("atom");
        let text = String::from_utf8(atom.body).expect("utf8");
        let hrefs: Vec<&str> = text
            .split("href=\"cap/")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert!(hrefs.len() > 3, "{text}");
        for h in hrefs {
            let doc = document(&w, &format!("/cap/{h}"), now).expect("cap doc");
            assert_eq!(doc.content_type, "application/cap+xml");
        }
        assert_eq!(document(&w, "/cap/HZ-0.xml", now), None);
        assert_eq!(document(&w, "/nope", now), None);
    }
}
