//! Transports: where a feed's bytes come from (`demo:`, `file://`,
//! `http(s)://`, or an in-process source for tests and benchmarks).

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::http::HttpSource;
pub use super::http::{Fetched, Validators};
use crate::config::FeedConfig;

/// A feed's source, resolved from its URL once.
#[derive(Debug, Clone)]
pub enum Transport {
    File(PathBuf),
    Http(HttpSource),
    /// Bytes from a function of the poll time: `demo:` feeds (the shell's
    /// simulated world), tests and benchmarks.
    Memory(MemorySource),
}

type SourceFn = dyn Fn(DateTime<Utc>) -> Result<Vec<u8>, String> + Send + Sync;

/// An in-process feed source: a function from the poll time to a document
/// (or an error).
#[derive(Clone)]
pub struct MemorySource(Arc<SourceFn>);

impl MemorySource {
    pub fn new(
        f: impl Fn(DateTime<Utc>) -> Result<Vec<u8>, String> + Send + Sync + 'static,
    ) -> MemorySource {
        MemorySource(Arc::new(f))
    }
}

impl fmt::Debug for MemorySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemorySource")
    }
}

/// What serves `demo:NAME` URLs: the source for a demo feed's URL, `None`
/// for any other. The shell passes the simulated world in this way, so
/// feeds never depend on it.
pub type DemoSources = dyn Fn(&str) -> Option<MemorySource> + Send + Sync;

impl Transport {
    /// Resolves the URL; the error names what is wrong with it.
    pub fn for_feed(cfg: &FeedConfig, demo: &DemoSources) -> Result<Transport, String> {
        let url = cfg.url.as_str();
        if let Some(source) = demo(url) {
            return Ok(Transport::Memory(source));
        }
        if url.starts_with("demo:") {
            return Err(format!(
                "unknown demo feed {url:?} (demo:stations, demo:incidents, demo:roster, demo:hazards)"
            ));
        }
        if let Some(path) = url.strip_prefix("file://") {
            return Ok(Transport::File(PathBuf::from(path)));
        }
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return HttpSource::new(cfg).map(Transport::Http);
        }
        Err(format!(
            "{url:?}: use http://, https://, file:// or demo:NAME"
        ))
    }

    /// Fetches the current document, refusing more than `max_bytes`. `cond`
    /// (what the last good response said) makes an HTTP request conditional.
    pub async fn fetch(
        &self,
        now: DateTime<Utc>,
        max_bytes: u64,
        cond: Option<&Validators>,
    ) -> Result<Fetched, String> {
        let bytes = match self {
            Transport::File(path) => read_capped(path, max_bytes).await?,
            Transport::Http(h) => return h.get(h.url(), cond, max_bytes).await,
            Transport::Memory(f) => {
                let b = (f.0)(now)?;
                if b.len() as u64 > max_bytes {
                    return Err(format!("body larger than max_bytes ({max_bytes} bytes)"));
                }
                b
            }
        };
        Ok(Fetched::Body {
            bytes,
            validators: Validators::default(),
        })
    }

    /// Fetches a document an index links to (cap-atom): over the feed's HTTP
    /// client, or from a file next to a `file://` index.
    pub async fn fetch_linked(
        &self,
        url: &str,
        cond: Option<&Validators>,
        max_bytes: u64,
    ) -> Result<Fetched, String> {
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("bad link {url:?}: {e}"))?;
        match (self, parsed.scheme()) {
            (Transport::Http(h), "http" | "https") => h.get(&parsed, cond, max_bytes).await,
            (Transport::File(_), "file") => {
                let path = parsed
                    .to_file_path()
                    .map_err(|_| format!("bad file link {url:?}"))?;
                Ok(Fetched::Body {
                    bytes: read_capped(&path, max_bytes).await?,
                    validators: Validators::default(),
                })
            }
            _ => Err(format!(
                "link {url:?}: an index may link only to documents it can reach the same way (http(s) from http(s), file from file)"
            )),
        }
    }
}

/// Files whose read is still blocked (a FIFO with no writer, a hung
/// network mount): a later poll of the same file fails at once instead of
/// leaving one more thread behind.
static BLOCKED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Reads a file on a thread of its own that nobody waits for: the caller's
/// timeout can abandon a read stuck in the kernel (a FIFO, a hung network
/// mount), and the process can still exit, which it could not with the
/// runtime's blocking pool (dropping a runtime waits for that).
async fn read_capped(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let path = path.to_path_buf();
    {
        let mut blocked = BLOCKED.lock().unwrap_or_else(|p| p.into_inner());
        if blocked.contains(&path) {
            return Err(format!(
                "{}: an earlier read has not returned yet (a FIFO with no writer, or a hung mount?)",
                path.display()
            ));
        }
        blocked.push(path.clone());
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("file-feed".to_string())
        .spawn({
            let path = path.clone();
            move || {
                let result = read_capped_blocking(&path, max_bytes);
                BLOCKED
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .retain(|p| p != &path);
                let _ = tx.send(result);
            }
        });
    if let Err(e) = spawned {
        BLOCKED
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|p| p != &path);
        return Err(format!("cannot read {}: {e}", path.display()));
    }
    rx.await.unwrap_or_else(|_| {
        Err(format!(
            "cannot read {}: the reader stopped",
            path.display()
        ))
    })
}

fn read_capped_blocking(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut buf = Vec::new();
    // Read one byte past the cap so an oversized file is noticed without
    // reading all of it.
    let read = file
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if read as u64 > max_bytes {
        return Err(format!(
            "{} is larger than max_bytes ({max_bytes} bytes)",
            path.display()
        ));
    }
    Ok(buf)
}
