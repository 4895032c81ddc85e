"""The site answering a request comes from the cache, and a change to it shows at once."""

import pytest
from wagtail.models import Site

from home.models import HomePage, SiteSettings
from tests.queries import get_with_queries

pytestmark = pytest.mark.django_db


def site_queries(client, path):
    return get_with_queries(client, path, 'FROM "wagtailcore_site"')


def test_the_site_is_looked_up_once_then_served_from_the_cache(client):
    _response, first = site_queries(client, "/membership/")
    response, second = site_queries(client, "/membership/")
    assert first and not second
    assert response.status_code == 200


def test_a_changed_site_answers_the_next_request(client, django_capture_on_commit_callbacks):
    assert client.get("/").status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "elsewhere.example", False
    with django_capture_on_commit_callbacks(execute=True):
        site.save()
    assert client.get("/").status_code == 404


def test_an_edit_to_the_home_page_shows_at_once(client, django_capture_on_commit_callbacks):
    client.get("/")
    home = HomePage.objects.get()
    home.introduction = "<p>Elections open on Monday.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    assert "Elections open on Monday." in client.get("/").content.decode()


def test_the_health_check_does_not_ask_for_the_site(client, monkeypatch):
    monkeypatch.setattr("core.sites.site_for", lambda request: pytest.fail("looked up"))
    assert client.get("/healthz/").status_code == 200


def test_an_edit_to_the_site_settings_shows_at_once(client, django_capture_on_commit_callbacks):
    client.get("/membership/")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.site_name = "Foundation Elections"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    assert "Foundation Elections" in client.get("/membership/").content.decode()


def test_a_page_reads_the_site_its_root_and_its_settings_without_a_query(client):
    client.get("/")
    response, queries = get_with_queries(
        client, "/", "wagtailcore_site", "home_sitesettings", "home_homepage"
    )
    assert response.status_code == 200
    assert not queries
