use qmp_client::AsyncClient;
use qmp_events::EventMessage;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), qmp_client::Error> {
    let socket = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/vm0.qmp".to_owned());
    let mut qmp = AsyncClient::connect_unix(socket).await?;
    qmp.execute("stop", None).await?;
    let message: EventMessage = qmp.next_event().await?;
    println!("{}", message.event.name()); // STOP
    Ok(())
}
