fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    qmp_schema::Builder::new("../../events-spec/qmp-events.txt")
        .generate_to(out_dir.join("qmp.rs"))?;
    // A QAPI schema's root: the builder reads the files it includes, and reruns when
    // any of them changes.
    qmp_schema::Builder::new("../../events-spec/qapi/qemu-7.2.22/qapi-schema.json")
        .generate_to(out_dir.join("qemu_7_2.rs"))?;
    // Two releases in one: QEMU 7.2.22's schema and 10.0.2's, merged.
    qmp_schema::Builder::new("../../events-spec/qapi/qemu-7.2.22/qapi-schema.json")
        .schema("../../events-spec/qapi/qemu-10.0.2/qapi-schema.json")
        .generate_to(out_dir.join("qemu_7_2_and_10_0.rs"))?;
    // The guest agent's schema of QEMU 7.2.22 (qga-api holds 10.0.2's, checked in).
    qmp_schema::Builder::new("../../events-spec/qapi/qga-7.2.22/qapi-schema.json")
        .generate_to(out_dir.join("qga_7_2.rs"))?;
    // Constructs no bundled event reaches (tests/old_and_rare.rs).
    qmp_schema::Builder::new("qapi/qapi-schema.json")
        .generate_to(out_dir.join("old_and_rare.rs"))?;
    Ok(())
}
