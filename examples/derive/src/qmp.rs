#[derive(qmp_derive::QmpEvents)]
#[qmp(spec = "qmp-events.txt")] // relative to Cargo.toml
pub struct Qmp;
