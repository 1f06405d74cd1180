#!/usr/bin/env bash
# 运行全部测试 / Runs every test: unit, storage (SQLite and a real PostgreSQL started here), API
# (the real binary over HTTP) and browser (Playwright in Debian's Chromium). Installs what is
# missing first. Ends with one line "N passed, N failed" and exits non-zero if anything failed or
# could not run.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out="$root/build/test-output"

passed=0 failed=0
stage_failed() { echo "test: $1" >&2; failed=$((failed + 1)); }

scripts/bootstrap.sh test || { echo "test: installing dependencies failed"; echo "0 passed, 1 failed"; exit 1; }
if ! { cmake --preset dev >/dev/null && cmake --build --preset dev; }; then
  echo "test: the build failed"; echo "0 passed, 1 failed"; exit 1
fi
scripts/build-web.sh || stage_failed "the web UI build failed"
# The run command builds the release preset: keep it building.
if cmake --preset release >/dev/null && cmake --build --preset release >"$root/build/release-build.log" 2>&1; then
  passed=$((passed + 1)); echo "test: release build ok"
else
  stage_failed "the release build failed (build/release-build.log)"
fi
rm -rf "$out"; mkdir -p "$out"

# A throwaway PostgreSQL cluster for the storage and API suites, stopped by its data folder.
pg_dir=$(mktemp -d /tmp/xzq-pg.XXXXXX)
pg_port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
trap 'scripts/pg-cluster.sh stop "$pg_dir"' EXIT
if XZQ_TEST_PG_URL=$(scripts/pg-cluster.sh start "$pg_dir" "$pg_port"); then
  export XZQ_TEST_PG_URL
  echo "test: PostgreSQL at $XZQ_TEST_PG_URL"
else
  stage_failed "PostgreSQL could not be started: its suites will fail"
fi

# C++ suites through CTest (each GoogleTest case is one CTest test).
ctest --preset dev -j 2 --timeout 300 2>&1 | tee "$out/ctest.log"
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$out/ctest.log" | tail -n 1)
if [ -n "$summary" ]; then
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
  bad=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$summary")
  passed=$((passed + total - bad)); failed=$((failed + bad))
else
  stage_failed "CTest did not report a summary"
fi

# API and browser suites (node:test), TAP kept for counting, spec shown to the reader.
export XZQ_BIN="$root/build/dev/src/app/xzq" XZQ_TEST_OUT="$out"
node --test --test-concurrency=2 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$out/node.tap" \
  tests/api/ tests/e2e/
node_pass=$(grep -E '^# pass [0-9]+' "$out/node.tap" | awk '{print $3}')
node_fail=$(grep -E '^# fail [0-9]+' "$out/node.tap" | awk '{print $3}')
node_cancelled=$(grep -E '^# cancelled [0-9]+' "$out/node.tap" | awk '{print $3}')
if [ -n "$node_pass" ] && [ -n "$node_fail" ]; then
  passed=$((passed + node_pass)); failed=$((failed + node_fail + ${node_cancelled:-0}))
else
  stage_failed "the node test runner did not report a summary"
fi

echo "screenshots and logs: $out"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
