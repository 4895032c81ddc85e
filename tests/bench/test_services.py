"""`make bench` names the service it cannot reach and says how to start it."""

import psycopg2
import pytest

from bench import services

UNREACHABLE_POSTGRES = "postgres://postgres@127.0.0.1:9/postgres"
UNREACHABLE_REDIS = "redis://127.0.0.1:9/1"


def test_a_missing_postgresql_is_named_with_how_to_start_it(monkeypatch):
    monkeypatch.setattr(services, "POSTGRES_URL", UNREACHABLE_POSTGRES)
    with pytest.raises(SystemExit) as stopped:
        services.require_services()
    assert "PostgreSQL is not reachable" in str(stopped.value)
    assert "pg_ctlcluster" in str(stopped.value)


def test_a_missing_redis_is_named_with_how_to_start_it(monkeypatch):
    class Reachable:
        def close(self):
            pass

    monkeypatch.setattr(psycopg2, "connect", lambda *args, **kwargs: Reachable())
    monkeypatch.setattr(services, "REDIS_URL", UNREACHABLE_REDIS)
    with pytest.raises(SystemExit) as stopped:
        services.require_services()
    assert "Redis is not reachable" in str(stopped.value)
    assert "redis-server" in str(stopped.value)
