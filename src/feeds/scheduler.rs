//! One task per feed: poll on the interval, back off on failure, report
//! every poll as a `FeedUpdate`. Never touches application state.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::cap_atom_builtin::{self, BuiltinCapAtom};
use super::cap_atom_fetch::{self, CapAtomCache};
use super::formats::{self, ParseCtx};
use super::http::human;
use super::sanitize::inert_line;
use super::transport::{DemoSources, Fetched, Transport, Validators};
use super::{FeedOutcome, FeedUpdate};
use crate::config::{FeedConfig, FeedFormat};

/// Polls one feed and remembers what it needs between polls.
#[derive(Debug)]
pub struct FeedRunner {
    cfg: FeedConfig,
    ctx: ParseCtx,
    transport: Result<Transport, String>,
    last_hash: Option<u64>,
    failures: u32,
    /// What the last good response said about its version (conditional GET).
    validators: Option<Validators>,
    /// The validators of the response being parsed, kept once it parses.
    pending: Option<Validators>,
    cap_atom: CapAtomCache<cap_atom_builtin::Item>,
}

impl FeedRunner {
    /// A runner on the feed's URL; `demo` serves `demo:` URLs.
    pub fn new(cfg: FeedConfig, levels: u8, demo: &DemoSources) -> FeedRunner {
        let transport = Transport::for_feed(&cfg, demo);
        FeedRunner::with_transport(cfg, levels, transport)
    }

    /// A runner on a given transport (an in-process source in tests and
    /// benchmarks), or on a transport error it reports on every poll.
    pub fn with_transport(
        cfg: FeedConfig,
        levels: u8,
        transport: Result<Transport, String>,
    ) -> FeedRunner {
        let ctx = ParseCtx::for_feed(&cfg, levels, "en", Utc::now());
        FeedRunner {
            cfg,
            ctx,
            transport,
            last_hash: None,
            failures: 0,
            validators: None,
            pending: None,
            cap_atom: CapAtomCache::default(),
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
        let outcome = match self.poll_inner(now).await {
            // Errors may quote a server (a TLS name, a parser's snippet):
            // make them inert like every other string from a feed.
            FeedOutcome::Failed(e) => FeedOutcome::Failed(inert_line(&e)),
            other => other,
        };
        let pending = self.pending.take();
        match &outcome {
            FeedOutcome::Failed(_) => self.failures = self.failures.saturating_add(1),
            FeedOutcome::Data(_) => {
                self.failures = 0;
                // Only a response that parsed may be asked about again: a
                // broken document must not come back as "not modified".
                self.validators = pending;
            }
            FeedOutcome::Unchanged => self.failures = 0,
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
        // A cap-atom feed some of whose documents failed last time reads its
        // index again, so those documents are tried again.
        let retry = self.cap_atom.had_failures;
        let cond = self.validators.as_ref().filter(|_| !retry);
        let fetch = transport.fetch(now, self.cfg.max_bytes, cond);
        // The whole poll, a cap-atom index's documents included, ends by
        // the feed's timeout.
        let deadline = tokio::time::Instant::now() + self.cfg.timeout;
        let (bytes, validators) = match tokio::time::timeout_at(deadline, fetch).await {
            Err(_) => {
                return FeedOutcome::Failed(format!("timed out after {}", human(self.cfg.timeout)));
            }
            Ok(Err(e)) => return FeedOutcome::Failed(e),
            Ok(Ok(Fetched::NotModified)) => return FeedOutcome::Unchanged,
            Ok(Ok(Fetched::Body { bytes, validators })) => (bytes, validators),
        };
        let mut h = DefaultHasher::new();
        bytes.hash(&mut h);
        let hash = h.finish();
        if self.last_hash == Some(hash) && !retry {
            self.validators = Some(validators);
            return FeedOutcome::Unchanged;
        }
        self.pending = Some(validators);
        if self.cfg.format == FeedFormat::CapAtom {
            return self.poll_cap_atom(&bytes, hash, now, deadline).await;
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

    /// The index is in `index`: fetch and merge the CAP documents it links.
    async fn poll_cap_atom(
        &mut self,
        index: &[u8],
        hash: u64,
        now: DateTime<Utc>,
        deadline: tokio::time::Instant,
    ) -> FeedOutcome {
        self.ctx.now = now;
        let Ok(transport) = &self.transport else {
            return FeedOutcome::Failed("no transport".to_string());
        };
        let format = BuiltinCapAtom(&self.ctx);
        let max = self.cfg.max_bytes;
        let fetch = |url: String, cond: Option<Validators>| {
            Box::pin(async move { transport.fetch_linked(&url, cond.as_ref(), max).await })
                as futures::future::BoxFuture<'_, _>
        };
        let limits = cap_atom_fetch::Limits {
            concurrency: cap_atom_fetch::CONCURRENCY,
            max_entries: self.cfg.max_entries,
            deadline: Some(deadline),
        };
        let result = cap_atom_fetch::poll_bounded(
            index,
            &self.cfg.url,
            &format,
            &mut self.cap_atom,
            &fetch,
            limits,
        )
        .await;
        match result {
            Ok(p) => {
                self.last_hash = Some(hash);
                FeedOutcome::Data(p)
            }
            Err(e) => FeedOutcome::Failed(e),
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
    runner: FeedRunner,
    sink: Arc<dyn Fn(FeedUpdate) + Send + Sync>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(
        runner,
        move |u| sink(u),
        Utc::now,
        || 0.8 + 0.4 * rand::random::<f64>(),
    ))
}

/// The feed loop: poll at `clock()`, report, sleep `next_delay(jitter())`,
/// until the task is dropped. Clock and jitter are given so tests can run
/// it on paused time.
pub async fn run(
    mut runner: FeedRunner,
    sink: impl Fn(FeedUpdate),
    clock: impl Fn() -> DateTime<Utc>,
    mut jitter: impl FnMut() -> f64,
) {
    loop {
        let update = runner.poll(clock()).await;
        sink(update);
        tokio::time::sleep(runner.next_delay(jitter())).await;
    }
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
