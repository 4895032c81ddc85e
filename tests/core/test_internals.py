"""Each assumption core/internals.py makes about Django, Wagtail and redis-py still holds.

One test per assumption, so that an upgrade which breaks one fails here, by name,
before a page does.
"""

import inspect
from types import SimpleNamespace

import pytest
import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory, override_settings
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Page, PageViewRestriction, Site

from core import internals
from core.cache import ResilientRedisCacheClient

UNREACHABLE = "redis://127.0.0.1:1/0"
REPLICA = "redis://127.0.0.1:2/0"


def parameters(function):
    return list(inspect.signature(function).parameters)


# raw_hostname


@override_settings(ALLOWED_HOSTS=["127.0.0.1"])
def test_raw_hostname_reads_a_host_django_would_refuse_without_raising():
    request = RequestFactory(HTTP_HOST="Elsewhere.example:8080").get("/")
    assert internals.raw_hostname(request) == "elsewhere.example"


def test_wagtail_finds_the_site_by_the_raw_host_and_the_port():
    # The cache keeps a site under (raw host name, port): Wagtail must look it up by those.
    source = inspect.getsource(Site._find_for_request)
    assert "request._get_raw_host()" in source
    assert "request.get_port()" in source
    assert parameters(HttpRequest._get_raw_host) == ["self"]


# give_request_its_site


@pytest.mark.django_db
def test_a_site_given_to_the_request_is_wagtails_answer_without_a_query(
    django_assert_num_queries,
):
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/")
    internals.give_request_its_site(request, site)
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site


# as_fetched


@pytest.mark.django_db
def test_a_fetched_queryset_iterates_its_rows_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(internals.as_fetched(Page.objects.all(), [])) == []


@pytest.mark.django_db
def test_a_clone_of_a_fetched_queryset_queries_afresh(django_assert_num_queries):
    fetched = internals.as_fetched(Page.objects.all(), [])
    with django_assert_num_queries(1):
        assert fetched.filter(depth=1).order_by("-depth").first() is not None


@pytest.mark.django_db
def test_wagtail_views_iterate_or_clone_the_view_restrictions_they_are_given():
    # The page privacy view orders them; the serve hook iterates them: both work.
    empty = internals.as_fetched(PageViewRestriction.objects.none(), [])
    assert list(empty) == []
    assert empty.order_by("-page__depth").first() is None


# build_cache_client_with


def test_django_redis_cache_builds_its_client_from_the_class_it_is_given():
    cache = RedisCache(f"{UNREACHABLE},{REPLICA}", {"OPTIONS": {"socket_timeout": 0.2}})
    internals.build_cache_client_with(cache, ResilientRedisCacheClient)
    client = cache._cache
    assert type(client) is ResilientRedisCacheClient
    assert client._servers == [UNREACHABLE, REPLICA]
    assert client._pool_options["socket_timeout"] == 0.2


# redis_client_for_pool


def test_django_redis_client_has_the_pool_members_the_reuse_relies_on():
    client = RedisCacheClient([UNREACHABLE])
    assert client._client is redis.Redis
    assert parameters(RedisCacheClient._get_connection_pool_index) == ["self", "write"]
    assert parameters(RedisCacheClient._get_connection_pool) == ["self", "write"]
    assert parameters(RedisCacheClient.get_client) == ["self", "key", "write"]


@pytest.mark.parametrize("operation", [
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many",
    "delete_many", "clear",
])
def test_every_django_redis_operation_asks_get_client(operation):
    assert "self.get_client(" in inspect.getsource(getattr(RedisCacheClient, operation))


def test_a_redis_client_is_made_once_per_pool():
    client = RedisCacheClient([UNREACHABLE, REPLICA])
    writer = internals.redis_client_for_pool(client, write=True)
    assert internals.redis_client_for_pool(client, write=True) is writer
    assert writer.connection_pool is client._get_connection_pool(True)
    assert writer.connection_pool.connection_kwargs["port"] == 1  # writes go to the first server


@pytest.mark.parametrize(("operation", "arguments"), [
    ("get", ["self", "key", "default"]),
    ("get_many", ["self", "keys"]),
    ("add", ["self", "key", "value", "timeout"]),
    ("set", ["self", "key", "value", "timeout"]),
    ("set_many", ["self", "data", "timeout"]),
    ("touch", ["self", "key", "timeout"]),
    ("delete", ["self", "key"]),
    ("delete_many", ["self", "keys"]),
    ("has_key", ["self", "key"]),
    ("incr", ["self", "key", "delta"]),
    ("clear", ["self"]),
])
def test_the_operations_the_resilient_client_answers_for_take_the_arguments_it_expects(
    operation, arguments,
):
    # core/cache.py answers a failed call from these arguments (a get's default).
    assert parameters(getattr(RedisCacheClient, operation)) == arguments


# transform_csv_cells


def test_wagtail_writes_each_csv_row_through_the_wrapped_method():
    original = SpreadsheetExportMixin.write_csv_row.__wrapped__
    assert parameters(original) == ["self", "writer", "row_dict"]
    assert "self.write_csv_row(writer, " in inspect.getsource(SpreadsheetExportMixin.stream_csv)


def test_a_wrapped_csv_export_transforms_cells_after_wagtail_makes_them_text():
    export = SpreadsheetExportMixin()
    export.list_export = ["name", "tags"]
    rows = [SimpleNamespace(name="=1+1", tags=["=a", "b"])]
    lines = list(export.stream_csv(rows))
    # core.exports installs the transform at start-up; a list is joined before it runs.
    assert lines == [b"name,tags\r\n", b"'=1+1,\"'=a, b\"\r\n"]


@pytest.mark.django_db
def test_a_new_page_placed_under_its_parent_gets_its_slug_from_its_title_when_checked():
    unplaced = Page(title="Open the books")
    with pytest.raises(ValidationError):
        unplaced.full_clean(exclude=["path", "depth"])
    assert unplaced.slug == ""  # Wagtail waits for the save to know the parent
    page = Page(title="Open the books")
    internals.place_new_page_under(page, Page.objects.get(depth=1))
    page.full_clean(exclude=["path", "depth"])
    assert page.slug == "open-the-books"
