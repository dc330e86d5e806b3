#[derive(qmp_derive::QmpEvents)]
pub struct Qmp;

fn main() {}
