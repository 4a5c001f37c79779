#!/usr/bin/env bash
# usage: bench/peers/generate.sh TOOL OPENAPI_JSON OUT_DIR CRATE_NAME
#
# Runs one peer generator once, as a user would type it, writing a Rust client crate to OUT_DIR:
#   progenitor         cargo progenitor (oxidecomputer/progenitor's CLI): positional interface,
#                      depends on the progenitor-client crate
#   openapi-generator  openapi-generator-cli generate -g rust (library reqwest, async)
# Nothing else happens here: the tool is exec'd, so a harness that times this process times the
# generator (plus a bash start). Install the tools first with bench/peers/install.sh.
#
# For the harness:
#   - OUT_DIR should be absent or empty (both tools overwrite files but keep strays).
#   - progenitor prints its whole type space on stdout: redirect it.
#   - To build the output where it lies inside another Cargo workspace (e.g. under this repo's
#     target/), run bench/peers/standalone.sh OUT_DIR after timing: it adds an empty
#     `[workspace]` table so `cargo build --manifest-path OUT_DIR/Cargo.toml` builds it alone.
set -euo pipefail

if [ "$#" -ne 4 ]; then
    echo "usage: $0 progenitor|openapi-generator OPENAPI_JSON OUT_DIR CRATE_NAME" >&2
    exit 2
fi
tool=$1 input=$2 out=$3 name=$4
peers="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/target/peers"

case "$tool" in
    progenitor)
        export PATH="$peers/bin:$PATH"
        exec cargo progenitor --input "$input" --output "$out" --name "$name" --version 0.1.0
        ;;
    openapi-generator)
        exec "$peers/venv/bin/openapi-generator-cli" generate --generator-name rust \
            --input-spec "$input" --output "$out" --package-name "$name" \
            --library reqwest --additional-properties=supportAsync=true,packageVersion=0.1.0
        ;;
    *)
        echo "error: unknown tool \`$tool\` (progenitor or openapi-generator)" >&2
        exit 2
        ;;
esac
