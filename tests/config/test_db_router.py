"""Reads go to the replica only outside transactions; writes always go to the primary."""

import pytest
from django.db import transaction

from config.db_router import PrimaryReplicaRouter
from membership.models import Member


@pytest.fixture
def with_replica(monkeypatch):
    from django.db import connections

    replica_settings = {**connections.settings["default"], "TEST": {"MIRROR": "default"}}
    monkeypatch.setitem(connections.settings, "replica", replica_settings)


def test_without_a_replica_everything_uses_the_primary(db):
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Member) == "default"
    assert router.db_for_write(Member) == "default"


def test_reads_outside_a_transaction_go_to_the_replica(with_replica):
    assert PrimaryReplicaRouter().db_for_read(Member) == "replica"


def test_reads_inside_a_transaction_stay_on_the_primary(with_replica, transactional_db):
    with transaction.atomic():
        assert PrimaryReplicaRouter().db_for_read(Member) == "default"


def test_writes_and_migrations_stay_on_the_primary(with_replica, db):
    router = PrimaryReplicaRouter()
    assert router.db_for_write(Member) == "default"
    assert router.allow_migrate("replica", "membership") is False
    assert router.allow_migrate("default", "membership") is True
