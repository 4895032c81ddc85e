"""housekeeping's cluster lock: a second holder is refused while the first holds it."""

import threading

import pytest
from django.db import connection

from core.locks import cluster_lock


@pytest.mark.django_db(transaction=True)
def test_second_holder_is_refused_on_postgresql_and_granted_after_release():
    if connection.vendor != "postgresql":
        with cluster_lock("housekeeping") as acquired:
            assert acquired
        return
    results = []

    def try_from_another_connection():
        from django.db import connections

        with cluster_lock("housekeeping") as acquired:
            results.append(acquired)
        connections.close_all()

    with cluster_lock("housekeeping") as acquired:
        assert acquired
        worker = threading.Thread(target=try_from_another_connection)
        worker.start()
        worker.join()
    assert results == [False]
    with cluster_lock("housekeeping") as acquired:
        assert acquired
