#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on loopback; install them (Debian packages) and start them when they
# do not. Writes the URLs to var/services.env for make and the tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
PGPORT="${PGPORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"

apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

pg_ready() { pg_isready -q -h 127.0.0.1 -p "$PGPORT" 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1 || ! ls /etc/postgresql/*/main >/dev/null 2>&1 && ! pg_ready; then
  echo "installing PostgreSQL (Debian package)"
  apt_install postgresql
fi
if ! pg_ready; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "starting PostgreSQL $version"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  pg_ready || { echo "PostgreSQL did not start on 127.0.0.1:$PGPORT" >&2; exit 1; }
fi

# A login role that works over TCP: the local 'postgres' role where trust auth allows it, else our own.
if psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -Atqc "select 1" >/dev/null 2>&1; then
  PG_ADMIN_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
else
  $SUDO runuser -u postgres -- psql -qc "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='grievance')
    THEN CREATE ROLE grievance LOGIN CREATEDB PASSWORD 'grievance'; END IF; END\$\$;" >/dev/null
  PG_ADMIN_URL="postgresql+psycopg://grievance:grievance@127.0.0.1:$PGPORT/postgres"
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing Redis (Debian package)"
  apt_install redis-server
fi
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --logfile "$PWD/var/redis.log"
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.5; done
fi

cat > var/services.env <<ENV
PG_ADMIN_URL=$PG_ADMIN_URL
REDIS_URL=redis://127.0.0.1:$REDIS_PORT
ENV
echo "services ready: PostgreSQL 127.0.0.1:$PGPORT, Redis 127.0.0.1:$REDIS_PORT"
