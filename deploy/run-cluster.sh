#!/usr/bin/env bash
# deploy/run-cluster.sh [N]: Vitals as in production, on one machine, in the foreground.
#   N Streamlit processes for respondents (default 2), one more for signed-in people, and
#   nginx in front on $VITALS_LISTEN (default 127.0.0.1:8080) serving the static files.
# Ctrl-C stops them all. On a server use the systemd units in deploy/systemd/ instead
# (docs/DEPLOY.md); this script is the same layout for trying it and for the load benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-${VITALS_PROCESSES:-2}}
BASE_PORT=${VITALS_BASE_PORT:-8501}
LISTEN=${VITALS_LISTEN:-127.0.0.1:8080}
RUN_DIR=${VITALS_RUN_DIR:-$PWD/data/cluster}
PY=.venv/bin/python
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx is missing: apt-get install nginx-light" >&2; exit 1; }

mkdir -p "$RUN_DIR/nginx"
# Migrate once before the processes start (on an empty database: the demo organisation).
$PY -m demo
$PY -m deploy.publish_static "$RUN_DIR/static"

ports=()
staff=$((BASE_PORT + N))
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait || true; }
trap stop EXIT INT TERM
for port in $(seq "$BASE_PORT" "$staff"); do
  $PY -m deploy.serve --server.port "$port" --server.address 127.0.0.1 \
    >"$RUN_DIR/server-$port.log" 2>&1 &
  pids+=($!)
  [ "$port" -lt "$staff" ] && ports+=("$port")
done

$PY -m deploy.render_nginx --ports "${ports[@]}" --staff-ports "$staff" --listen "$LISTEN" \
  --static "$RUN_DIR/static" >"$RUN_DIR/nginx/vitals.conf"
$PY -m deploy.render_nginx --main "$RUN_DIR/nginx" >"$RUN_DIR/nginx/nginx.conf"
for port in $(seq "$BASE_PORT" "$staff"); do
  until curl -fsS "http://127.0.0.1:$port/_stcore/health" >/dev/null 2>&1; do sleep 0.5; done
done
"$NGINX" -p "$RUN_DIR/nginx" -c "$RUN_DIR/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
echo "Vitals on http://$LISTEN/ ($N processes for respondents, 1 for signed-in people)"
wait -n
