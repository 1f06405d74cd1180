#!/usr/bin/env bash
# Load benchmark on loopback only: starts the release `xzq serve` on a fresh demo database at a
# free 127.0.0.1 port and drives it with wrk for a bounded time per scenario, then reports
# requests/s, p50/p99 latency and the server's resident memory. Stops everything it started.
#   bench/load.sh [SECONDS per scenario, default 10] [CONNECTIONS, default 50]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-10}
connections=${2:-50}
[ "$seconds" -le 60 ] || { echo "bench: at most 60 s per scenario" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/bootstrap.sh test installs it)" >&2; exit 1; }

cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
scripts/build-web.sh >/dev/null
xzq=build/release/src/app/xzq
work=$(mktemp -d /tmp/xzq-bench.XXXXXX)
password='Bench-2026-load'
"$xzq" demo --db "sqlite:$work/bench.db" --password "$password" >/dev/null
"$xzq" serve --db "sqlite:$work/bench.db" --listen 127.0.0.1:0 --threads 2 >"$work/out.log" 2>"$work/access.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q 'listening on' "$work/out.log" && break; sleep 0.1; done
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/out.log" | head -n 1)
[[ $base == http://127.0.0.1:* ]] || { echo "bench: server did not start" >&2; exit 1; }

# The API needs a session: sign in once as the county leader and send the cookie with every request.
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"leader\",\"password\":\"$password\"}" "$base/api/v1/auth/login" |
  tr -d '\r' | awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}')
[ -n "$cookie" ] || { echo "bench: sign-in failed" >&2; exit 1; }

rss() { awk '/^VmRSS/ {print $2}' /proc/$pid/status; }
hwm() { awk '/^VmHWM/ {print $2}' /proc/$pid/status; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "server: 2 I/O threads, SQLite WAL; wrk: 2 threads, $connections connections, ${seconds}s per scenario; idle RSS $(rss) KiB"
printf '| scenario | requests/s | p50 | p99 | RSS after (KiB) |\n|---|---|---|---|---|\n'
for scenario in "/healthz" "/api/v1/org/tree?county=410225" "/api/v1/people?limit=50" "/org"; do
  result=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Cookie: $cookie" "$base$scenario")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$result")
  p50=$(awk '$1=="50%" {print $2}' <<<"$result")
  p99=$(awk '$1=="99%" {print $2}' <<<"$result")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$result" || true)
  printf '| GET %s | %s | %s | %s | %s |\n' "$scenario" "$rps" "$p50" "$p99" "$(rss)"
  [ -z "$errors" ] || echo "  ($errors)"
done
echo "peak RSS (VmHWM): $(hwm) KiB"

# Sign-in is dominated by argon2id (64 MiB, ~50 ms each, at most 2 at once): time 20 in a row.
start=$(date +%s%N)
for _ in $(seq 1 20); do
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"staff\",\"password\":\"$password\"}" "$base/api/v1/auth/login"
done
echo "sign-in: 20 sequential in $(( ($(date +%s%N) - start) / 1000000 )) ms"
