"""Every use of a private Wagtail, Django or redis-py interface, and the assumption it makes.

The caching layer keeps measured wins (bench/run.py) in a few places where no public
API is as fast. Each reach past a public API is here and nowhere else, named for
what it does; tests/core/test_internals.py checks each assumption against the
installed versions, so an upgrade that breaks one fails the tests instead of a
page, and tests/core/test_private_names.py fails when other code reaches past a
public API. Before adding to this module, measure the public way first.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCacheClient
from django.db.models import Model, QuerySet
from django.http.request import split_domain_port
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Site

_Row = TypeVar("_Row", bound=Model)


def raw_hostname(request: Any) -> str:
    """The request's host name as Wagtail reads it to find the site, unchecked.

    Assumes Django's `HttpRequest._get_raw_host()`, the host without the
    ALLOWED_HOSTS check, which Wagtail's `Site._find_for_request` reads: so a
    site kept under this name and `request.get_port()` is the one Wagtail finds.
    """
    return split_domain_port(request._get_raw_host())[0]


def place_new_page_under(page: Any, parent: Any) -> None:
    """Let Wagtail make a new page's slug from its title when the page is validated, as it
    does on saving, so the address rules can check it then.

    Assumes Wagtail's `Page._set_core_field_defaults` (run by `full_clean`) treats a page
    with no path but a `_cached_parent_obj` as a child of that parent, as Wagtail's own
    API form data sets it (wagtail/api/v3/form_data.py).
    """
    page._cached_parent_obj = parent


def give_request_its_site(request: Any, site: Site | None) -> None:
    """Make `Site.find_for_request(request)` answer `site`, without a query.

    Assumes Wagtail keeps its answer in `request._wagtail_site` and returns it,
    when present, without looking the site up again. Wagtail offers no public way
    to hand a request its site.
    """
    request._wagtail_site = site


def as_fetched(queryset: QuerySet[_Row], rows: Iterable[_Row]) -> QuerySet[_Row]:
    """`queryset`, iterating `rows` without compiling or running its query.

    Compiling even an empty (`.none()`) queryset costs about 0.1 ms, on every page
    view. Assumes Django iterates a queryset's `_result_cache` when it is set, and
    that a clone (`filter`, `order_by`) starts without it and queries as usual.
    """
    queryset._result_cache = list(rows)
    return queryset


def build_cache_client_with(cache: Any, client_class: type[RedisCacheClient]) -> None:
    """Have Django's Redis cache `cache` build its client from `client_class`.

    Django's RedisCache has no option for its client class. Assumes it keeps the
    class in `_class` and builds the client from it on first use, with the
    arguments of `RedisCacheClient(servers, **options)`.
    """
    cache._class = client_class


def redis_client_for_pool(cache_client: Any, *, write: bool) -> Any:
    """The redis.Redis of the pool a read (or a write) uses, made once per pool.

    Django's `RedisCacheClient.get_client` makes a new redis.Redis on every call,
    which rebuilds redis-py's table of response callbacks: 0.1 ms, a quarter of a
    cached page's time. Assumes `RedisCacheClient._get_connection_pool_index(write)`,
    `_get_connection_pool(write)` and `_client` (the redis.Redis class).
    """
    index = cache_client._get_connection_pool_index(write)
    clients = cache_client.__dict__.setdefault("reused_redis_clients", {})
    if index not in clients:
        clients[index] = cache_client._client(
            connection_pool=cache_client._get_connection_pool(write)
        )
    return clients[index]


class _TransformingWriter:
    """A csv writer that passes every cell through `transform` before writing the row."""

    def __init__(self, writer: csv.DictWriter[str], transform: Callable[[Any], Any]) -> None:
        self.writer = writer
        self.transform = transform

    def writerow(self, row: dict[str, Any]) -> Any:
        return self.writer.writerow({field: self.transform(value) for field, value in row.items()})


def transform_csv_cells(transform: Callable[[Any], Any]) -> None:
    """Pass every cell of every CSV export Wagtail's admin makes through `transform`.

    Wagtail has no hook or setting for this, and its exports are in views of its own
    (reports, listings, the audit log), so its mixin's method is wrapped for all of
    them, once, at start-up. Assumes every admin CSV row is written by
    `SpreadsheetExportMixin.write_csv_row(self, writer, row_dict)` through
    `writer.writerow`, after the cells are made into text.
    """
    write_csv_row = SpreadsheetExportMixin.write_csv_row

    @functools.wraps(write_csv_row)
    def write_transformed_csv_row(
        self: SpreadsheetExportMixin, writer: csv.DictWriter[str], row_dict: dict[str, Any]
    ) -> Any:
        return write_csv_row(self, _TransformingWriter(writer, transform), row_dict)

    SpreadsheetExportMixin.write_csv_row = write_transformed_csv_row
