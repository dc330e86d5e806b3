//! build.rs, the derive and the command line generate the same code for one document.

use qmp_schema::{Builder, codegen};
use std::path::Path;
use std::process::Command;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../events-spec/qmp-events.txt");

/// The generated code without its `// @generated` header line.
fn without_header(code: &str) -> &str {
    code.split_once("\n\n").map_or(code, |(_, body)| body)
}

#[test]
fn builder_derive_and_cli_generate_identical_code() {
    let from_builder = Builder::new(SEED)
        .cargo_output(false)
        .generate()
        .expect("seed generates");

    let cli = Command::new(env!("CARGO_BIN_EXE_qmp-codegen"))
        .args(["generate", SEED])
        .output()
        .expect("qmp-codegen runs");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let from_cli = String::from_utf8(cli.stdout).expect("UTF-8");

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let input = quote::quote! {
        #[qmp(spec = "events-spec/qmp-events.txt")]
        pub struct Qmp;
    };
    let expanded = qmp_schema::derive::expand(input, &workspace);
    let mut file: syn::File = syn::parse2(expanded).expect("the expansion parses");
    // The derive adds one item of its own: the `include_str!` that makes cargo rebuild
    // the crate when the document changes.
    let rebuild_trigger = file.items.remove(0);
    let trigger = quote::quote!(#rebuild_trigger).to_string();
    assert!(trigger.contains("include_str"), "{trigger}");
    assert!(trigger.contains("qmp-events.txt"), "{trigger}");
    let from_derive = codegen::format_tokens(&quote::quote!(#file));

    assert_eq!(from_builder, from_cli);
    assert_eq!(without_header(&from_builder), from_derive);
}

#[test]
fn builder_refuses_a_document_with_errors_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("bad.txt");
    std::fs::write(
        &spec,
        "STOP\n----\n\nData:\n\n- \"x\": thing (json-thing)\n",
    )
    .expect("write");
    let out = dir.path().join("qmp.rs");
    let error = Builder::new(&spec)
        .cargo_output(false)
        .generate_to(&out)
        .expect_err("must fail");
    let shown = format!("{error:?}");
    assert!(
        shown.contains("bad.txt:6:15: error: unknown type 'json-thing'"),
        "{shown}"
    );
    assert!(!out.exists());
}

#[test]
fn cli_check_says_whether_a_checked_in_file_is_current() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("qmp.rs");
    let generate = Command::new(env!("CARGO_BIN_EXE_qmp-codegen"))
        .args(["generate", SEED, "-o"])
        .arg(&out)
        .status()
        .expect("runs");
    assert!(generate.success());
    let check = |expect_ok: bool| {
        let output = Command::new(env!("CARGO_BIN_EXE_qmp-codegen"))
            .args(["generate", SEED, "--check"])
            .arg(&out)
            .output()
            .expect("runs");
        assert_eq!(output.status.success(), expect_ok);
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(check(true).contains("up to date"));
    let stale = std::fs::read_to_string(&out)
        .unwrap()
        .replace("pub device:", "pub disk:");
    std::fs::write(&out, stale).unwrap();
    let report = check(false);
    assert!(report.contains("out of date"), "{report}");
    assert!(
        report.contains("-    pub disk:") && report.contains("+    pub device:"),
        "{report}"
    );
}
