//! The one-run ratio report: the decoders side by side in one process, on the same
//! lines, in interleaved rounds, printed as tables with the issues' targets.
//!
//! First the QEMU 10.0.2 stream (every recorded line): (a) `qmp_api::EventMessage`,
//! (b) `serde_json::Value` and, built with `--features peer`, (c) the real
//! `qapi_qmp::Event` (qapi-qmp 0.15) on the lines it decodes, with what it fails on and
//! loses. Then the 2012 document's streams with its bindings, the qapi-style model and
//! the floor; validation; (a) against the floor event by event.
//!
//! `cargo bench -p qmp-bench --features peer --bench ratios`. Under `cargo test` (no
//! `--bench` argument) it only checks, on a few lines, that it runs.

use qmp_bench::decoders::{self, Batch};
use qmp_bench::returns;
use qmp_bench::streams::{self, Stream};
use qmp_bench::timing::{self, Candidate};
use std::time::Duration;

fn main() {
    let benchmarking = qmp_bench::benchmarking();
    let rounds = if benchmarking { 101 } else { 1 };
    let mut qemu = streams::qemu_10_0();
    let mut documented = streams::documented();
    let mut mix = streams::mix();
    if !benchmarking {
        qemu.lines.truncate(300);
        documented.lines.truncate(300);
        mix.lines.truncate(300);
    }
    println!(
        "qmp-bench ratios: median of {rounds} interleaved rounds, one pass = one whole stream"
    );
    println!();
    report_qemu(&qemu, rounds);
    report_returns(rounds, benchmarking);
    let first = report_stream(&documented, rounds);
    let second = report_stream(&mix, rounds);
    println!("targets (issue 6, the 2012 document's bindings), stream `documented`:");
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
    report_validation(
        &qemu,
        rounds,
        [decoders::qmp_api, decoders::value_then_validate_qmp_api],
        decoders::validate_qmp_api,
    );
    report_validation(
        &documented,
        rounds,
        [decoders::generated, decoders::value_then_validate],
        decoders::validate,
    );
    report_validation(
        &mix,
        rounds,
        [decoders::generated, decoders::value_then_validate],
        decoders::validate,
    );
    report_events(&documented, if benchmarking { 101 } else { 1 });
}

/// The QEMU 10.0.2 stream: (a) QEMU 10.0.2's bindings and (b) `Value` on every line;
/// with the peer, (c) `qapi_qmp::Event` and (a) again on the lines (c) decodes.
fn report_qemu(stream: &Stream, rounds: usize) {
    let lines = &stream.lines;
    #[cfg(feature = "peer")]
    let audit = qmp_bench::peer::audit(lines);
    let mut candidates = vec![
        Candidate {
            name: "(a) qmp_api::EventMessage",
            run: Box::new(|| decoders::qmp_api(lines)),
        },
        Candidate {
            name: "(b) serde_json::Value",
            run: Box::new(|| decoders::value(lines)),
        },
        Candidate {
            name: "(a) EventMessage::from_json",
            run: Box::new(|| decoders::qmp_api_from_json(lines)),
        },
    ];
    #[cfg(feature = "peer")]
    {
        candidates.push(Candidate {
            name: "(c) qapi_qmp::Event, its lines",
            run: Box::new(|| qmp_bench::peer::decode(&audit.decoded)),
        });
        candidates.push(Candidate {
            name: "(a) qmp_api, the same lines",
            run: Box::new(|| decoders::qmp_api(&audit.decoded)),
        });
    }
    let times = timing::interleaved(&mut candidates, rounds);
    println!(
        "stream `{}`: {} lines, {:.2} MB, every line recorded from QEMU 10.0.2 ({} lines, {} events), repeated",
        stream.name,
        lines.len(),
        stream.bytes() as f64 / 1e6,
        streams::qemu_lines().len(),
        recorded_events(),
    );
    println!(
        "  {:<36} {:>10} {:>9} {:>10}",
        "decoder", "ns/event", "MB/s", "vs (a)"
    );
    let bytes = |lines: &[String]| lines.iter().map(String::len).sum::<usize>();
    for (index, (candidate, &time)) in candidates.iter().zip(&times).enumerate() {
        // Rows 0 to 2 run on every line, rows 3 and 4 on the lines the peer decodes,
        // each against its own (a).
        let (subset, reference): (&[String], Duration) = match index {
            0..=2 => (lines, times[0]),
            #[cfg(feature = "peer")]
            _ => (&audit.decoded, times[4]),
            #[cfg(not(feature = "peer"))]
            _ => unreachable!(),
        };
        println!(
            "  {:<36} {:>10.0} {:>9.1} {:>9.2}x",
            candidate.name,
            timing::ns_per(time, subset.len()),
            timing::mb_per_s(time, bytes(subset)),
            ratio(time, reference)
        );
    }
    println!();
    #[cfg(feature = "peer")]
    report_peer_audit(stream, &audit);
    println!("targets (issue 11), stream `{}`:", stream.name);
    target(
        "(a) >= 2.0x faster than (b) Value",
        ratio(times[1], times[0]),
        2.0,
        true,
    );
    target(
        "(a) from_json >= 2.0x faster than (b) Value",
        ratio(times[1], times[2]),
        2.0,
        true,
    );
    #[cfg(feature = "peer")]
    target(
        "(a) >= 1.5x faster than (c) qapi_qmp::Event",
        ratio(times[3], times[4]),
        1.5,
        true,
    );
    #[cfg(not(feature = "peer"))]
    println!(
        "  {:<44} not measured: run with `--features peer`",
        "(a) >= 1.5x faster than (c) qapi_qmp::Event"
    );
    println!();
}

