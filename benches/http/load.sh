#!/usr/bin/env bash
# Load test of b2b-server with wrk: request openings (durable writes),
# reads of one request, and identifier checks (compute), one after the
# other against one server on this machine (wrk on the same cores).
#
#   benches/http/load.sh [SECONDS] [CONNECTIONS]
#
# Installs wrk with apt-get if it is missing. Prints wrk's report for each
# scenario; docs/benchmarks.md has the figures and the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-10}
CONNECTIONS=${2:-64}

if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
cargo build --release -p b2b-server --quiet

DIR=$(mktemp -d)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
ADMIN="b2b_0000000000aa_$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
B2B_ADMIN_TOKEN=$ADMIN RUST_LOG=warn target/release/b2b-server \
  --listen "127.0.0.1:$PORT" --database "$DIR/load.sqlite" >"$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DIR"' EXIT

TOKEN=$(python3 benches/http/prepare.py "$BASE" "$ADMIN")

echo "== opening requests: POST /v1/buying/requests (${SECONDS_EACH}s, $CONNECTIONS connections)"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s benches/http/open.lua "$BASE" -- "$TOKEN"
echo "== reading a request: GET /v1/buying/requests/R-0001"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s benches/http/get.lua "$BASE" -- "$TOKEN" /v1/buying/requests/R-0001
echo "== identifier check: POST /v1/compute/ident/check"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s benches/http/ident.lua "$BASE" -- "$TOKEN"
