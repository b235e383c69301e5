//! How downloads that resume retry: as long as attempts make progress they go on at once;
//! attempts that make none back off like the official clients (doubling waits with jitter) and
//! give up after as many retries.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::accounts::session::RetryPolicy;
use crate::Error;

pub(crate) struct Backoff {
    policy: RetryPolicy,
    fruitless: u32,
    delay: Duration,
}

impl Backoff {
    pub(crate) fn new(policy: &RetryPolicy) -> Self {
        Backoff {
            policy: policy.clone(),
            fruitless: 0,
            delay: policy.first_delay,
        }
    }

    /// An attempt broke after some progress: the next one starts at once.
    pub(crate) fn progressed(&mut self) {
        self.fruitless = 0;
        self.delay = self.policy.first_delay;
    }

    /// An attempt broke without progress with `error`: waits before the next one, or answers
    /// the error once the retries are used up (or `Cancelled`).
    pub(crate) async fn fruitless(
        &mut self,
        error: Error,
        cancel: &CancellationToken,
    ) -> Result<(), Error> {
        self.fruitless += 1;
        if self.fruitless > self.policy.max_retries {
            return Err(error);
        }
        tracing::info!(
            attempt = self.fruitless,
            delay = ?self.delay,
            kind = ?error.kind(),
            "download broke without progress; retrying"
        );
        tokio::select! {
            _ = cancel.cancelled() => return Err(Error::cancelled()),
            _ = tokio::time::sleep(jittered(self.delay)) => {}
        }
        self.delay *= 2;
        Ok(())
    }
}

/// A wait in `[delay, 2 × delay)`, so that many clients do not retry in step.
fn jittered(delay: Duration) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    delay + delay.mul_f64(f64::from(nanos % 1000) / 1000.0)
}

/// Whether a failed attempt is worth another: the connection broke or the server failed.
pub(crate) fn is_transient(error: &Error) -> bool {
    error.kind().transient()
}
