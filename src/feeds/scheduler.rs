//! One task per feed: poll on the interval, back off on failure, report
//! every poll as a `FeedUpdate`. Never touches application state.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::formats::{self, ParseCtx};
use super::transport::Transport;
use super::{FeedOutcome, FeedUpdate};
use crate::config::FeedConfig;

/// Polls one feed and remembers what it needs between polls.
#[derive(Debug)]
pub struct FeedRunner {
    cfg: FeedConfig,
    ctx: ParseCtx,
    transport: Result<Transport, String>,
    last_hash: Option<u64>,
    failures: u32,
}

impl FeedRunner {
    pub fn new(cfg: FeedConfig, levels: u8, seed: u64) -> FeedRunner {
        let ctx = ParseCtx::for_feed(&cfg, levels, "en", Utc::now());
        let transport = Transport::for_feed(&cfg, seed);
        FeedRunner {
            cfg,
            ctx,
            transport,
            last_hash: None,
            failures: 0,
        }
    }

    /// The console language (`[console] language`): picks CAP `<info>` blocks.
    pub fn with_language(mut self, language: &str) -> FeedRunner {
        self.ctx.language = language.to_string();
        self
    }

    pub fn id(&self) -> &str {
        &self.cfg.id
    }

    /// Fetches and parses once. Unchanged bytes yield `Unchanged`.
    pub async fn poll(&mut self, now: DateTime<Utc>) -> FeedUpdate {
        let started = Instant::now();
        let outcome = self.poll_inner(now).await;
        match &outcome {
            FeedOutcome::Failed(_) => self.failures = self.failures.saturating_add(1),
            _ => self.failures = 0,
        }
        FeedUpdate {
            feed: self.cfg.id.clone(),
            fetched_at: now,
            latency: started.elapsed(),
            outcome,
        }
    }

    async fn poll_inner(&mut self, now: DateTime<Utc>) -> FeedOutcome {
        let transport = match &self.transport {
            Ok(t) => t,
            Err(e) => return FeedOutcome::Failed(e.clone()),
        };
        let fetched =
            tokio::time::timeout(self.cfg.timeout, transport.fetch(now, self.cfg.max_bytes)).await;
        let bytes = match fetched {
            Err(_) => {
                return FeedOutcome::Failed(format!(
                    "timed out after {}s",
                    self.cfg.timeout.as_secs()
                ));
            }
            Ok(Err(e)) => return FeedOutcome::Failed(e),
            Ok(Ok(b)) => b,
        };
        let mut h = DefaultHasher::new();
        bytes.hash(&mut h);
        let hash = h.finish();
        if self.last_hash == Some(hash) {
            return FeedOutcome::Unchanged;
        }
        self.ctx.now = now;
        let parsed = formats::parse(self.cfg.format, &bytes, &self.ctx);
        match parsed {
            Ok(p) => {
                self.last_hash = Some(hash);
                FeedOutcome::Data(p)
            }
            Err(e) => FeedOutcome::Failed(e.0),
        }
    }

    /// How long to wait before the next poll: the interval, or after
    /// failures an exponential backoff with jitter, capped at 10× the interval.
    pub fn next_delay(&self, jitter: f64) -> Duration {
        backoff(self.cfg.interval, self.failures, jitter)
    }
}

/// `interval × 2^(failures-1)`, capped at 10× interval, scaled by `jitter`
/// (expected in 0.8..1.2); no failures means the plain interval.
pub fn backoff(interval: Duration, failures: u32, jitter: f64) -> Duration {
    if failures == 0 {
        return interval;
    }
    let factor = 2f64
        .powi(failures.saturating_sub(1).min(16) as i32)
        .min(10.0);
    let secs = interval.as_secs_f64() * factor * jitter.clamp(0.5, 1.5);
    Duration::from_secs_f64(secs.min(interval.as_secs_f64() * 10.0))
}

/// Runs a feed forever, sending every poll's update to `sink`.
pub fn spawn(
    mut runner: FeedRunner,
    sink: Arc<dyn Fn(FeedUpdate) + Send + Sync>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let update = runner.poll(Utc::now()).await;
            sink(update);
            let jitter = 0.8 + 0.4 * rand::random::<f64>();
            tokio::time::sleep(runner.next_delay(jitter)).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps_at_ten_intervals() {
        let i = Duration::from_secs(30);
        assert_eq!(backoff(i, 0, 1.0), i);
        assert_eq!(backoff(i, 1, 1.0), i);
        assert_eq!(backoff(i, 2, 1.0), Duration::from_secs(60));
        assert_eq!(backoff(i, 3, 1.0), Duration::from_secs(120));
        assert_eq!(backoff(i, 9, 1.2), Duration::from_secs(300));
    }
}
