mod qmp {
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "documents/commands/schema.json", commands = "query-status, query-vnc")]
    pub struct Qmp;
}

fn main() {}
