#!/usr/bin/env bash
# Runs the README's quick start, exactly as written between its quickstart markers, against a
# fresh server (an empty data directory, a free port), and fails if any step failed.
set -euo pipefail
cd "$(dirname "$0")/.."

BLOCK=$(awk '/<!-- quickstart:begin/{on=1; next} /<!-- quickstart:end/{on=0} on && !/^```/' README.md)
[ -n "$BLOCK" ] || { echo "quickstart: no block between the markers in README.md" >&2; exit 1; }

DATA_DIR=$(mktemp -d)
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
LOG="$DATA_DIR/server.log"
# The server itself, not a launcher (npx, the tsx CLI) that would leave it running when killed.
PORT=$PORT HOST=127.0.0.1 DATA_DIR="$DATA_DIR/data" LOG_LEVEL=warn node --import tsx src/main.ts >"$LOG" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA_DIR"; }
trap cleanup EXIT

# Wait for readiness, bounded (60 tries).
for _ in $(seq 60); do
  curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null || { echo "quickstart: the server never became ready" >&2; cat "$LOG" >&2; exit 1; }

OUTPUT=$(API="http://127.0.0.1:$PORT" bash -euo pipefail -c "$BLOCK")
echo "$OUTPUT"
if grep -q '"error"' <<<"$OUTPUT"; then echo "quickstart: a step answered an error" >&2; exit 1; fi
grep -q '"status":"FINISHED"' <<<"$OUTPUT" || { echo "quickstart: the ride did not finish" >&2; exit 1; }
grep -q '^event: status' <<<"$OUTPUT" || { echo "quickstart: no live status event" >&2; exit 1; }
echo "quickstart: OK"
