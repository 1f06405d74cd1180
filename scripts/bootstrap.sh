#!/usr/bin/env bash
# Installs what Xiezuoqu needs on Debian 12, only what is missing, so a second call is fast.
# Usage: scripts/bootstrap.sh [build|test]   (test adds the browser, PostgreSQL server and load tools)
set -euo pipefail
mode=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)

build_pkgs=(g++ cmake ninja-build pkg-config make libboost-dev nlohmann-json3-dev libsqlite3-dev sqlite3
  libpq-dev libsodium-dev libssl-dev libxlsxwriter-dev libzip-dev libexpat1-dev libspdlog-dev libfmt-dev libcli11-dev
  coinor-libcbc-dev nodejs npm ca-certificates)
test_pkgs=(libgtest-dev libgmock-dev libbenchmark-dev postgresql chromium fonts-noto-cjk wrk
  curl procps)

wanted=("${build_pkgs[@]}")
[ "$mode" = test ] && wanted+=("${test_pkgs[@]}")

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from outside Debian (e.g. a preinstalled Node.js); accept working binaries.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 update -q
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
else
  echo "bootstrap: Debian packages present"
fi

# Web packages from the committed lockfile; skipped when node_modules matches the lockfile.
if [ -f "$here/web/package-lock.json" ]; then
  stamp="$here/web/node_modules/.xzq-lock-sha"
  want=$(sha256sum "$here/web/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "bootstrap: npm ci"
    (cd "$here/web" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  else
    echo "bootstrap: web packages present"
  fi
fi
