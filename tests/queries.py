"""Which queries a page view runs, for tests that keep a page's work in check."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get_with_queries(client, path, *tables):
    """The response to a GET of `path`, and the SQL it ran: only on `tables`, if named."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    sql = [query["sql"] for query in captured]
    if tables:
        sql = [statement for statement in sql if any(table in statement for table in tables)]
    return response, sql
