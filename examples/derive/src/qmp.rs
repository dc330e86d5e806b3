#[derive(qmp_derive::QmpEvents)]
#[qmp(spec = "qapi/qapi-schema.json")] // relative to Cargo.toml
pub struct Qmp;
