#[derive(qmp_derive::QmpEvents)]
#[qmp(spec = "documents/qmp-events.txt", strict = true)]
pub struct Qmp;

fn main() {}
