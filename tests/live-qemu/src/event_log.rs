//! Collecting the events a scenario provokes, in arrival order, each as sent
//! and as typed.

use std::time::{Duration, Instant};

use qmp_client::{Client, Error, QemuVersion, RawEvent};

use crate::live_event::LiveEvent;

/// How long a scenario waits for an event it provoked.
const EVENT_TIMEOUT: Duration = Duration::from_secs(30);

/// Every event read during a scenario, with a cursor for ordered expectations:
/// each [`EventLog::wait_for`] only matches events after the last one matched,
/// so `wait_for("SHUTDOWN")` then `wait_for("STOP")` checks their order.
///
/// Each event is decoded into the generated `EventMessage` as it is read; one
/// that does not decode fails the scenario, naming it.
#[derive(Debug)]
pub struct EventLog {
    events: Vec<LiveEvent>,
    cursor: usize,
    qemu_version: Option<QemuVersion>,
}

impl EventLog {
    /// An empty log for events of the QEMU behind `client` (its version, from
    /// the greeting, says which fields to expect beyond the document).
    pub fn new(client: &Client) -> Self {
        EventLog {
            events: Vec::new(),
            cursor: 0,
            qemu_version: client.greeting().version(),
        }
    }

    /// The version of the QEMU the events come from, if its greeting said.
    pub fn qemu_version(&self) -> Option<QemuVersion> {
        self.qemu_version
    }

    /// Records an event read by other means, such as the async client.
    pub fn record(&mut self, event: RawEvent) {
        match LiveEvent::decode(event) {
            Ok(event) => self.events.push(event),
            Err(err) => panic!("{err}; events so far: {:?}", self.names()),
        }
    }

    /// All events read so far, in arrival order.
    pub fn events(&self) -> &[LiveEvent] {
        &self.events
    }

    /// The names of all events read so far.
    pub fn names(&self) -> Vec<&str> {
        self.events.iter().map(LiveEvent::name).collect()
    }

    /// Waits for the next event called `name`; panics, listing what did arrive,
    /// if none comes in time.
    pub fn wait_for(&mut self, client: &mut Client, name: &str) -> LiveEvent {
        self.wait_for_matching(client, name, |_| true)
    }

    /// Waits for the next event called `name` for which `accept` holds.
    pub fn wait_for_matching(
        &mut self,
        client: &mut Client,
        name: &str,
        accept: impl Fn(&LiveEvent) -> bool,
    ) -> LiveEvent {
        let is_wanted = |event: &LiveEvent| event.name() == name && accept(event);
        let deadline = Instant::now() + EVENT_TIMEOUT;
        loop {
            if let Some(offset) = self.events[self.cursor..].iter().position(is_wanted) {
                let index = self.cursor + offset;
                self.cursor = index + 1;
                return self.events[index].clone();
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            assert!(
                !remaining.is_zero(),
                "no {name} event within {EVENT_TIMEOUT:?}; events so far: {:?}",
                self.names()
            );
            self.read_one(client, remaining, name);
        }
    }

    /// Reads whatever events arrive during `period`, for checking that an
    /// event did not happen.
    pub fn read_for(&mut self, client: &mut Client, period: Duration) {
        let deadline = Instant::now() + period;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return;
            }
            self.read_one(client, remaining, "any event");
        }
    }

    /// Records queued events without waiting for more.
    pub fn take_queued(&mut self, client: &mut Client) {
        while client.queued_events().len() > 0 {
            self.read_one(client, Duration::from_millis(1), "a queued event");
        }
    }

    fn read_one(&mut self, client: &mut Client, timeout: Duration, waiting_for: &str) {
        if let Err(err) = client.set_read_timeout(Some(timeout)) {
            panic!("setting the QMP read timeout failed: {err}");
        }
        let read = client.next_raw_event();
        // Commands the scenario runs next must not inherit a short timeout.
        if let Err(err) = client.set_read_timeout(Some(EVENT_TIMEOUT)) {
            panic!("resetting the QMP read timeout failed: {err}");
        }
        match read {
            Ok(event) => self.record(event),
            Err(Error::Timeout) => {}
            Err(err) => panic!(
                "reading events failed while waiting for {waiting_for}: {err}; events so far: {:?}",
                self.names()
            ),
        }
    }
}
