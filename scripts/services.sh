#!/usr/bin/env bash
# Makes sure the services the test suite talks to are up: PostgreSQL on
# 127.0.0.1:5432 and Redis on 127.0.0.1:6379. Starts whichever is down, the way
# this machine kind starts them. Safe to run again.
set -u

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! pg_up; then
  echo "services: starting PostgreSQL"
  for v in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
  done
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! redis_up; then
  echo "services: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
fi

ok=0
pg_up && echo "services: PostgreSQL is up" || { echo "services: PostgreSQL is NOT reachable on 127.0.0.1:5432"; ok=1; }
redis_up && echo "services: Redis is up" || { echo "services: Redis is NOT reachable on 127.0.0.1:6379"; ok=1; }
exit $ok
