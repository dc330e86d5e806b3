fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    // Relative to Cargo.toml: QEMU's qapi/ folder, copied into this crate. The build
    // reruns when any file of the schema changes.
    qmp_schema::Builder::new("qapi/qapi-schema.json").generate_to(out_dir.join("qmp.rs"))?;
    Ok(())
}
