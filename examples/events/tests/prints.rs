//! The README's qmp-api program prints what the README says.

#[test]
fn the_program_prints_the_error_and_what_the_schema_lacks() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_example-events"))
        .output()
        .expect("the program runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "/machine/unattached/device[4]: Input/output error (5)\nnot in the schema: /data/errno\n"
    );
}
