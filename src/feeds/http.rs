//! The `http(s)://` transport: one shared client per feed, TLS always
//! verified (rustls; `ca_file` adds a CA), `env:NAME` secrets, conditional
//! GET, a streamed `max_bytes` cap, limited redirects and a per-request
//! timeout.
//!
//! Errors never carry a header value or a response body: a server that
//! echoes the request back cannot get a secret into a feed error or a log.

use std::error::Error as _;
use std::fmt;
use std::time::Duration;

pub use reqwest::Url;
use reqwest::header::{self, HeaderMap, HeaderName};
use reqwest::{StatusCode, redirect};

use crate::config::{FeedConfig, HeaderValue};

/// How many redirects a request follows before giving up.
pub const MAX_REDIRECTS: usize = 5;

/// What the last successful response said about its version, sent back as
/// `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// One response: a body, or "not modified since the validators you sent".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    NotModified,
    Body {
        bytes: Vec<u8>,
        validators: Validators,
    },
}

/// A feed's HTTP client and the headers it sends. `Debug` shows the URL only.
#[derive(Clone)]
pub struct HttpSource {
    client: reqwest::Client,
    url: Url,
    headers: HeaderMap,
    timeout: Duration,
}

impl fmt::Debug for HttpSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSource")
            .field("url", &self.url.as_str())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl HttpSource {
    /// Builds the feed's client, reading `env:NAME` headers from the process
    /// environment now.
    pub fn new(cfg: &FeedConfig) -> Result<HttpSource, String> {
        HttpSource::with_env(cfg, |name| std::env::var_os(name))
    }

    /// As `new`, with the environment given (for tests).
    pub fn with_env(
        cfg: &FeedConfig,
        env: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<HttpSource, String> {
        let url = Url::parse(&cfg.url).map_err(|e| format!("bad url: {e}"))?;
        let headers = resolve_headers(&cfg.headers, env)?;
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .user_agent(concat!("watchkeeper/", env!("CARGO_PKG_VERSION")))
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            .redirect(redirect_policy(&url, !headers.is_empty()));
        if let Some(path) = &cfg.ca_file {
            let name = path.display();
            let pem = std::fs::read(path).map_err(|e| format!("ca_file {name}: {e}"))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|_| format!("ca_file {name}: not a PEM certificate bundle"))?;
            if certs.is_empty() {
                return Err(format!("ca_file {name}: no PEM certificate in it"));
            }
            for c in certs {
                builder = builder.add_root_certificate(c);
            }
        }
        let client = builder.build().map_err(|e| match &cfg.ca_file {
            Some(p) => format!("ca_file {}: {}", p.display(), chain(&e)),
            None => format!("cannot set up the HTTP client: {}", chain(&e)),
        })?;
        Ok(HttpSource {
            client,
            url,
            headers,
            timeout: cfg.timeout,
        })
    }

    /// The feed's own URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// GETs `url` (the feed's URL, or a document an index links to). The
    /// configured headers go only to the feed's own origin. `cond` makes the
    /// request conditional; the body is read in chunks and refused past
    /// `max_bytes`.
    pub async fn get(
        &self,
        url: &Url,
        cond: Option<&Validators>,
        max_bytes: u64,
    ) -> Result<Fetched, String> {
        let mut req = self.client.get(url.clone());
        if url.origin() == self.url.origin() {
            req = req.headers(self.headers.clone());
        }
        if let Some(v) = cond {
            if let Some(etag) = &v.etag {
                req = req.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        let mut resp = req.send().await.map_err(|e| self.describe(&e))?;
        let status = resp.status();
        if status == StatusCode::NOT_MODIFIED && cond.is_some_and(|v| !v.is_empty()) {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            // The body is dropped unread: it may echo what we sent.
            return Err(status_error(status));
        }
        let too_large = || format!("body larger than max_bytes ({max_bytes} bytes)");
        if resp.content_length().is_some_and(|n| n > max_bytes) {
            return Err(too_large());
        }
        let validators = Validators {
            etag: header_text(resp.headers(), header::ETAG),
            last_modified: header_text(resp.headers(), header::LAST_MODIFIED),
        };
        let hint = resp
            .content_length()
            .unwrap_or(0)
            .min(max_bytes)
            .min(1 << 20);
        let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.describe(&e))? {
            if (bytes.len() as u64).saturating_add(chunk.len() as u64) > max_bytes {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body { bytes, validators })
    }

    /// A transport error in words, without the URL's query, headers or body.
    fn describe(&self, e: &reqwest::Error) -> String {
        if e.is_timeout() {
            return format!("timed out after {}", human(self.timeout));
        }
        if e.is_redirect() {
            return match find::<RedirectRefused>(e) {
                Some(r) => r.to_string(),
                None => format!("too many redirects (more than {MAX_REDIRECTS})"),
            };
        }
        // host:port, so a wrong port reads as one.
        let host = e
            .url()
            .and_then(|u| {
                let host = u.host_str()?;
                Some(match u.port_or_known_default() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_string(),
                })
            })
            .unwrap_or_default();
        if e.is_connect() {
            return format!("cannot connect to {host}: {}", root_cause(e));
        }
        if e.is_body() || e.is_decode() {
            return format!("reading the body from {host}: {}", root_cause(e));
        }
        format!("request to {host} failed: {}", root_cause(e))
    }
}

/// Resolves configured headers; every value is marked sensitive so it never
/// shows in `Debug`. A missing variable names the variable, never a value.
fn resolve_headers(
    list: &[(String, HeaderValue)],
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<HeaderMap, String> {
    let mut map = HeaderMap::new();
    for (name, value) in list {
        let hname = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("bad header name {name:?}"))?;
        let text = match value {
            HeaderValue::Literal(v) => v.clone(),
            HeaderValue::Env(var) => env(var)
                .ok_or_else(|| format!("header {name}: environment variable {var} is not set"))?
                .into_string()
                .map_err(|_| {
                    format!("header {name}: environment variable {var} is not valid UTF-8")
                })?,
        };
        let what = match value {
            HeaderValue::Literal(_) => "its value".to_string(),
            HeaderValue::Env(var) => format!("environment variable {var}"),
        };
        if text.trim().is_empty() {
            return Err(format!("header {name}: {what} is empty"));
        }
        let mut hv = reqwest::header::HeaderValue::from_str(text.trim()).map_err(|_| {
            format!("header {name}: {what} holds a character not allowed in a header")
        })?;
        hv.set_sensitive(true);
        map.append(hname, hv);
    }
    Ok(map)
}

/// Why a redirect was not followed.
#[derive(Debug)]
struct RedirectRefused(String);

impl fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RedirectRefused {}

/// At most `MAX_REDIRECTS`; never from https to http; and when the feed
/// sends headers (secrets), never from its origin to another.
fn redirect_policy(feed: &Url, has_headers: bool) -> redirect::Policy {
    let origin = feed.origin();
    redirect::Policy::custom(move |attempt| {
        let prev = attempt.previous();
        if prev.len() > MAX_REDIRECTS {
            let msg = format!("too many redirects (more than {MAX_REDIRECTS})");
            return attempt.error(RedirectRefused(msg));
        }
        let from = prev.last().map(|u| u.scheme() == "https").unwrap_or(false);
        if from && attempt.url().scheme() != "https" {
            let msg = "redirect from https to plain http refused".to_string();
            return attempt.error(RedirectRefused(msg));
        }
        let started_home = prev.first().is_some_and(|u| u.origin() == origin);
        if has_headers && started_home && attempt.url().origin() != origin {
            let host = attempt.url().host_str().unwrap_or("").to_string();
            let msg = format!(
                "redirect to another host ({host}) refused: this feed sends headers that must not leave its own host"
            );
            return attempt.error(RedirectRefused(msg));
        }
        attempt.follow()
    })
}

fn status_error(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

/// A validator header as text, when it is printable ASCII of a sane length.
fn header_text(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    let v = headers.get(name)?.to_str().ok()?;
    (!v.is_empty() && v.len() <= 1024).then(|| v.to_string())
}

fn find<T: std::error::Error + 'static>(e: &reqwest::Error) -> Option<&T> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = e.source();
    while let Some(err) = cur {
        if let Some(t) = err.downcast_ref::<T>() {
            return Some(t);
        }
        cur = err.source();
    }
    None
}

/// The innermost cause, which says what actually went wrong. (reqwest's
/// own message is skipped: it quotes the whole URL, query and all.)
fn root_cause(e: &reqwest::Error) -> String {
    let Some(mut cur) = e.source() else {
        return "no further detail".to_string();
    };
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// The error and its causes, joined, without the URL.
fn chain(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = e.source();
    while let Some(err) = cur {
        parts.push(err.to_string());
        cur = err.source();
    }
    if parts.is_empty() {
        "unknown error".to_string()
    } else {
        parts.join(": ")
    }
}
pub use crate::domain::duration::human;
