"""Send reads to a PostgreSQL replica when one is configured; writes stay on the primary."""

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"


class PrimaryReplicaRouter:
    """Reads go to the replica, except inside a transaction, where they must see its writes."""

    def db_for_read(self, model, **hints):
        if REPLICA in connections.settings and not connections[PRIMARY].in_atomic_block:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
