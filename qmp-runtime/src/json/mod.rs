//! JSON text: reading it a value at a time, writing it as QEMU and serde_json do.

mod reader;
mod value;
mod writer;

pub use reader::{Kind, MAX_DEPTH, Reader};
pub use value::parse_number;
pub use writer::Writer;
