#!/usr/bin/env bash
# `make run-distributed`: the real deployment shape on one machine: gunicorn with 4 web workers, 2 Celery
# workers and beat, sharing PostgreSQL and Redis on loopback (installed and started if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-5000}"
bash scripts/ensure_services.sh
set -a; source var/services.env; set +a

DATABASE_URL="${DATABASE_URL:-$($PY -c "import os; from sqlalchemy import make_url; \
print(make_url(os.environ['PG_ADMIN_URL']).set(database='grievance').render_as_string(hide_password=False))")}"
$PY - "$DATABASE_URL" <<'PYEOF'
import sys
from sqlalchemy import create_engine, make_url, text
url = make_url(sys.argv[1])
admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
with admin.connect() as conn:
    if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}):
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
        print(f"created database {url.database}")
PYEOF
export DATABASE_URL CELERY_BROKER_URL="${CELERY_BROKER_URL:-$REDIS_URL/0}"
export SECRET_KEY="${SECRET_KEY:-$(cat var/secret_key 2>/dev/null || $PY -c 'import secrets; print(secrets.token_urlsafe(48))' | tee var/secret_key)}"

$PY -m flask --app app db upgrade
$PY -m flask --app app seed --demo

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
for n in 1 2; do
  $PY -m celery -A jobs.worker worker --concurrency 1 -n "worker$n@%h" -l info >"var/celery-worker$n.log" 2>&1 &
  pids+=($!)
done
$PY -m celery -A jobs.worker beat -s var/celerybeat-schedule -l info >var/celery-beat.log 2>&1 &
pids+=($!)
echo "Grievance system (distributed) on http://127.0.0.1:$PORT/  API: /api/v1/openapi.json"
echo "Celery logs: var/celery-worker1.log var/celery-worker2.log var/celery-beat.log"
$PY -m gunicorn --workers 4 --bind "127.0.0.1:$PORT" --access-logfile - "app:create_app()" &
pids+=($!)
wait "${pids[-1]}"
