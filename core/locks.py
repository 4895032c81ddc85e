"""A cluster-wide lock so that cron jobs run once even when every app server schedules them."""

import contextlib
import zlib
from collections.abc import Iterator

from django.db import connection


@contextlib.contextmanager
def cluster_lock(name: str) -> Iterator[bool]:
    """Yield True if this process holds the named lock, False if another one does.

    On PostgreSQL this is a session advisory lock, shared by every app server;
    SQLite only ever serves one machine, so there the lock is always granted.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    key = zlib.crc32(name.encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
