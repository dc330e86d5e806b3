//! The decoders side by side, each as a function over a batch of lines, so that the
//! criterion benchmarks and the one-run ratio report time exactly the same code.
//!
//! On the QEMU 10.0.2 stream: [`qmp_api`] (QEMU 10.0.2's bindings, as the
//! `qmp-api` crate holds them) and [`value`]; the peer, `qapi_qmp::Event`, is in
//! [`crate::peer`] (`--features peer`). On the 2012 document's streams: [`generated`]
//! (the seed's bindings), [`value`], [`qapi_style`] and the [`floor`].
//!
//! Every decoded value is passed through `black_box` and dropped: freeing what a
//! decoder allocated is part of its cost.

use crate::floor;
use crate::qapi_style;
use crate::qmp;
use crate::streams::{Stream, event_name};
use std::hint::black_box;

/// (a) on the QEMU 10.0.2 stream: `qmp_api::EventMessage`, the bindings of QEMU
/// 10.0.2's QAPI schema.
pub fn qmp_api(lines: &[String]) {
    for line in lines {
        let message: qmp_api::EventMessage = serde_json::from_str(line).expect("qmp-api decodes");
        black_box(&message);
    }
}

/// (a) through the runtime's own entry point, `EventMessage::from_json`, as qmp-client
/// decodes: no serde in between (serde's path first asks serde_json for the line's raw
/// text, a second scan).
pub fn qmp_api_from_json(lines: &[String]) {
    for line in lines {
        let message = qmp_api::EventMessage::from_json(line).expect("qmp-api decodes");
        black_box(&message);
    }
}

/// `qmp_api::validate` on messages already decoded into `Value`s.
pub fn validate_qmp_api(values: &[serde_json::Value]) {
    for value in values {
        black_box(qmp_api::validate(value)).ok();
    }
}

/// `Value` decoding followed by `qmp_api::validate`.
pub fn value_then_validate_qmp_api(lines: &[String]) {
    for line in lines {
        let message: serde_json::Value = serde_json::from_str(line).expect("Value decodes");
        black_box(qmp_api::validate(&message)).ok();
    }
}

/// (a) on the 2012 document's streams: the seed's generated `EventMessage`.
pub fn generated(lines: &[String]) {
    for line in lines {
        let message: qmp::EventMessage = serde_json::from_str(line).expect("generated decodes");
        black_box(&message);
    }
}

/// (b) `serde_json::Value`.
pub fn value(lines: &[String]) {
    for line in lines {
        let message: serde_json::Value = serde_json::from_str(line).expect("Value decodes");
        black_box(&message);
    }
}

/// (c) the qapi-rs-style model, with the fallback for events it does not describe.
pub fn qapi_style(lines: &[String]) {
    for line in lines {
        let message: qapi_style::Message = serde_json::from_str(line).expect("qapi-style decodes");
        black_box(&message);
    }
}

/// `validate` on messages already decoded into `Value`s.
pub fn validate(values: &[serde_json::Value]) {
    for value in values {
        black_box(qmp::validate(value)).ok();
    }
}

/// `Value` decoding followed by `validate`: what checking a raw line costs.
pub fn value_then_validate(lines: &[String]) {
    for line in lines {
        let message: serde_json::Value = serde_json::from_str(line).expect("Value decodes");
        black_box(qmp::validate(&message)).ok();
    }
}

/// The lines of one event, with that event's floor decoder.
#[derive(Clone)]
pub struct Batch {
    /// The event.
    pub event: String,
    /// Decodes one line with the event's plain struct.
    pub decode: fn(&str) -> serde_json::Result<()>,
    /// The event's lines, in stream order.
    pub lines: Vec<String>,
}

