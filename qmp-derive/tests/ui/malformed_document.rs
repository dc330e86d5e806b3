mod qmp {
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "documents/malformed.txt")]
    pub struct Qmp;
}

fn main() {
    let _: Option<qmp::Event> = None;
}
