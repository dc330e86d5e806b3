use qmp_api::EventMessage;
use qmp_api::commands::Stop;
use qmp_client::AsyncClient;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), qmp_client::Error> {
    let socket = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/vm0.qmp".to_owned());
    let mut qmp = AsyncClient::connect_unix(socket).await?;
    qmp.execute(&Stop::default()).await?;
    let message: EventMessage = qmp.next_event().await?;
    println!("{}", message.event.name()); // STOP
    Ok(())
}
