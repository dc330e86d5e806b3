//! Hostile event lines: huge ones decode (or fail with a clear error) in bounded time and
//! memory, without blowing the stack. docs/README-reliability.md lists these limits.
//!
//! Lines are 100 MB where decoding them is cheap; the shapes that cost one allocation
//! per few bytes (many members, many array items) default to 10 MB to keep CI quick, and
//! `QMP_LIMITS_LINE_MB=100` runs them at 100 MB too. Memory is measured with a counting
//! allocator and bounded by a multiple of the line's length: what grows with the line
//! is fine, what grows faster is not.

use qmp_api::{Event, EventMessage};
use serde_json::Value;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, mpsc};
use std::thread;
use std::time::Duration;

/// Counts the bytes allocated now and the most allocated at once.
struct CountingAllocator;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::SeqCst) + bytes;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters are
// added.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as a new block beside the old one, which is what a moving realloc
        // needs at its peak.
        grew(new_size);
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The counters are process-wide: the tests take turns, from building their lines on.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn take_turn() -> MutexGuard<'static, ()> {
    // A test that failed holding the lock poisons it; the others can still measure.
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Far more than any of these needs, even in a debug build on a busy machine.
const DEADLINE: Duration = Duration::from_secs(120);

/// Runs `work` on a thread of its own (2 MiB of stack) and returns its result with the
/// most memory it had allocated at once beyond what was allocated before it started
/// (call it during one's turn: see [`take_turn`]).
fn measure<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> (T, usize) {
    let baseline = CURRENT.load(Ordering::SeqCst);
    PEAK.store(baseline, Ordering::SeqCst);
    let (sender, receiver) = mpsc::channel();
    thread::Builder::new()
        .name(what.to_owned())
        .spawn(move || {
            // The receiver only goes away when the test has already failed.
            let _ = sender.send(work());
        })
        .expect("a thread starts");
    let result = match receiver.recv_timeout(DEADLINE) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: not finished after {DEADLINE:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: the work panicked"),
    };
    (result, PEAK.load(Ordering::SeqCst).saturating_sub(baseline))
}

/// The size of the costly shapes' lines: `QMP_LIMITS_LINE_MB`, or `default`.
fn megabytes(default: usize) -> usize {
    let chosen = std::env::var("QMP_LIMITS_LINE_MB")
        .ok()
        .and_then(|mb| mb.parse().ok())
        .unwrap_or(default);
    chosen << 20
}

const HUNDRED_MB: usize = 100 << 20;

/// A BLOCK_IO_ERROR line whose data ends with member `x` (when given) set to `tail`.
fn block_io_error(device: &str, x: Option<&str>) -> String {
    let extra = x.map(|x| format!(r#", "x": {x}"#)).unwrap_or_default();
    format!(
        r#"{{"event": "BLOCK_IO_ERROR", "timestamp": {{"seconds": 1, "microseconds": 2}}, "data": {{"qom-path": "/machine/unattached/device[4]", "reason": "Input/output error", "operation": "read", "action": "stop", "device": "{device}"{extra}}}}}"#
    )
}

#[test]
fn a_100_mb_string_in_a_documented_field_decodes_and_validates() {
    let _turn = take_turn();
    let line = block_io_error(&"x".repeat(HUNDRED_MB), None);
    let length = line.len();
    let (device_length, peak) = measure("decode", move || {
        let message: EventMessage = serde_json::from_str(&line).expect("a valid line");
        let Event::BlockIoError(data) = message.event else {
            panic!("decoded as {}", message.event.name());
        };
        data.device.len()
    });
    assert_eq!(device_length, HUNDRED_MB);
    // The decoded string, and serde_json's scratch copy of it while reading.
    assert!(peak <= 3 * length, "{peak} bytes for a {length}-byte line");
}

#[test]
fn a_100_mb_string_in_an_undescribed_member_is_kept_whole() {
    let _turn = take_turn();
    let big = format!("\"{}\"", "y".repeat(HUNDRED_MB));
    let line = block_io_error("d", Some(&big));
    let ((kept, round_trips), _) = measure("decode", move || {
        let message: EventMessage = serde_json::from_str(&line).expect("a valid line");
        let Event::BlockIoError(data) = &message.event else {
            panic!("decoded as {}", message.event.name());
        };
        let kept = data.unknown_fields["x"].as_str().map(str::len);
        let value: Value = serde_json::from_str(&line).expect("a valid line");
        let violations = qmp_api::validate(&value).expect_err("x is not in the document");
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].pointer, "/data/x");
        let round_trips = serde_json::to_value(&message).expect("encodes") == value;
        (kept, round_trips)
    });
    assert_eq!(kept, Some(HUNDRED_MB));
    assert!(round_trips);
}

