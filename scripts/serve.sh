#!/bin/sh
# Serve Synergies the way production does: gunicorn + WhiteNoise, with a task worker beside it.
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIND=${BIND:-127.0.0.1:8000}
WORKERS=${WEB_CONCURRENCY:-3}

if [ "${TASKS_BACKEND:-database}" = "database" ]; then
  "$PY" manage.py db_worker --queue-name '*' --no-reload &
  worker=$!
  trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
fi

echo "Synergies : http://$BIND/ (Ctrl+C pour arrêter)"
"$(dirname "$PY")/gunicorn" synergies.wsgi:application --bind "$BIND" --workers "$WORKERS" \
  --access-logfile - --forwarded-allow-ips '127.0.0.1' --graceful-timeout 10
