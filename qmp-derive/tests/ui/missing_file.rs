mod qmp {
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "no/such/qmp-events.txt")]
    pub struct Qmp;
}

fn main() {
    // Uses of the bindings do not add errors of their own.
    let _: Option<qmp::EventMessage> = None;
}
