#!/usr/bin/env bash
# Installs the peer generators the benchmarks compare against, pinned, under target/peers/:
#   target/peers/bin/cargo-progenitor   oxidecomputer's progenitor CLI (crates.io cargo-progenitor)
#   target/peers/venv/                  openapi-generator-cli from PyPI (bundles the jar; needs java 17+)
# Idempotent: a tool already installed at its pinned version is left alone.
# Needs: rustup/cargo, python3 (3.8+) with venv and pip, java 17+. Run from anywhere in the repo.
set -euo pipefail

PROGENITOR_VERSION=0.15.1
OPENAPI_GENERATOR_VERSION=7.26.0

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root="$PWD/target/peers"
mkdir -p "$root"

# progenitor: `cargo install` records what it installed in $root/.crates.toml.
if grep -q "^\"cargo-progenitor $PROGENITOR_VERSION " "$root/.crates.toml" 2>/dev/null && [ -x "$root/bin/cargo-progenitor" ]; then
    echo "cargo-progenitor $PROGENITOR_VERSION: already installed"
else
    cargo install --locked --version "$PROGENITOR_VERSION" --root "$root" cargo-progenitor
fi

# openapi-generator-cli in its own venv.
python="${PYTHON:-python3}"
if [ ! -x "$root/venv/bin/python" ]; then
    "$python" -m venv "$root/venv"
fi
installed="$("$root/venv/bin/python" -m pip show openapi-generator-cli 2>/dev/null | sed -n 's/^Version: //p' || true)"
if [ "$installed" = "$OPENAPI_GENERATOR_VERSION" ]; then
    echo "openapi-generator-cli $OPENAPI_GENERATOR_VERSION: already installed"
else
    "$root/venv/bin/python" -m pip install --disable-pip-version-check --quiet "openapi-generator-cli==$OPENAPI_GENERATOR_VERSION"
fi

# progenitor formats its output with rustfmt, found on PATH.
command -v rustfmt >/dev/null 2>&1 || rustup component add rustfmt
java -version >/dev/null 2>&1 || { echo "error: openapi-generator needs java 17+ on PATH" >&2; exit 1; }
"$root/bin/cargo-progenitor" progenitor --help >/dev/null
echo "openapi-generator $("$root/venv/bin/openapi-generator-cli" version)"
