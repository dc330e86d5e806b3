fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    // Relative to Cargo.toml: the document is a file of this crate.
    qmp_schema::Builder::new("qmp-events.txt").generate_to(out_dir.join("qmp.rs"))?;
    Ok(())
}
