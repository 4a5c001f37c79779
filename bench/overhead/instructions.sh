#!/usr/bin/env bash
# usage: bench/overhead/instructions.sh [VARIANT...]
#
# Instructions per call of the client-overhead variants, counted by callgrind (one thread,
# so independent of the machine's load): each variant runs alone (`--only VARIANT`) with
# 100 and with 300 calls, and the difference of the two totals over 200 is what one call
# costs, without start-up and warm-up. Prints one line per variant and the ratio of each
# generated variant to its hand-written counterpart (GET: get-hand, POST: post-hand).
# Needs valgrind; builds the bench binary first (release, as `cargo bench` does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

variants=("$@")
if [ "${#variants[@]}" -eq 0 ]; then
    variants=(get-send get-await get-response get-hand get-hand-again post-send post-hand)
fi
command -v valgrind >/dev/null || { echo "error: valgrind is not installed" >&2; exit 1; }

bin=$(cargo bench -p apis --bench client_overhead --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "client_overhead" and m.get("executable"):
        print(m["executable"])')
[ -x "$bin" ] || { echo "error: the client_overhead bench binary was not built" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() { # variant calls -> total instructions
    valgrind --tool=callgrind --callgrind-out-file="$out/$1.$2" "$bin" --only "$1" --calls "$2" --runs 1 >/dev/null 2>&1
    sed -n 's/^totals: \([0-9]*\).*/\1/p' "$out/$1.$2"
}
declare -A per_call
for v in "${variants[@]}"; do
    low=$(count "$v" 100)
    high=$(count "$v" 300)
    per_call[$v]=$(( (high - low) / 200 ))
    echo "$v: ${per_call[$v]} instructions per call"
done
for v in "${variants[@]}"; do
    case $v in get-hand|post-hand) continue ;; post-*) base=post-hand ;; *) base=get-hand ;; esac
    if [ -n "${per_call[$base]:-}" ]; then
        python3 -c "print('$v / $base: {:+.1f}%'.format(100 * (${per_call[$v]} / ${per_call[$base]} - 1)))"
    fi
done
