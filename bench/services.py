"""Find PostgreSQL and Redis for the benchmark, or say which is missing and how to start it."""

import sys

import psycopg2
import redis

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/1"
# The baseline server's cache: the two trees cache the same paths under the same keys.
BASELINE_REDIS_URL = "redis://127.0.0.1:6379/2"

POSTGRES_HINT = (
    "PostgreSQL is not reachable at 127.0.0.1:5432. Start it with:\n"
    "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
)
REDIS_HINT = (
    "Redis is not reachable at 127.0.0.1:6379. Start it with:\n"
    "  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no"
)


def require_services():
    """Exit with a clear message naming the missing service."""
    try:
        psycopg2.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg2.OperationalError:
        sys.exit(POSTGRES_HINT)
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.exceptions.RedisError:
        sys.exit(REDIS_HINT)


def recreate_database(name):
    """Drop and create the benchmark database, so every run starts from the same state."""
    connection = psycopg2.connect(POSTGRES_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return database_url(name)


def database_url(name):
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name


def settle(database_url):
    """VACUUM ANALYZE after bulk loading, so autovacuum does not compete with a measurement."""
    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def flush_redis(url=REDIS_URL):
    redis.Redis.from_url(url).flushdb()
