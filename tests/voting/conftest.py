"""Tests marked `postgresql` run only against PostgreSQL, where row locks are real."""

from django.db import connection


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "postgresql: needs PostgreSQL (concurrent transactions); not collected on SQLite"
    )


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    selected = [item for item in items if item.get_closest_marker("postgresql") is None]
    deselected = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"voting: {len(deselected)} PostgreSQL-only test(s) deselected: the database "
                f"is {connection.vendor}; set DATABASE_URL=postgres://... to run them."
            )
