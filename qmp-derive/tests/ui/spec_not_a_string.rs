#[derive(qmp_derive::QmpEvents)]
#[qmp(spec = events_spec)]
pub struct Qmp;

fn main() {}
