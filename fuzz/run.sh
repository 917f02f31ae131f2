#!/usr/bin/env bash
# Builds every fuzz target once and runs each for a bounded time, reading
# and growing its corpus in fuzz/corpus/<target>/. Exits non-zero if any
# target finds a crash; the input is then in fuzz/artifacts/<target>/.
#
#   fuzz/run.sh [SECONDS] [TARGET...]   run (SECONDS per target, default
#                                       $FUZZ_SECONDS or 20; all targets)
#   fuzz/run.sh --cmin [TARGET...]      minimise the corpus in place
#
# Needs only the Rust toolchain: cargo-fuzz is installed here if missing,
# and its nightly features are enabled on stable with RUSTC_BOOTSTRAP=1.
# See docs/fuzzing.md for the targets, the budget and what to do with a crash.
set -euo pipefail
cd "$(dirname "$0")"

CARGO_FUZZ_VERSION=0.13.2

# cargo-fuzz passes nightly-only flags (-Z, sanitizer coverage) to rustc.
export RUSTC_BOOTSTRAP=1
# The fuzz build has its own flags, so its own target dir (fuzz/target):
# sharing the workspace's would rebuild both every time.
unset CARGO_TARGET_DIR

# No address sanitizer: the code under test has no unsafe (the workspace
# forbids it), so ASan would only find bugs in dependencies. With ASan and
# cargo-fuzz's default of 1 codegen unit a build from scratch took about
# 10 minutes on 2 cores; without, and with 16 units, 1.5 to 3 minutes, for
# somewhat slower runs. Overflow checks are on (fuzz/Cargo.toml).
BUILD_FLAGS=(-O --sanitizer none --codegen-units 16)

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi

cmin=false
if [ "${1:-}" = "--cmin" ]; then
    cmin=true
    shift
fi
seconds=${FUZZ_SECONDS:-20}
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

started=$SECONDS
cargo fuzz build "${BUILD_FLAGS[@]}"
echo "fuzz: built ${#targets[@]} targets in $((SECONDS - started)) s"

# Minimising keeps the committed corpus small (docs/fuzzing.md): every seed
# (seed-*: the repository's files), then, smallest first, the inputs found
# by fuzzing that are at most 256 bytes and reach code (edges, not hit
# counts) that the ones kept before do not.
if $cmin; then
    host=$(rustc -vV | sed -n 's/^host: //p')
    mkdir -p artifacts
    for target in "${targets[@]}"; do
        kept=$(mktemp -d) found=$(mktemp -d)
        find "corpus/$target" -maxdepth 1 -type f -name 'seed-*' -exec cp {} "$kept" \;
        find "corpus/$target" -maxdepth 1 -type f ! -name 'seed-*' -size -257c -exec cp {} "$found" \;
        "target/$host/release/$target" -merge=1 -use_counters=0 "$kept" "$found" \
            2>"artifacts/$target.cmin.log" || {
            tail -n 20 "artifacts/$target.cmin.log"
            exit 1
        }
        rm -rf "corpus/$target" "$found"
        mv "$kept" "corpus/$target"
        echo "fuzz: corpus/$target: $(find "corpus/$target" -type f | wc -l) files"
    done
    exit 0
fi

# Options of one target. evaluate reads its case from up to a few hundred
# bytes: libFuzzer's default would start it at a few bytes and grow the
# length only slowly, so most of a short run would draw tiny cases.
target_options() {
    case "$1" in
        evaluate) echo "-max_len=512 -len_control=0" ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    echo "fuzz: $target for $seconds s"
    # -timeout: an input taking over 10 s is a finding (a hang), as is one
    # needing over 2 GB.
    # shellcheck disable=SC2046 # the options are words
    if ! cargo fuzz run "${BUILD_FLAGS[@]}" "$target" "corpus/$target" -- \
        $(target_options "$target") -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1 2>"artifacts/$target.log"; then
        tail -n 40 "artifacts/$target.log"
        failed+=("$target")
    else
        grep -E '^(stat::number_of_executed_units|stat::new_units_added)' "artifacts/$target.log" |
            tr '\n' ' '
        echo
    fi
done

echo "fuzz: done in $((SECONDS - started)) s"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: crashes in: ${failed[*]}" >&2
    echo "fuzz: the inputs are in fuzz/artifacts/<target>/; keep each under" \
        "fuzz/regressions/<target>/ (see docs/fuzzing.md)" >&2
    exit 1
fi
