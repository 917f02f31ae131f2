#!/usr/bin/env bash
# Side by side: `b2b tender evaluate` against pandas + numpy (pandas_meat.py)
# on the same synthetic best-price-quality tender, 100 000 and 1 000 000 bids.
#
#   benches/compare/run.sh            # from anywhere; RUNS=10 WARMUP=1 by default
#   SIZES="100000" RUNS=5 benches/compare/run.sh
#   TIMER=bash benches/compare/run.sh # interleaved rounds timed by bash
#
# Builds the release binary, writes benches/data/<N>/{tender.toml,bids.csv}
# with `b2b tender generate --seed 42`, creates benches/.venv with pandas and
# numpy if missing, installs hyperfine with apt-get if missing, times both
# programs end to end (process start to JSON file written) in one hyperfine
# run (JSON in benches/data/hyperfine.json), prints the medians and their
# ratio (medians.py), and checks that both name the same winner: exit status
# 1 if they do not. Without hyperfine (apt-get failed, or TIMER=bash) it
# times RUNS rounds itself, each round running every command once,
# interleaved, with bash's `time` (benches/data/times.tsv).
#
# Nothing else should run meanwhile: the machine has 2 cores, and b2b uses
# both while pandas uses one.
set -euo pipefail

SIZES_TEXT=${SIZES:-100000 1000000}
SIZES=()
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-1}
TIMER=${TIMER:-hyperfine}
DATA=benches/data
VENV=benches/.venv
# OPENBLAS_* may be set for this machine's CPU; numpy runs with its defaults.
PY="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $VENV/bin/python"
OUT=

ours_cmd() {
    echo "target/release/b2b tender evaluate $DATA/$1/tender.toml $DATA/$1/bids.csv --format json -o $OUT/ours-$1.json"
}

pandas_cmd() {
    echo "$PY benches/compare/pandas_meat.py $DATA/$1 $OUT/pandas-$1.json"
}

# Writes the files beside the old ones and renames them over only where they
# differ, so a run reading them meanwhile never sees half a file.
generate() {
    mkdir -p "$DATA"
    local n fresh file
    for n in "${SIZES[@]}"; do
        fresh=$(mktemp -d "$DATA/.generate.XXXXXX")
        target/release/b2b tender generate --bids "$n" --seed 42 --out "$fresh" >/dev/null 2>&1
        mkdir -p "$DATA/$n"
        for file in tender.toml bids.csv; do
            cmp -s "$fresh/$file" "$DATA/$n/$file" || mv "$fresh/$file" "$DATA/$n/$file"
        done
        rm -rf "$fresh"
        echo "$DATA/$n: $n bids, $(wc -c <"$DATA/$n/bids.csv") bytes of CSV"
    done
}

setup_python() {
    if ! "$VENV/bin/python" -c 'import pandas, numpy' 2>/dev/null; then
        echo "== creating $VENV with pandas and numpy"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet pandas numpy
    fi
    $PY -c 'import sys, pandas, numpy; print("python", sys.version.split()[0], "pandas", pandas.__version__, "numpy", numpy.__version__)'
}

# Prints the file the timings went to.
time_with_hyperfine() {
    local export=$DATA/hyperfine.json n
    local args=()
    for n in "${SIZES[@]}"; do
        args+=(--command-name "b2b $n" "$(ours_cmd "$n")")
        args+=(--command-name "pandas $n" "$(pandas_cmd "$n")")
    done
    rm -f "$export"
    hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$export" "${args[@]}" >&2
    echo "$export"
}

# Prints the file the timings went to.
time_interleaved() {
    local times=$DATA/times.tsv round n tool cmd seconds
    : >"$times"
    local TIMEFORMAT=%R
    for ((round = 1 - WARMUP; round <= RUNS; round++)); do
        for n in "${SIZES[@]}"; do
            for tool in b2b pandas; do
                if [[ $tool == b2b ]]; then cmd=$(ours_cmd "$n"); else cmd=$(pandas_cmd "$n"); fi
                seconds=$({ time eval "$cmd" >/dev/null 2>&1; } 2>&1)
                if ((round >= 1)); then
                    printf '%s %s\t%s\n' "$tool" "$n" "$seconds" >>"$times"
                fi
            done
        done
    done
    echo "$times"
}

# Returns 1 if the two programs name different winners.
check_winners() {
    local status=0 n ours theirs
    for n in "${SIZES[@]}"; do
        eval "$(ours_cmd "$n")" >/dev/null 2>&1
        theirs=$(eval "$(pandas_cmd "$n")")
        ours=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["winner"] or "none")' "$OUT/ours-$n.json")
        if [[ "$ours" == "$theirs" ]]; then
            echo "$n bids: both name $ours"
        else
            echo "$n bids: b2b names $ours, pandas names $theirs" >&2
            status=1
        fi
    done
    return $status
}

# The whole run is one function, read in full before it starts: editing this
# file meanwhile does not disturb a run under way.
main() {
    cd "$(dirname "$0")/../.."
    read -r -a SIZES <<<"$SIZES_TEXT"
    OUT=$(mktemp -d)
    trap 'rm -rf "$OUT"' EXIT

    echo "== machine"
    lscpu | sed -n 's/^Model name: *//p'
    echo "$(nproc) cores; load before: $(uptime)"

    echo "== building target/release/b2b"
    cargo build --release -p b2b

    echo "== generating data (seed 42)"
    generate
    setup_python

    if [[ $TIMER == hyperfine ]] && ! command -v hyperfine >/dev/null; then
        echo "== installing hyperfine"
        { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; } ||
            echo "hyperfine could not be installed: timing with bash's time instead"
    fi

    echo "== timing ($RUNS runs after $WARMUP warm-up per command and size)"
    local timings
    if [[ $TIMER == hyperfine ]] && command -v hyperfine >/dev/null; then
        hyperfine --version
        timings=$(time_with_hyperfine)
    else
        echo "interleaved rounds timed by bash"
        timings=$(time_interleaved)
    fi

    echo "== medians (wall-clock seconds)"
    python3 benches/compare/medians.py "$timings"

    echo "== winners"
    local status=0
    check_winners || status=1
    echo "load after: $(uptime)"
    return $status
}

main "$@"
