// The derive's selections: the whole schema, the events only, named commands.
#![deny(missing_docs)]
//! A consumer.

mod whole {
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "documents/commands/schema.json")]
    pub struct Qmp;
}

mod events {
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "documents/commands/schema.json", events_only)]
    pub struct Qmp;
}

mod status {
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "documents/commands/schema.json", commands = "query-status")]
    pub struct Qmp;
}

use qmp_runtime::Command;

fn main() {
    assert_eq!(whole::COMMAND_NAMES, ["query-status", "query-block"]);
    assert_eq!(<whole::commands::QueryBlock as Command>::NAME, "query-block");
    assert!(events::COMMAND_NAMES.is_empty());
    assert_eq!(events::EVENT_NAMES, ["STOP"]);
    assert_eq!(status::COMMAND_NAMES, ["query-status"]);
    let returned: status::StatusInfo =
        qmp_runtime::from_json(r#"{"running": true, "status": "running"}"#).unwrap();
    assert_eq!(returned.status, status::RunState::Running);
}