#[test]
fn a_100_mb_line_of_nesting_is_a_recursion_limit_error_naming_the_event() {
    let _turn = take_turn();
    let half = HUNDRED_MB / 2;
    let nested = format!("{}{}", "[".repeat(half), "]".repeat(half));
    let line = block_io_error("d", Some(&nested));
    let serde_line = line.clone();
    let ((decoded, value), peak) = measure("decode", move || {
        let decoded = EventMessage::from_json(&line).map(|_| ());
        let value = serde_json::from_str::<Value>(&line).map(|_| ());
        (decoded, value)
    });
    // Through serde, serde_json first skips the line to hand over its text, and its
    // skipping keeps a byte per level: memory of the line's size, once, no more.
    let (through_serde, serde_peak) = measure("decode through serde", move || {
        serde_json::from_str::<EventMessage>(&serde_line).map(|_| ())
    });
    assert!(through_serde.is_err());
    assert!(
        serde_peak < HUNDRED_MB + (HUNDRED_MB >> 2),
        "{serde_peak} bytes"
    );
    let error = decoded
        .expect_err("nesting past serde_json's limit")
        .to_string();
    assert!(
        error.starts_with(
            "event BLOCK_IO_ERROR: /data/x: objects and arrays nest more than 128 deep at line 1 column"
        ),
        "{error}"
    );
    assert!(
        value
            .expect_err("the same limit")
            .to_string()
            .starts_with("recursion limit exceeded")
    );
    // Both stop at 128 levels: nothing close to the line's size is allocated.
    assert!(peak < 1 << 20, "{peak} bytes");
}

#[test]
fn many_members_decode_in_linear_memory() {
    let _turn = take_turn();
    let size = megabytes(10);
    let mut members = String::with_capacity(size + 32);
    let mut index = 0;
    while members.len() < size {
        members.push_str(&format!("\"k{index}\": {index}, "));
        index += 1;
    }
    let line = block_io_error("d", Some(&format!("{{{members}\"end\": 0}}")));
    let length = line.len();
    let (kept, peak) = measure("decode", move || {
        let message: EventMessage = serde_json::from_str(&line).expect("a valid line");
        let Event::BlockIoError(data) = message.event else {
            panic!("decoded as {}", message.event.name());
        };
        data.unknown_fields["x"]
            .as_object()
            .map(|members| members.len())
    });
    assert_eq!(kept, Some(index + 1));
    // A map entry (key, value, tree node) per member of about 16 bytes of text.
    assert!(peak <= 16 * length, "{peak} bytes for a {length}-byte line");
}

#[test]
fn many_array_items_decode_in_linear_memory() {
    let _turn = take_turn();
    let size = megabytes(10);
    let items = format!("[{}0]", "0,".repeat(size / 2));
    let line = block_io_error("d", Some(&items));
    let length = line.len();
    let (kept, peak) = measure("decode", move || {
        let message: EventMessage = serde_json::from_str(&line).expect("a valid line");
        let Event::BlockIoError(data) = message.event else {
            panic!("decoded as {}", message.event.name());
        };
        data.unknown_fields["x"].as_array().map(Vec::len)
    });
    assert_eq!(kept, Some(size / 2 + 1));
    // A 32-byte `Value` per 2 bytes of text, in a vector that grows by doubling (old and
    // new buffers side by side at the peak).
    assert!(peak <= 64 * length, "{peak} bytes for a {length}-byte line");
}
