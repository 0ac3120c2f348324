#!/usr/bin/env bash
# Starts and stops a throw-away FerretDB v1.24 (SQLite backend) for the Mongo read-store tests.
#
#   scripts/ferretdb.sh start <port> <dir>   # data, state, log and pid file all live in <dir>
#   scripts/ferretdb.sh stop <dir>
#
# Then: MONGO_URL=mongodb://127.0.0.1:<port>/ npx mocha 'tests/int/read-store.mongo.int.spec.ts'
set -euo pipefail

readonly VERSION=v1.24.2
readonly MODULE=github.com/FerretDB/FerretDB
readonly GO_BIN="${GOBIN:-$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin}/ferretdb"
# Where a repaired build goes when the `go install` one is unusable (see ensure_binary).
readonly CACHE_BIN="${XDG_CACHE_HOME:-$HOME/.cache}/taxi-dispatch/ferretdb-$VERSION"
readonly WAIT_SECONDS=30

die() { echo "ferretdb.sh: $*" >&2; exit 1; }

works() { [[ -x "$1" ]] && [[ "$("$1" --version 2>/dev/null)" == *"version: $VERSION"* ]]; }

# `go install …@v1.24.2` builds a binary that panics at start-up: the module zip lacks the
# generated build/version/version.txt, and the version check only runs when the main module is
# FerretDB itself. So when that binary is unusable we build from the module source with the file added.
ensure_binary() {
  if works "$GO_BIN"; then echo "$GO_BIN"; return; fi
  if works "$CACHE_BIN"; then echo "$CACHE_BIN"; return; fi
  command -v go >/dev/null || die "go is needed to build FerretDB $VERSION"
  [[ -x "$GO_BIN" ]] || go install "$MODULE/cmd/ferretdb@$VERSION" >&2
  if works "$GO_BIN"; then echo "$GO_BIN"; return; fi
  local src_dir build_dir
  src_dir=$(cd /tmp && go mod download -json "$MODULE@$VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  [[ -d "$src_dir" ]] || die "could not download $MODULE@$VERSION"
  build_dir=$(mktemp -d)
  cp -r "$src_dir/." "$build_dir" && chmod -R u+w "$build_dir"
  echo "$VERSION" >"$build_dir/build/version/version.txt"
  mkdir -p "$(dirname "$CACHE_BIN")"
  (cd "$build_dir" && GOFLAGS=-buildvcs=false go build -o "$CACHE_BIN" ./cmd/ferretdb) >&2
  rm -rf "$build_dir"
  works "$CACHE_BIN" || die "the build at $CACHE_BIN does not report $VERSION"
  echo "$CACHE_BIN"
}

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local port=$1 dir=$2 bin pid
  [[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number, got '$port'"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ -f "$dir/ferretdb.pid" ]] && kill -0 "$(cat "$dir/ferretdb.pid")" 2>/dev/null; then
    die "already running in $dir (pid $(cat "$dir/ferretdb.pid"))"
  fi
  port_answers "$port" && die "port $port is already taken"
  bin=$(ensure_binary)
  # --debug-addr=- : no metrics listener, so several instances can run side by side.
  nohup "$bin" \
    --handler=sqlite --sqlite-url="file:$dir/?_pragma=synchronous(normal)" --state-dir="$dir" \
    --listen-addr="127.0.0.1:$port" --debug-addr=- \
    --telemetry=disable --log-level=info \
    >"$dir/ferretdb.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/ferretdb.pid"
  for ((i = 0; i < WAIT_SECONDS * 10; i++)); do
    if port_answers "$port"; then
      echo "FerretDB $VERSION (pid $pid) listening on 127.0.0.1:$port, data in $dir"
      return
    fi
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$dir/ferretdb.log" >&2; die "FerretDB exited during start-up"; }
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  die "FerretDB did not answer on port $port within ${WAIT_SECONDS}s (log: $dir/ferretdb.log)"
}

stop() {
  local dir=$1 pid
  [[ -f "$dir/ferretdb.pid" ]] || { echo "no pid file in $dir, nothing to stop"; return; }
  pid=$(cat "$dir/ferretdb.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$dir/ferretdb.pid"
  echo "FerretDB (pid $pid) stopped"
}

case "${1:-}" in
  start) [[ $# -eq 3 ]] || die "usage: $0 start <port> <dir>"; start "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || die "usage: $0 stop <dir>"; stop "$2" ;;
  *) die "usage: $0 start <port> <dir> | $0 stop <dir>" ;;
esac
