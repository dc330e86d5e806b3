#[derive(qmp_derive::QmpEvents)]
#[qmp(spec = "../../../../events-spec/qmp-events.txt", strict = true)]
pub struct Qmp;

fn main() {}
