//! Transports: where a feed's bytes come from (`demo:`, `file://`).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use tokio::io::AsyncReadExt;

use crate::config::FeedConfig;
use crate::sim::{DemoFeed, World};

/// A feed's source, resolved from its URL once.
#[derive(Debug, Clone)]
pub enum Transport {
    Demo(DemoFeed, World),
    File(PathBuf),
}

impl Transport {
    /// Resolves the URL; the error names what is wrong with it.
    pub fn for_feed(cfg: &FeedConfig, seed: u64) -> Result<Transport, String> {
        let url = cfg.url.as_str();
        if let Some(feed) = DemoFeed::from_url(url) {
            return Ok(Transport::Demo(feed, World::new(seed)));
        }
        if url.starts_with("demo:") {
            return Err(format!(
                "unknown demo feed {url:?} (demo:stations, demo:incidents, demo:roster, demo:hazards)"
            ));
        }
        if let Some(path) = url.strip_prefix("file://") {
            return Ok(Transport::File(PathBuf::from(path)));
        }
        Err(format!(
            "{url:?}: this build reads demo: and file:// feeds; http(s) polling is not built yet"
        ))
    }

    /// Fetches the current document, refusing more than `max_bytes`.
    pub async fn fetch(&self, now: DateTime<Utc>, max_bytes: u64) -> Result<Vec<u8>, String> {
        match self {
            Transport::Demo(feed, world) => Ok(world.document(*feed, now)),
            Transport::File(path) => read_capped(path, max_bytes).await,
        }
    }
}

async fn read_capped(path: &PathBuf, max_bytes: u64) -> Result<Vec<u8>, String> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut buf = Vec::new();
    // Read one byte past the cap so an oversized file is noticed without
    // reading all of it.
    let read = file
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut buf)
        .await
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if read as u64 > max_bytes {
        return Err(format!(
            "{} is larger than max_bytes ({max_bytes} bytes)",
            path.display()
        ));
    }
    Ok(buf)
}
