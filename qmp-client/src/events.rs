//! Iterators over a client's events.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;
use crate::raw_event::RawEvent;

/// Events as received, from [`Client::raw_events`].
///
/// Yields `Err` for a timeout or a bad line and keeps going; ends after the peer
/// disconnects or the socket fails (a socket failure is yielded first).
#[derive(Debug)]
pub struct RawEvents<'a> {
    client: &'a mut Client,
    finished: bool,
}

impl<'a> RawEvents<'a> {
    pub(crate) fn new(client: &'a mut Client) -> Self {
        RawEvents {
            client,
            finished: false,
        }
    }
}

impl Iterator for RawEvents<'_> {
    type Item = Result<RawEvent, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let item = self.client.next_raw_event();
        end_on_fatal(&mut self.finished, item)
    }
}

/// Events decoded as `E`, from [`Client::events`].
///
/// An event that does not decode comes out as [`Error::Decode`], which names it
/// and carries its line, and iteration goes on with the next event: one bad
/// event does not end the stream. Timeouts and disconnects behave as in
/// [`RawEvents`].
#[derive(Debug)]
pub struct Events<'a, E> {
    raw: RawEvents<'a>,
    decoded_type: PhantomData<fn() -> E>,
}

impl<'a, E> Events<'a, E> {
    pub(crate) fn new(client: &'a mut Client) -> Self {
        Events {
            raw: RawEvents::new(client),
            decoded_type: PhantomData,
        }
    }
}

impl<E: DeserializeOwned> Iterator for Events<'_, E> {
    type Item = Result<E, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let event = self.raw.next()?;
        Some(event.and_then(|event| event.decode().map_err(Error::Decode)))
    }
}

/// A disconnect ends the stream quietly; a socket error is passed on once and
/// then ends it; every other error leaves the stream going.
fn end_on_fatal(
    finished: &mut bool,
    item: Result<RawEvent, Error>,
) -> Option<Result<RawEvent, Error>> {
    match item {
        Err(Error::Disconnected) => {
            *finished = true;
            None
        }
        Err(err) if err.is_fatal() => {
            *finished = true;
            Some(Err(err))
        }
        other => Some(other),
    }
}
