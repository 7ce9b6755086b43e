//! Requeue timing: exponential per-object failure backoff between
//! `--min-retry-delay` and `--max-retry-delay` (reset on success), and the
//! `--interval-jitter-percentage` spread applied to successful requeues.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use rand::Rng;

/// `min * 2^failures`, capped at `max` (client-go's item exponential failure limiter).
pub fn exponential_delay(min: Duration, max: Duration, failures: u32) -> Duration {
    let factor = 2u32.checked_pow(failures.min(31)).unwrap_or(u32::MAX);
    min.checked_mul(factor).map_or(max, |d| d.min(max))
}

/// Per-object failure counters; keys are `namespace/name`.
#[derive(Debug)]
pub struct FailureBackoff {
    min: Duration,
    max: Duration,
    failures: Mutex<HashMap<String, u32>>,
}

impl FailureBackoff {
    /// A backoff between `min` and `max`.
    pub fn new(min: Duration, max: Duration) -> Self {
        Self {
            min,
            max: max.max(min),
            failures: Mutex::default(),
        }
    }

    /// Records one more failure of `key` and returns how long to wait before retrying.
    pub fn next_delay(&self, key: &str) -> Duration {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = failures.entry(key.to_owned()).or_default();
        let delay = exponential_delay(self.min, self.max, *count);
        *count = count.saturating_add(1);
        delay
    }

    /// Forgets the failures of `key` after a success.
    pub fn reset(&self, key: &str) {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        failures.remove(key);
    }
}

/// Spreads requeue intervals by +/- a percentage so objects created together do not
/// reconcile in lockstep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntervalJitter {
    percentage: u8,
}

impl IntervalJitter {
    /// A jitter of +/- `percentage` percent; 0 or 100 and above mean none, as in Flux.
    pub fn new(percentage: u8) -> Self {
        Self {
            percentage: if percentage >= 100 { 0 } else { percentage },
        }
    }

    /// `interval` scaled by a random factor in `[1 - p, 1 + p]`.
    pub fn apply(&self, interval: Duration) -> Duration {
        self.apply_with(interval, &mut rand::rng())
    }

    /// [`Self::apply`] with a caller-chosen random source.
    pub fn apply_with(&self, interval: Duration, rng: &mut impl Rng) -> Duration {
        if self.percentage == 0 {
            return interval;
        }
        let p = f64::from(self.percentage) / 100.0;
        let factor = 1.0 + p * (2.0 * rng.random::<f64>() - 1.0);
        interval.mul_f64(factor)
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    const MIN: Duration = Duration::from_millis(750);
    const MAX: Duration = Duration::from_secs(900);

    #[test]
    fn backoff_doubles_from_min_to_max_and_resets_on_success() {
        let backoff = FailureBackoff::new(MIN, MAX);
        let delays: Vec<_> = (0..5).map(|_| backoff.next_delay("ns/a")).collect();
        assert_eq!(
            delays,
            [750, 1500, 3000, 6000, 12000].map(Duration::from_millis)
        );
        assert_eq!(
            backoff.next_delay("ns/b"),
            MIN,
            "objects back off independently"
        );
        for _ in 0..40 {
            assert!(backoff.next_delay("ns/a") <= MAX);
        }
        assert_eq!(backoff.next_delay("ns/a"), MAX);
        backoff.reset("ns/a");
        assert_eq!(backoff.next_delay("ns/a"), MIN);
    }

    #[test]
    fn exponential_delay_never_overflows() {
        assert_eq!(exponential_delay(MIN, MAX, u32::MAX), MAX);
        assert_eq!(
            exponential_delay(Duration::from_secs(u64::MAX / 2), Duration::MAX, 3),
            Duration::MAX
        );
    }

    #[test]
    fn jitter_stays_within_its_percentage() {
        let mut rng = StdRng::seed_from_u64(7);
        let jitter = IntervalJitter::new(5);
        let interval = Duration::from_secs(600);
        let (mut low, mut high) = (interval, interval);
        for _ in 0..10_000 {
            let d = jitter.apply_with(interval, &mut rng);
            assert!(
                d >= Duration::from_secs(570) && d <= Duration::from_secs(630),
                "{d:?}"
            );
            low = low.min(d);
            high = high.max(d);
        }
        assert!(
            low < Duration::from_secs(575) && high > Duration::from_secs(625),
            "spread is used"
        );
    }

    #[test]
    fn zero_or_invalid_jitter_keeps_the_interval() {
        let interval = Duration::from_secs(60);
        assert_eq!(IntervalJitter::new(0).apply(interval), interval);
        assert_eq!(IntervalJitter::new(100).apply(interval), interval);
    }
}
