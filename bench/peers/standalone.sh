#!/usr/bin/env bash
# usage: bench/peers/standalone.sh OUT_DIR
# Makes a crate written by generate.sh build on its own even inside another Cargo workspace
# (such as this repo, when OUT_DIR is under target/): adds an empty `[workspace]` table to its
# Cargo.toml unless it has one. Idempotent. Not part of the timed generation.
set -euo pipefail
manifest="$1/Cargo.toml"
[ -f "$manifest" ] || { echo "error: $manifest does not exist" >&2; exit 1; }
grep -q '^\[workspace\]' "$manifest" || printf '\n[workspace]\n' >> "$manifest"
