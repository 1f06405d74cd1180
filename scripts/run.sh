#!/usr/bin/env bash
# 一条命令运行协作区：安装依赖、构建、创建演示数据库（兰考县）、启动服务。
# One command to run Xiezuoqu: install what is missing, build, create the demo database, serve.
#   XZQ_DB (default sqlite:var/demo.db), XZQ_LISTEN (default 127.0.0.1:8080)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/bootstrap.sh build
cmake --preset release >/dev/null
cmake --build --preset release
scripts/build-web.sh
db=${XZQ_DB:-sqlite:var/demo.db}
listen=${XZQ_LISTEN:-127.0.0.1:8080}
build/release/src/app/xzq demo --db "$db"
echo
echo "协作区已启动，请在浏览器打开 / Xiezuoqu is starting, open: http://$listen/"
echo "按 Ctrl+C 停止 / press Ctrl+C to stop"
exec build/release/src/app/xzq serve --db "$db" --listen "$listen" --web-root web/dist