/// A stream split into one batch per event (first-seen order). Events the floor has no
/// struct for are left out.
pub fn batches(stream: &Stream) -> Vec<Batch> {
    let mut batches: Vec<Batch> = Vec::new();
    for line in &stream.lines {
        let Some(event) = event_name(line) else {
            continue;
        };
        if let Some(batch) = batches.iter_mut().find(|b| b.event == event) {
            batch.lines.push(line.clone());
        } else if let Some(decode) = floor::decoder_for(event) {
            batches.push(Batch {
                event: event.to_owned(),
                decode,
                lines: vec![line.clone()],
            });
        }
    }
    batches
}

/// (d) the floor over batches: each batch with its own struct, no dispatch.
pub fn floor(batches: &[Batch]) {
    for batch in batches {
        for line in &batch.lines {
            (batch.decode)(line).expect("floor decodes");
        }
    }
}

/// (a) over the same batches, for the comparison with the floor.
pub fn generated_batches(batches: &[Batch]) {
    for batch in batches {
        generated(&batch.lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streams::{documented, mix, qemu_10_0};
    use serde_json::Value;

    #[test]
    fn every_decoder_decodes_every_line_of_its_streams() {
        let stream = documented();
        generated(&stream.lines);
        value(&stream.lines);
        qapi_style(&stream.lines);
        floor(&batches(&stream));
        let stream = mix();
        generated(&stream.lines);
        value(&stream.lines);
        qapi_style(&stream.lines);
        floor(&batches(&stream));
    }

    #[test]
    fn generated_and_qapi_style_are_lossless_on_both_streams() {
        let mut templates = documented().lines;
        templates.truncate(200);
        templates.extend(mix().lines.into_iter().take(200));
        for line in &templates {
            let original: Value = serde_json::from_str(line).unwrap();
            let generated: qmp::EventMessage = serde_json::from_str(line).unwrap();
            assert_eq!(
                serde_json::to_value(&generated).unwrap(),
                original,
                "{line}"
            );
            let qapi: qapi_style::Message = serde_json::from_str(line).unwrap();
            assert_eq!(serde_json::to_value(&qapi).unwrap(), original, "{line}");
        }
    }

    #[test]
    fn qmp_api_decodes_every_recorded_line_as_its_own_variant_and_back() {
        for line in crate::streams::qemu_lines() {
            let original: Value = serde_json::from_str(&line).unwrap();
            let message: qmp_api::EventMessage = serde_json::from_str(&line).expect(&line);
            assert!(
                !matches!(message.event, qmp_api::Event::Unknown { .. }),
                "{line}"
            );
            assert_eq!(serde_json::to_value(&message).unwrap(), original, "{line}");
        }
        let stream = qemu_10_0();
        qmp_api(&stream.lines);
        value(&stream.lines);
    }

    #[test]
    fn qapi_style_decodes_documented_events_as_known_but_unlisted_job_types() {
        let mut unknown = 0;
        for line in &documented().lines {
            let message: qapi_style::Message = serde_json::from_str(line).unwrap();
            // The 2012 document's job types are `stream` only: QEMU 10's `mirror` jobs
            // fail its closed enum and are kept, whole, by the untagged fallback.
            if line.contains(r#""type": "mirror""#) {
                assert!(
                    matches!(message, qapi_style::Message::Unknown { .. }),
                    "{line}"
                );
                unknown += 1;
            } else {
                assert!(matches!(message, qapi_style::Message::Known(_)), "{line}");
            }
        }
        assert!(unknown > 0);
    }

    #[test]
    fn floor_structs_hold_every_member_of_their_lines() {
        for batch in batches(&mix()) {
            for line in batch.lines.iter().take(50) {
                let original: Value = serde_json::from_str(line).unwrap();
                let encoded = floor::round_trip(&batch.event, line).expect(line);
                assert_eq!(encoded, original, "{line}");
            }
        }
    }

    #[test]
    fn floor_batches_cover_the_documented_stream() {
        let stream = documented();
        let covered: usize = batches(&stream).iter().map(|b| b.lines.len()).sum();
        assert_eq!(covered, stream.lines.len());
    }
}
