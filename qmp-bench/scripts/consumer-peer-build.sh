#!/usr/bin/env bash
# What QEMU's event bindings add to a consumer's build: QEMU 10.0.2's from qmp-api
# (this repository, checked in) against qapi-rs' from qapi-qmp 0.15 (crates.io, generated
# by its build script from QEMU 9.1's schema), measured the same way. Three crates in
# one scratch workspace, with this repository's Cargo.lock (the same serde, serde_json
# and qapi-qmp as the benchmarks):
#   none   - decodes a line into serde_json::Value;
#   events - the same, and into qmp_api::EventMessage with serde_json::from_str;
#   events-from-json - the same with EventMessage::from_json (not generic: the decoder is
#            compiled in qmp-api, not in the consumer);
#   peer   - the same, and into qapi_qmp::Event.
# First `none` is built: the dependencies common to all three (serde with derive,
# serde_json) are then built, and that target folder is kept. Then, per crate:
#   clean   - `cargo build` of the crate from that kept folder (so it builds what only it
#             needs: for `events` qmp-api; for `peer` qapi-qmp with its build script,
#             which runs the code generator qapi-codegen, itself built with qapi-parser
#             and the serde/serde_json a build script uses, and qapi-spec, base64), median
#             of CLEAN runs;
#   rebuild - `cargo build` after `touch src/lib.rs`, median of RUNS.
# The bindings' cost is each figure minus `none`'s. One clean build per crate is also
# run with `--timings`, and the compile time of each unit it built is listed.
#
# Usage: qmp-bench/scripts/consumer-peer-build.sh [RUNS] [CLEAN] [PROFILES]
#        (defaults: 5 rebuilds, 3 clean builds, "dev release")
set -euo pipefail

runs="${1:-5}"
clean_runs="${2:-3}"
profiles="${3:-dev release}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$work/target"
cd "$work"

cat >"$work/Cargo.toml" <<EOF
[workspace]
resolver = "3"
members = ["none", "events", "events-from-json", "peer"]
EOF
cp "$root/Cargo.lock" "$work/Cargo.lock"

# The code every crate shares: decode a line, give its event name.
common='
/// Decodes one QMP event line and gives its event name.
pub fn event_name(line: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value.get("event")?.as_str().map(str::to_owned)
}
'

make_crate() {
    local name="$1" dep="$2" lib="$3"
    mkdir -p "$work/$name/src"
    cat >"$work/$name/Cargo.toml" <<EOF
[package]
name = "consumer-$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
$dep
EOF
    printf '%s\n%s\n' "$lib" "$common" >"$work/$name/src/lib.rs"
}

make_crate none "" "//! No bindings."
make_crate events "qmp-api = { path = \"$root/qmp-api\" }" \
    '//! QEMU 10.0.2'"'"'s bindings from qmp-api.
/// Decodes one QMP event line with the bindings.
pub fn decode(line: &str) -> Option<qmp_api::EventMessage> {
    serde_json::from_str(line).ok()
}'
make_crate events-from-json "qmp-api = { path = \"$root/qmp-api\" }" \
    '//! QEMU 10.0.2'"'"'s bindings from qmp-api, decoded by the crate'"'"'s from_json.
/// Decodes one QMP event line with the bindings.
pub fn decode(line: &str) -> Option<qmp_api::EventMessage> {
    qmp_api::EventMessage::from_json(line).ok()
}'
make_crate peer 'qapi-qmp = "=0.15.0"' \
    '//! QEMU 9.1'"'"'s bindings from qapi-qmp.
/// Decodes one QMP event line with the bindings.
pub fn decode(line: &str) -> Option<qapi_qmp::Event> {
    serde_json::from_str(line).ok()
}'

# shellcheck source=timing.sh
source "$root/qmp-bench/scripts/timing.sh"

# The compile time of each unit of the newest --timings report, longest first.
units() {
    local report
    report=$(ls -t "$CARGO_TARGET_DIR"/cargo-timings/cargo-timing-*.html | head -n 1)
    python3 - "$report" <<'EOF'
import json, re, sys
text = open(sys.argv[1]).read()
data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", text, re.S).group(1))
# Units cargo found fresh are listed with no time: left out.
for unit in sorted(data, key=lambda u: -u["duration"]):
    if unit["duration"] < 0.005:
        continue
    target = unit.get("target", "").strip() or "lib"
    print(f'      {unit["name"]} {unit["version"]} {target}: {unit["duration"]:.2f} s')
EOF
}

echo "load before: $(uptime)"
for profile in $profiles; do
    flag=""
    [ "$profile" = release ] && flag="--release"
    rm -rf "$CARGO_TARGET_DIR" "$work/base"
    cargo build -q $flag -p consumer-none
    cp -a "$CARGO_TARGET_DIR" "$work/base"
    printf '%-8s %-16s %12s %12s\n' profile crate "clean (s)" "rebuild (s)"
    details=""
    for name in none events events-from-json peer; do
        fulls=$(for _ in $(seq "$clean_runs"); do
            rm -rf "$CARGO_TARGET_DIR"
            cp -a "$work/base" "$CARGO_TARGET_DIR"
            if [ "$name" = none ]; then
                cargo clean -q $flag -p consumer-none
            fi
            timed cargo build -q $flag -p "consumer-$name"
        done | median)
        rebuilds=$(for _ in $(seq "$runs"); do
            touch "$work/$name/src/lib.rs"
            timed cargo build -q $flag -p "consumer-$name"
        done | median)
        printf '%-8s %-16s %12.2f %12.2f\n' "$profile" "$name" "$fulls" "$rebuilds"
        # One more clean build with --timings, for the units it built.
        rm -rf "$CARGO_TARGET_DIR"
        cp -a "$work/base" "$CARGO_TARGET_DIR"
        [ "$name" = none ] && cargo clean -q $flag -p consumer-none
        cargo build -q $flag --timings -p "consumer-$name" >/dev/null 2>&1
        details+="    $profile $name, units built (--timings):"$'\n'"$(units)"$'\n'
    done
    printf '%s' "$details"
done
echo "load after: $(uptime)"
