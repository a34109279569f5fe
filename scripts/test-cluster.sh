#!/usr/bin/env bash
# `npm run test:cluster`: starts a throwaway PostgreSQL and Redis on 127.0.0.1 (in a temp dir, random ports), runs
# tests/cluster/ (two team-server processes sharing them), then stops both and removes the temp dir.
# Needs Debian's `postgresql` and `redis-server` (install: SETUP_CLUSTER=1 npm run setup). When they are missing
# this fails; it never skips.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "test:cluster: $*" >&2; exit 1; }

INITDB="$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || true)"
[ -z "$INITDB" ] && INITDB="$(command -v initdb || true)"
[ -n "$INITDB" ] || fail "PostgreSQL is not installed (no initdb): run SETUP_CLUSTER=1 npm run setup (Debian package postgresql)"
PGBIN="$(dirname "$INITDB")"
command -v redis-server >/dev/null 2>&1 || fail "Redis is not installed (no redis-server): run SETUP_CLUSTER=1 npm run setup (Debian package redis-server)"

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

TMP="$(mktemp -d /tmp/caselint-cluster.XXXXXX)"
PGDATA="$TMP/pg"
PGPORT="$(free_port)"
REDISPORT="$(free_port)"
REDIS_PID=""

# PostgreSQL refuses to run as root: as root, run it as the `postgres` user (made by the Debian package).
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

mkdir -p "$PGDATA"
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || fail "no postgres user to run PostgreSQL as (install the Debian package postgresql)"
  chown -R postgres "$TMP"
fi
as_pg "$PGBIN/initdb" -D "$PGDATA" -A trust -U caselint -E UTF8 >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; fail "initdb failed"; }
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$TMP/pg.log" -w -t 30 \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $TMP -c fsync=off -c max_connections=50" start >/dev/null \
  || { cat "$TMP/pg.log" >&2; fail "PostgreSQL did not start"; }

redis-server --port "$REDISPORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$TMP/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 50); do
  redis-cli -p "$REDISPORT" ping >/dev/null 2>&1 && break
  kill -0 "$REDIS_PID" 2>/dev/null || { cat "$TMP/redis.log" >&2; fail "Redis did not start"; }
  sleep 0.1
done
redis-cli -p "$REDISPORT" ping >/dev/null 2>&1 || fail "Redis does not answer on port $REDISPORT"

echo "test:cluster: PostgreSQL on 127.0.0.1:$PGPORT, Redis on 127.0.0.1:$REDISPORT"
export DATABASE_URL="postgres://caselint@127.0.0.1:$PGPORT/postgres"
export REDIS_URL="redis://127.0.0.1:$REDISPORT"
npx vitest run --config vitest.cluster.config.ts "$@"
