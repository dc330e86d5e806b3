//! Generates the seed's bindings, as a consumer's build.rs would.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    qmp_schema::Builder::new("../events-spec/qmp-events.txt")
        .generate_to(out_dir.join("qmp.rs"))?;
    Ok(())
}
