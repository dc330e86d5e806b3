mod qmp {
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "documents/qapi/root.json")]
    pub struct Qmp;
}

fn main() {
    let _: Option<qmp::Event> = None;
}
