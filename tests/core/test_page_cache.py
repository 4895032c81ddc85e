"""Anonymous page views come from the cache; changes purge exactly the pages that show them."""

import logging

import pytest
from django.test import override_settings

from core import cache as resilient_cache
from core.page_cache import HIT_HEADER
from governance.models import SectionPage
from tests.cache_reads import record_cache_reads
from tests.governance.factories import make_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

LISTING = "/governance/active-policies/"
OTHER_LISTING = "/governance/retired-policies/"


def test_second_anonymous_view_is_a_cache_hit_without_queries(client, django_assert_num_queries):
    assert client.get(LISTING)[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        response = client.get(LISTING)
    assert response.status_code == 200
    assert response[HIT_HEADER] == "hit"


def test_a_cache_hit_is_one_round_trip_to_the_cache(client, monkeypatch):
    client.get(LISTING)
    reads = record_cache_reads(monkeypatch)
    assert client.get(LISTING)[HIT_HEADER] == "hit"
    assert [name for name, _keys in reads] == ["get_many"]


def test_query_string_variants_are_cached_separately(client):
    client.get(LISTING)
    assert client.get(LISTING + "?page=2")[HIT_HEADER] == "miss"


def test_logged_in_views_are_never_cached(client, member):
    client.force_login(member)
    client.get(LISTING)
    assert HIT_HEADER not in client.get(LISTING)


def test_pages_with_a_form_are_never_cached(client):
    client.get("/accounts/login/")
    assert HIT_HEADER not in client.get("/accounts/login/")


@pytest.mark.parametrize("path", ["/vote/", "/members/", "/admin/", "/healthz/"])
def test_private_areas_are_never_cached(client, path):
    client.get(path)
    assert HIT_HEADER not in client.get(path)


def test_publishing_a_page_purges_it_and_its_parent_listing_only(
    client, django_capture_on_commit_callbacks
):
    for path in (LISTING, OTHER_LISTING, "/governance/"):
        client.get(path)
    section = SectionPage.objects.get(stage="active")
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()
    assert client.get(LISTING)[HIT_HEADER] == "miss"
    assert client.get("/governance/")[HIT_HEADER] == "miss"
    assert client.get(OTHER_LISTING)[HIT_HEADER] == "hit"


def test_unpublishing_a_page_purges_it(client, django_capture_on_commit_callbacks):
    client.get(OTHER_LISTING)
    section = SectionPage.objects.get(stage="retired")
    with django_capture_on_commit_callbacks(execute=True):
        section.unpublish()
    assert client.get(OTHER_LISTING).status_code == 404


def test_changing_site_settings_purges_every_page(client, django_capture_on_commit_callbacks):
    from wagtail.models import Site

    from home.models import SiteSettings

    client.get(LISTING)
    with django_capture_on_commit_callbacks(execute=True):
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.footer_text = "New footer"
        site_settings.save()
    response = client.get(LISTING)
    assert response[HIT_HEADER] == "miss"
    assert "New footer" in response.content.decode()


def test_changing_a_site_purges_every_page(client, django_capture_on_commit_callbacks):
    from wagtail.models import Site

    client.get(LISTING)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed site"
    with django_capture_on_commit_callbacks(execute=True):
        site.save()
    assert client.get(LISTING)[HIT_HEADER] == "miss"


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2},
    }
}


def test_redis_down_serves_pages_uncached_and_warns_once(client, member, caplog, monkeypatch):
    policy = make_policy(title="Grants policy")
    monkeypatch.setattr(resilient_cache, "_warned", False)
    with override_settings(CACHES=UNREACHABLE_REDIS), caplog.at_level(logging.WARNING):
        first = client.get(LISTING)
        second = client.get(LISTING)
        anonymous = client.get(policy.url)
        client.force_login(member)  # the session is kept in the database all the same
        logged_in = client.get(policy.url)
    assert first.status_code == second.status_code == 200
    assert second.get(HIT_HEADER) != "hit"
    assert "Grants policy" in anonymous.content.decode()
    assert "Log out" in logged_in.content.decode() and "Grants policy" in logged_in.content.decode()
    warnings = [r for r in caplog.records if "Redis cache unreachable" in r.getMessage()]
    assert len(warnings) == 1


def test_the_redis_cache_builds_its_client_once_not_on_every_call():
    backend = resilient_cache.ResilientRedisCache(UNREACHABLE_REDIS["default"]["LOCATION"], {})
    client = backend._cache.get_client()
    assert backend._cache.get_client() is client
    assert backend._cache.get_client(write=True) is client  # one server: one pool


def test_a_new_fellow_purges_the_membership_area(client, django_capture_on_commit_callbacks):
    from membership.models import CategoryCode
    from tests.membership.factories import CategoryGrantFactory, MemberFactory, category

    client.get("/membership/fellows/")
    client.get(LISTING)
    member = MemberFactory(name="Guido Newfellow")
    with django_capture_on_commit_callbacks(execute=True):
        CategoryGrantFactory(member=member, category=category(CategoryCode.FELLOW), ends=None)
    response = client.get("/membership/fellows/")
    assert response[HIT_HEADER] == "miss"
    assert "Guido Newfellow" in response.content.decode()
    assert client.get(LISTING)[HIT_HEADER] == "hit"


def test_a_cache_hit_carries_the_security_headers_of_the_original_response(client):
    first = client.get(LISTING)
    hit = client.get(LISTING)

    assert hit[HIT_HEADER] == "hit"
    for header in ("Content-Security-Policy", "Permissions-Policy", "Referrer-Policy"):
        assert hit[header] == first[header]

