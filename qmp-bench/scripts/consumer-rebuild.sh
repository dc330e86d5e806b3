#!/usr/bin/env bash
# What the generated bindings add to a consumer's rebuild after one of its files is
# touched: three copies of a small crate are built, then rebuilt after `touch src/lib.rs`
# (median of RUNS rebuilds each, dev and release profiles):
#   none    - the crate with no bindings (its own code only);
#   build   - the same crate with the seed's bindings from build.rs (`include!`);
#   derive  - the same crate with the seed's bindings from #[derive(QmpEvents)].
# The difference from `none` is what the bindings cost on every rebuild.
#
# Usage: qmp-bench/scripts/consumer-rebuild.sh [RUNS]   (from anywhere; default 5 runs)
set -euo pipefail

runs="${1:-5}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$work/target"

# The code every variant shares: decode a line, print the event's name.
common='
/// Decodes one QMP event line and gives its event name.
pub fn event_name(line: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value.get("event")?.as_str().map(str::to_owned)
}
'

make_crate() {
    local name="$1" deps="$2" build_deps="$3" lib="$4"
    mkdir -p "$work/$name/src"
    cat >"$work/$name/Cargo.toml" <<EOF
[package]
name = "rebuild-$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
serde = "1"
serde_json = "1"
$deps

[build-dependencies]
$build_deps

[workspace]
EOF
    printf '%s\n%s\n' "$lib" "$common" >"$work/$name/src/lib.rs"
}

make_crate none "" "" "//! No bindings."
make_crate build "" "qmp-schema = { path = \"$root/qmp-schema\", default-features = false }" \
    '//! Bindings from build.rs.
include!(concat!(env!("OUT_DIR"), "/qmp.rs"));'
cat >"$work/build/build.rs" <<EOF
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    qmp_schema::Builder::new("$root/events-spec/qmp-events.txt").generate_to(out_dir.join("qmp.rs"))?;
    Ok(())
}
EOF
make_crate derive "qmp-derive = { path = \"$root/qmp-derive\" }" "" \
    "//! Bindings from the derive.
/// The bindings.
#[derive(qmp_derive::QmpEvents)]
#[qmp(spec = \"$root/events-spec/qmp-events.txt\")]
pub struct Qmp;"

# shellcheck source=timing.sh
source "$root/qmp-bench/scripts/timing.sh"

printf '%-8s %-8s %12s %12s\n' profile crate "clean (s)" "rebuild (s)"
for profile in dev release; do
    flag=""
    [ "$profile" = release ] && flag="--release"
    for name in none build derive; do
        manifest="$work/$name/Cargo.toml"
        # Dependencies first, so that the clean build counts only this crate's own work
        # (for `build`, its build script too).
        cargo build -q $flag --manifest-path "$manifest" >/dev/null 2>&1
        cargo clean -q $flag --manifest-path "$manifest" -p "rebuild-$name" >/dev/null 2>&1
        full=$(timed cargo build -q $flag --manifest-path "$manifest")
        rebuilds=$(for _ in $(seq "$runs"); do
            touch "$work/$name/src/lib.rs"
            timed cargo build -q $flag --manifest-path "$manifest"
        done | median)
        printf '%-8s %-8s %12.2f %12.2f\n' "$profile" "$name" "$full" "$rebuilds"
    done
done
