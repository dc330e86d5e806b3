mod qmp {
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "../../../../qmp-derive/tests/ui/malformed.txt")]
    pub struct Qmp;
}

fn main() {
    let _: Option<qmp::Event> = None;
}
