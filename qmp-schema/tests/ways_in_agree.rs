//! build.rs, the derive and the command line generate the same code for one document.

use qmp_schema::{Builder, codegen};
use std::path::Path;
use std::process::Command;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../events-spec/qmp-events.txt");

/// The generated code without its `// @generated` header line.
fn without_header(code: &str) -> &str {
    code.split_once("\n\n").map_or(code, |(_, body)| body)
}

/// Which part of a schema the three ways in are asked for, each in its own spelling.
#[derive(Clone, Copy)]
enum Part {
    Whole,
    EventsOnly,
    Commands(&'static [&'static str]),
}

/// The code each way in makes of `spec` (a path relative to the workspace); `files` is
/// how many files the spec is made of, one `include_str!` each in the derive's output.
fn assert_ways_agree(spec: &str, files: usize) -> String {
    assert_ways_agree_on(spec, files, Part::Whole)
}

/// As [`assert_ways_agree`], for a part of the schema; gives the code.
fn assert_ways_agree_on(spec: &str, files: usize, part: Part) -> String {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = workspace.join(spec);
    let builder = Builder::new(&path).cargo_output(false);
    let builder = match part {
        Part::Whole => builder,
        Part::EventsOnly => builder.events_only(),
        Part::Commands(names) => builder.commands(names.iter().copied()),
    };
    let from_builder = builder.generate().expect("the spec generates");

    let mut cli = Command::new(env!("CARGO_BIN_EXE_qmp-codegen"));
    cli.arg("generate").arg(&path);
    match part {
        Part::Whole => {}
        Part::EventsOnly => {
            cli.arg("--events-only");
        }
        Part::Commands(names) => {
            cli.arg("--commands").arg(names.join(","));
        }
    }
    let cli = cli.output().expect("qmp-codegen runs");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let from_cli = String::from_utf8(cli.stdout).expect("UTF-8");

    let input = match part {
        Part::Whole => quote::quote! {
            #[qmp(spec = #spec)]
            pub struct Qmp;
        },
        Part::EventsOnly => quote::quote! {
            #[qmp(spec = #spec, events_only)]
            pub struct Qmp;
        },
        Part::Commands(names) => {
            let names = names.join(",");
            quote::quote! {
                #[qmp(spec = #spec, commands = #names)]
                pub struct Qmp;
            }
        }
    };
    let expanded = qmp_schema::derive::expand(input, &workspace);
    let mut file: syn::File = syn::parse2(expanded).expect("the expansion parses");
    // The derive adds items of its own: the `include_str!` of each file read, which
    // makes cargo rebuild the crate when any of them changes.
    let triggers: Vec<String> = file
        .items
        .drain(..files)
        .map(|item| quote::quote!(#item).to_string())
        .collect();
    assert!(
        triggers.iter().all(|t| t.contains("include_str")),
        "{triggers:?}"
    );
    let root = Path::new(spec)
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a name");
    assert!(triggers[0].contains(root), "{triggers:?}");
    let from_derive = codegen::format_tokens(&quote::quote!(#file));

    assert_eq!(from_builder, from_cli);
    assert_eq!(without_header(&from_builder), from_derive);
    from_builder
}

const QEMU_10_0: &str = "events-spec/qapi/qemu-10.0.2/qapi-schema.json";

#[test]
fn builder_derive_and_cli_generate_identical_code() {
    assert_ways_agree("events-spec/qmp-events.txt", 1);
}

#[test]
fn builder_derive_and_cli_generate_identical_code_from_a_qapi_schema() {
    let whole = assert_ways_agree(QEMU_10_0, 43);
    assert!(whole.contains("pub struct BlockdevAdd("), "a boxed command");
    assert!(whole.contains("pub struct QueryStatus {"));
}

#[test]
fn the_ways_in_agree_on_a_part_of_the_schema() {
    let events = assert_ways_agree_on(QEMU_10_0, 43, Part::EventsOnly);
    assert!(!events.contains("pub struct QueryStatus"));
    assert!(events.contains("pub struct BlockIoError {"));
    let some = assert_ways_agree_on(QEMU_10_0, 43, Part::Commands(&["query-status", "eject"]));
    assert!(some.contains("pub struct QueryStatus {"));
    assert!(
        some.contains("pub struct StatusInfo {"),
        "the type its return reaches"
    );
    assert!(some.contains("pub struct Eject {"));
    assert!(!some.contains("pub struct BlockdevAdd"));
    assert!(events.len() < some.len());
}

#[test]
fn a_command_the_schema_lacks_is_refused() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(QEMU_10_0);
    let error = Builder::new(&path)
        .cargo_output(false)
        .commands(["query-status", "query-nothing"])
        .generate()
        .expect_err("an unknown command");
    assert!(
        error
            .to_string()
            .ends_with("no command 'query-nothing'; no bindings were generated"),
        "{error}"
    );
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

const QEMU_7_2: &str = "events-spec/qapi/qemu-7.2.22/qapi-schema.json";

/// Bindings of two releases in one: `Builder::new(a).schema(b)`, `generate A B` and two
/// `spec` keys make the same code, whichever release is named first.
#[test]
fn the_ways_in_agree_on_two_releases_merged() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let from_builder = Builder::new(workspace.join(QEMU_7_2))
        .schema(workspace.join(QEMU_10_0))
        .cargo_output(false)
        .generate()
        .expect("the schemas merge");
    let cli = Command::new(env!("CARGO_BIN_EXE_qmp-codegen"))
        .arg("generate")
        .arg(workspace.join(QEMU_10_0))
        .arg(workspace.join(QEMU_7_2))
        .output()
        .expect("qmp-codegen runs");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(
        stderr.contains("warning: type ChardevBackend: branch 'pty' is ChardevPtyWrapper"),
        "what merging gives up is said: {stderr}"
    );
    let from_cli = String::from_utf8(cli.stdout).expect("UTF-8");
    // The header names the files in the order given.
    assert_eq!(without_header(&from_builder), without_header(&from_cli));
    let expanded = qmp_schema::derive::expand(
        quote::quote! {
            #[qmp(spec = #QEMU_7_2, spec = #QEMU_10_0)]
            pub struct Qmp;
        },
        &workspace,
    );
    let mut file: syn::File = syn::parse2(expanded).expect("the expansion parses");
    file.items
        .retain(|item| !quote::quote!(#item).to_string().contains("include_str"));
    assert_eq!(
        without_header(&from_builder),
        codegen::format_tokens(&quote::quote!(#file))
    );
    assert!(from_builder.contains("Only in QEMU 10.0.2, where it is required (not in 7.2.22)."));
    assert!(
        from_builder.contains("pub struct MemUnplugError {"),
        "7.2's event"
    );
    assert!(
        from_builder.contains("pub struct QueryStatsSchemas {"),
        "10.0's command"
    );
}

/// Releases can be named: `release` after a `spec`, `Builder::release`, `--release`.
#[test]
fn releases_are_named_as_the_user_says() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let named = Builder::new(workspace.join(QEMU_7_2))
        .release("7.2")
        .schema(workspace.join(QEMU_10_0))
        .release("10.0")
        .cargo_output(false)
        .generate()
        .expect("the schemas merge");
    assert!(named.contains("Only in QEMU 10.0, where it is required (not in 7.2)."));
    let expanded = qmp_schema::derive::expand(
        quote::quote! {
            #[qmp(spec = #QEMU_7_2, release = "7.2", spec = #QEMU_10_0, release = "10.0")]
            pub struct Qmp;
        },
        &workspace,
    )
    .to_string();
    assert!(expanded.contains("Only in QEMU 10.0, where it is required (not in 7.2)."));
    let misplaced = qmp_schema::derive::expand(
        quote::quote! {
            #[qmp(release = "7.2", spec = #QEMU_7_2)]
            pub struct Qmp;
        },
        &workspace,
    )
    .to_string();
    assert!(
        misplaced.contains("`release` names the `spec` before it; give `spec` first"),
        "{misplaced}"
    );
}