/// The recorded command returns: per return, (a) its `Returns` in `qmp-api`, (b) `Value`
/// and, with the peer, (c) qapi-qmp's `Ok` type, on the same text; then the five
/// together. A pass decodes its return as many times as makes about 0.2 MB, so that the
/// small returns are not timed below the clock's resolution.
fn report_returns(rounds: usize, benchmarking: bool) {
    let recorded = returns::recorded();
    let repeats: Vec<usize> = recorded
        .iter()
        .map(|r| {
            if benchmarking {
                (200_000 / r.text.len()).max(1)
            } else {
                1
            }
        })
        .collect();
    let mut candidates = Vec::new();
    // Per return, the index of its first candidate and how many it has.
    let mut rows = Vec::new();
    for (entry, &times) in recorded.iter().zip(&repeats) {
        let first = candidates.len();
        let text = entry.text;
        let ours = entry.ours;
        candidates.push(Candidate {
            name: "(a) qmp-api Returns",
            run: Box::new(move || (0..times).for_each(|_| ours(text))),
        });
        candidates.push(Candidate {
            name: "(b) serde_json::Value",
            run: Box::new(move || (0..times).for_each(|_| returns::value(text))),
        });
        #[cfg(feature = "peer")]
        if let Some(peer) = qmp_bench::peer::returns(entry.command).filter(|d| d(text).is_ok()) {
            candidates.push(Candidate {
                name: "(c) qapi-qmp Ok",
                run: Box::new(move || (0..times).for_each(|_| peer(text).expect("decoded before"))),
            });
        }
        rows.push((first, candidates.len() - first));
    }
    let times = timing::interleaved(&mut candidates, rounds);
    println!(
        "command returns recorded from QEMU 10.0.2 (the live tests), decoded from their text:"
    );
    println!(
        "  {:<26} {:>9} {:<22} {:>11} {:>9} {:>8}",
        "return", "bytes", "decoder", "us/return", "MB/s", "vs (a)"
    );
    // Per decoder, the time of one of each return, summed, and whether every return
    // had that decoder.
    let mut totals = [Duration::ZERO; 3];
    let mut complete = [true; 3];
    for ((entry, &times_each), &(first, count)) in recorded.iter().zip(&repeats).zip(&rows) {
        let one = |index: usize| times[index] / times_each as u32;
        for slot in 0..3 {
            if slot < count {
                totals[slot] += one(first + slot);
            } else {
                complete[slot] = false;
            }
        }
        for slot in 0..count {
            let time = one(first + slot);
            println!(
                "  {:<26} {:>9} {:<22} {:>11.1} {:>9.1} {:>7.2}x",
                if slot == 0 { entry.command } else { "" },
                if slot == 0 {
                    entry.text.len().to_string()
                } else {
                    String::new()
                },
                candidates[first + slot].name,
                time.as_secs_f64() * 1e6,
                timing::mb_per_s(time, entry.text.len()),
                ratio(time, one(first))
            );
        }
        #[cfg(feature = "peer")]
        if count < 3 {
            let why = match qmp_bench::peer::returns(entry.command) {
                None => "qapi-qmp has no such command".to_owned(),
                Some(peer) => peer(entry.text)
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default(),
            };
            println!("  {:<26} {:>9} (c) qapi-qmp fails: {why}", "", "");
        }
    }
    let bytes: usize = recorded.iter().map(|r| r.text.len()).sum();
    println!(
        "  {:<26} {:>9} one of each: (a) {:.1} us, (b) {:.1} us{}",
        "all five",
        bytes,
        totals[0].as_secs_f64() * 1e6,
        totals[1].as_secs_f64() * 1e6,
        if complete[2] {
            format!(", (c) {:.1} us", totals[2].as_secs_f64() * 1e6)
        } else {
            String::new()
        }
    );
    #[cfg(feature = "peer")]
    for entry in &recorded {
        match qmp_bench::peer::return_differences(entry.command, entry.text) {
            Ok(lost) if lost.is_empty() => {}
            Ok(lost) => {
                let shown: Vec<&str> = lost.iter().take(4).map(String::as_str).collect();
                println!(
                    "  (c) does not give back {} as sent: {} differences ({}{})",
                    entry.command,
                    lost.len(),
                    shown.join(", "),
                    if lost.len() > 4 { ", ..." } else { "" }
                );
            }
            Err(error) => println!("  (c) fails on {}: {error}", entry.command),
        }
    }
    println!();
    println!("targets (issue 16), the five recorded returns together:");
    target(
        "(a) >= 2.0x faster than (b) Value",
        ratio(totals[1], totals[0]),
        2.0,
        true,
    );
    if complete[2] {
        target(
            "(a) >= 1.5x faster than (c) qapi-qmp",
            ratio(totals[2], totals[0]),
            1.5,
            true,
        );
    } else {
        println!(
            "  {:<44} not measured: (c) does not decode every return (or no `--features peer`)",
            "(a) >= 1.5x faster than (c) qapi-qmp"
        );
    }
    println!();
}

