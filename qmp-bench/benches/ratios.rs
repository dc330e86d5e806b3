//! The one-run ratio report: the four decoders side by side in one process, on the same
//! lines, in interleaved rounds, printed as a table with the targets.
//!
//! `cargo bench -p qmp-bench --bench ratios`. Under `cargo test` (no `--bench`
//! argument) it only checks, on a few lines, that it runs.

use qmp_bench::decoders::{self, Batch};
use qmp_bench::streams::{self, Stream};
use qmp_bench::timing::{self, Candidate};
use std::time::Duration;

fn main() {
    let benchmarking = qmp_bench::benchmarking();
    let rounds = if benchmarking { 31 } else { 1 };
    let mut documented = streams::documented();
    let mut mix = streams::mix();
    if !benchmarking {
        documented.lines.truncate(300);
        mix.lines.truncate(300);
    }
    println!(
        "qmp-bench ratios: median of {rounds} interleaved rounds, one pass = one whole stream"
    );
    println!();
    let first = report_stream(&documented, true, rounds);
    let second = report_stream(&mix, false, rounds);
    println!("targets (documented stream):");
    target(
        "(a) >= 2.0x faster than (b) Value",
        first.value_over_generated,
        2.0,
        true,
    );
    target(
        "(a) >= 1.5x faster than (c) qapi-style",
        first.qapi_over_generated,
        1.5,
        true,
    );
    target(
        "(a) within 1.25x of (d) floor",
        first.generated_over_floor,
        1.25,
        false,
    );
    println!("same ratios on the mix:");
    target(
        "(a) >= 2.0x faster than (b) Value",
        second.value_over_generated,
        2.0,
        true,
    );
    target(
        "(a) >= 1.5x faster than (c) qapi-style",
        second.qapi_over_generated,
        1.5,
        true,
    );
    target(
        "(a) within 1.25x of (d) floor",
        second.generated_over_floor,
        1.25,
        false,
    );
    println!();
    report_validation(&documented, rounds);
    report_validation(&mix, rounds);
    report_events(&documented, if benchmarking { 101 } else { 1 });
}

/// `validate` per message (on messages already decoded into `Value`s, and from the raw
/// line) against decoding the same lines.
fn report_validation(stream: &Stream, rounds: usize) {
    let lines = &stream.lines;
    let values: Vec<serde_json::Value> = lines
        .iter()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    let mut candidates = vec![
        Candidate {
            name: "(a) decode with EventMessage",
            run: Box::new(|| decoders::generated(lines)),
        },
        Candidate {
            name: "validate(&Value) alone",
            run: Box::new(|| decoders::validate(&values)),
        },
        Candidate {
            name: "(b) Value, then validate",
            run: Box::new(|| decoders::value_then_validate(lines)),
        },
    ];
    let times = timing::interleaved(&mut candidates, rounds);
    println!("validation, stream `{}`:", stream.name);
    println!(
        "  {:<36} {:>10} {:>9} {:>10}",
        "", "ns/event", "MB/s", "vs (a)"
    );
    for (candidate, &time) in candidates.iter().zip(&times) {
        println!(
            "  {:<36} {:>10.0} {:>9.1} {:>9.2}x",
            candidate.name,
            timing::ns_per(time, lines.len()),
            timing::mb_per_s(time, stream.bytes()),
            ratio(time, times[0])
        );
    }
    println!();
}

struct Ratios {
    value_over_generated: f64,
    qapi_over_generated: f64,
    generated_over_floor: f64,
}

fn report_stream(stream: &Stream, with_tagged: bool, rounds: usize) -> Ratios {
    let lines = &stream.lines;
    let batches = decoders::batches(stream);
    let batch_lines: usize = batches.iter().map(|b| b.lines.len()).sum();
    let batch_bytes: usize = batches.iter().flat_map(|b| &b.lines).map(String::len).sum();
    let mut candidates = vec![
        Candidate {
            name: "(a) generated EventMessage",
            run: Box::new(|| decoders::generated(lines)),
        },
        Candidate {
            name: "(b) serde_json::Value",
            run: Box::new(|| decoders::value(lines)),
        },
        Candidate {
            name: "(c) qapi-style, lossless",
            run: Box::new(|| decoders::qapi_style(lines)),
        },
    ];
    if with_tagged {
        candidates.push(Candidate {
            name: "(c') qapi-style, tagged enum only",
            run: Box::new(|| decoders::qapi_style_tagged(lines)),
        });
    }
    candidates.push(Candidate {
        name: "(d) floor, by event",
        run: Box::new(|| decoders::floor(&batches)),
    });
    candidates.push(Candidate {
        name: "(a) generated, by event",
        run: Box::new(|| decoders::generated_batches(&batches)),
    });
    let times = timing::interleaved(&mut candidates, rounds);
    println!(
        "stream `{}`: {} lines, {:.2} MB (floor rows: the {} lines it has structs for, grouped by event)",
        stream.name,
        lines.len(),
        stream.bytes() as f64 / 1e6,
        batch_lines
    );
    println!(
        "  {:<36} {:>10} {:>9} {:>10}",
        "decoder", "ns/event", "MB/s", "vs (a)"
    );
    let generated = times[0];
    let generated_by_event = times[times.len() - 1];
    for (candidate, &time) in candidates.iter().zip(&times) {
        let by_event = candidate.name.contains("by event");
        let (count, bytes, reference) = if by_event {
            (batch_lines, batch_bytes, generated_by_event)
        } else {
            (lines.len(), stream.bytes(), generated)
        };
        println!(
            "  {:<36} {:>10.0} {:>9.1} {:>9.2}x",
            candidate.name,
            timing::ns_per(time, count),
            timing::mb_per_s(time, bytes),
            ratio(time, reference)
        );
    }
    println!();
    Ratios {
        value_over_generated: ratio(times[1], generated),
        qapi_over_generated: ratio(times[2], generated),
        generated_over_floor: ratio(generated_by_event, times[times.len() - 2]),
    }
}

/// (a) against (d) event by event, on the lines of each event alone.
fn report_events(stream: &Stream, rounds: usize) {
    println!(
        "(a) against (d) on the lines of one event at a time (`{}` stream):",
        stream.name
    );
    println!(
        "  {:<22} {:>6} {:>12} {:>12} {:>9}",
        "event", "lines", "(a) ns/evt", "(d) ns/evt", "(a)/(d)"
    );
    for batch in decoders::batches(stream) {
        let one: &[Batch] = std::slice::from_ref(&batch);
        let mut candidates = vec![
            Candidate {
                name: "a",
                run: Box::new(|| decoders::generated_batches(one)),
            },
            Candidate {
                name: "d",
                run: Box::new(|| decoders::floor(one)),
            },
        ];
        let times = timing::interleaved(&mut candidates, rounds);
        println!(
            "  {:<22} {:>6} {:>12.0} {:>12.0} {:>8.2}x",
            batch.event,
            batch.lines.len(),
            timing::ns_per(times[0], batch.lines.len()),
            timing::ns_per(times[1], batch.lines.len()),
            ratio(times[0], times[1])
        );
    }
}

fn ratio(numerator: Duration, denominator: Duration) -> f64 {
    numerator.as_secs_f64() / denominator.as_secs_f64().max(f64::MIN_POSITIVE)
}

fn target(what: &str, measured: f64, bound: f64, at_least: bool) {
    let met = if at_least {
        measured >= bound
    } else {
        measured <= bound
    };
    println!(
        "  {:<44} {:>6.2}x  {}",
        what,
        measured,
        if met { "met" } else { "MISSED" }
    );
}
