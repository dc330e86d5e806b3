// Included by the tests of the way-in examples, after `const PROGRAM: &str =
// env!("CARGO_BIN_EXE_<name>");`: the README's program runs and prints what the README
// says it prints.

#[test]
fn the_program_prints_the_tray_event_and_the_command() {
    let output = std::process::Command::new(PROGRAM)
        .output()
        .expect("the program runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "ide1-cd0 tray open: true\n\
         {\"execute\":\"eject\",\"arguments\":{\"id\":\"ide1-cd0\"}}\n"
    );
}
