//! Timing for the one-run ratio report: candidates run in interleaved rounds (one pass
//! of each per round), so that a burst of load from elsewhere on the machine falls on
//! all of them alike, and each gets the median of its rounds.
//!
//! Each round runs the candidates in its own order (a fixed pseudo-random shuffle), so
//! that no candidate always follows the same one: a pass finds the caches and the
//! allocator as the previous pass left them, and with a fixed order that would favour
//! or burden the same candidate in every round.

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
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..rounds {
        shuffle(&mut order, &mut state);
        for &index in &order {
            let start = Instant::now();
            (candidates[index].run)();
            samples[index].push(start.elapsed());
        }
    }
    samples.into_iter().map(median).collect()
}

/// Fisher-Yates with xorshift64: the same orders on every run.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for last in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let pick = (*state % (last as u64 + 1)) as usize;
        order.swap(last, pick);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_vary_the_order_and_keep_every_candidate() {
        let mut state = 1;
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..50 {
            let mut order: Vec<usize> = (0..4).collect();
            shuffle(&mut order, &mut state);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2, 3]);
            seen.insert(order);
        }
        assert!(seen.len() > 10, "{seen:?}");
    }
}
