use qmp_client::Client;

fn main() -> Result<(), qmp_client::Error> {
    let socket = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/vm0.qmp".to_owned());
    let mut qmp = Client::connect_unix(socket)?;
    // What this QEMU supports (its query-qmp-schema), against qmp-api's bindings.
    let report = qmp.compat(&qmp_api::BINDINGS)?;
    for finding in report.findings.iter().filter(|f| f.is_breaking()) {
        println!("breaking: {finding}");
    }
    println!("QEMU {}", report.qemu.as_deref().unwrap_or("?"));
    println!("{}", report.verdict());
    Ok(())
}
