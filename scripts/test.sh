#!/usr/bin/env bash
# Installs everything, starts throwaway PostgreSQL and Redis servers on 127.0.0.1 in a
# temporary directory, runs the whole pytest suite against them, stops the servers and
# exits with the suite's status. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh test

tmp=$(mktemp -d /tmp/legalaid-test.XXXXXX)
chmod 755 "$tmp"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_port=${TEST_PG_PORT:-55432}
redis_port=${TEST_REDIS_PORT:-56379}
run_as_pg=()
[ "$(id -u)" -eq 0 ] && { chown postgres "$tmp"; run_as_pg=(runuser -u postgres --); }

stop_servers() {
  "${run_as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1 || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop_servers EXIT

echo "==> PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port ($tmp)"
"${run_as_pg[@]}" "$pg_bin/initdb" -D "$tmp/pg" -U legalaid --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w \
  -o "-h 127.0.0.1 -p $pg_port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$tmp" --save "" --appendonly no --daemonize yes \
  --logfile "$tmp/redis.log" >/dev/null

# The fault tests restart this PostgreSQL on purpose.
export TEST_PG_CTL="$pg_bin/pg_ctl" TEST_PG_DATA="$tmp/pg" TEST_PG_RUN_AS="$([ "$(id -u)" -eq 0 ] && echo postgres)"
export DATABASE_URL="postgres://legalaid@127.0.0.1:$pg_port/legalaid"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
export SECRET_KEY="test-only-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export SITE_URL="http://127.0.0.1:8000"
export ALLOWED_HOSTS="127.0.0.1,localhost,testserver"
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
# The second factor is tested on its own (tests/legalaid/test_two_factor.py); other tests log in directly.
export SECOND_FACTOR_REQUIRED=false
export MEDIA_ROOT="$tmp/media" STATIC_ROOT="$tmp/static"
# Tasks run in-process in the suite; the worker tests send theirs through Redis to a real worker.
export CELERY_TASK_ALWAYS_EAGER=true

# Production settings serve hashed static files: collect them as a deployment would.
.venv/bin/python manage.py collectstatic --noinput -v 0

status=0
.venv/bin/python -m pytest "$@" || status=$?
exit $status
