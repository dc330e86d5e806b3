//! Timing for the one-run ratio report: candidates run in interleaved rounds (one pass
//! of each per round), so that a burst of load from elsewhere on the machine falls on
//! all of them alike, and each gets the median of its rounds.

use std::time::{Duration, Instant};

/// Something to time: a name and one pass of work.
pub struct Candidate<'a> {
    /// How the report names it.
    pub name: &'a str,
    /// One pass.
    pub run: Box<dyn FnMut() + 'a>,
}

/// The median pass time of each candidate, in their order, over `rounds` rounds after
/// one untimed warm-up round.
pub fn interleaved(candidates: &mut [Candidate<'_>], rounds: usize) -> Vec<Duration> {
    for candidate in candidates.iter_mut() {
        (candidate.run)();
    }
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); candidates.len()];
    for _ in 0..rounds {
        for (candidate, times) in candidates.iter_mut().zip(&mut samples) {
            let start = Instant::now();
            (candidate.run)();
            times.push(start.elapsed());
        }
    }
    samples.into_iter().map(median).collect()
}

/// The median of some durations (zero for none).
pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Nanoseconds per item.
pub fn ns_per(time: Duration, items: usize) -> f64 {
    time.as_nanos() as f64 / items.max(1) as f64
}

/// Megabytes (10^6) per second.
pub fn mb_per_s(time: Duration, bytes: usize) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64().max(f64::MIN_POSITIVE)
}