/// How many distinct events the recordings hold.
fn recorded_events() -> usize {
    let lines = streams::qemu_lines();
    let mut names: Vec<&str> = lines
        .iter()
        .filter_map(|l| streams::event_name(l))
        .collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// What the peer fails on and what it does not give back, by event.
#[cfg(feature = "peer")]
fn report_peer_audit(stream: &Stream, audit: &qmp_bench::peer::Audit) {
    let templates = qmp_bench::peer::audit(&streams::qemu_lines());
    println!(
        "(c) qapi_qmp::Event (qapi-qmp 0.15, QEMU 9.1's schema) on `{}`: decodes {} of {} lines \
         ({} of {} recorded), fails on {} ({}); of the decoded, {} ({} recorded) do not \
         encode back to their JSON value",
        stream.name,
        audit.decoded.len(),
        stream.lines.len(),
        templates.decoded.len(),
        templates.decoded.len() + templates.failed.len(),
        audit.failed.len(),
        templates.failed.len(),
        audit.changed.len(),
        templates.changed.len(),
    );
    println!(
        "  {:<32} {:>8} {:>7} {:>8}  what",
        "event (recorded lines)", "lines", "failed", "changed"
    );
    for event in qmp_bench::peer::by_event(&templates) {
        let what: Vec<&str> = event.what.iter().map(String::as_str).collect();
        println!(
            "  {:<32} {:>8} {:>7} {:>8}  {}",
            event.event,
            event.lines,
            event.failed,
            event.changed,
            what.join("; ")
        );
    }
    println!();
}

/// A pass over lines.
type Pass = fn(&[String]);

/// `validate` per message (on messages already decoded into `Value`s, and from the raw
/// line) against decoding the same lines: `[decode, value_then_validate]` and
/// `validate` of the stream's bindings.
fn report_validation(
    stream: &Stream,
    rounds: usize,
    [decode, value_then_validate]: [Pass; 2],
    validate: fn(&[serde_json::Value]),
) {
    let lines = &stream.lines;
    let values: Vec<serde_json::Value> = lines
        .iter()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    let mut candidates = vec![
        Candidate {
            name: "(a) decode with EventMessage",
            run: Box::new(|| decode(lines)),
        },
        Candidate {
            name: "validate(&Value) alone",
            run: Box::new(|| validate(&values)),
        },
        Candidate {
            name: "(b) Value, then validate",
            run: Box::new(|| value_then_validate(lines)),
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

/// A 2012-document stream: (a) the seed's bindings, (b) `Value`, (c) the qapi-style
/// model, and (a) against (d) the floor on the lines the floor has structs for.
fn report_stream(stream: &Stream, rounds: usize) -> Ratios {
    let lines = &stream.lines;
    let batches = decoders::batches(stream);
    let batch_lines: usize = batches.iter().map(|b| b.lines.len()).sum();
    let batch_bytes: usize = batches.iter().flat_map(|b| &b.lines).map(String::len).sum();
    let mut candidates = vec![
        Candidate {
            name: "(a) generated EventMessage (2012)",
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
