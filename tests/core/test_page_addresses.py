"""{% cached_slugurl %} gives `{% slugurl %}`'s address without asking the database again."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Site

from governance import lifecycle
from tests.cache_reads import record_cache_reads
from tests.governance.factories import make_proposal

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load page_addresses %}{% cached_slugurl slug %}")


def render(request=None, slug="governance"):
    request = request or RequestFactory().get("/")
    return TEMPLATE.render(Context({"request": request, "slug": slug}))


def test_the_address_is_wagtails_and_is_then_read_without_a_query(django_assert_num_queries):
    assert render() == "/governance/"
    request = RequestFactory().get("/")
    Site.find_for_request(request)  # as the site middleware does before any template
    with django_assert_num_queries(0):
        assert render(request) == "/governance/"


def test_a_moved_page_is_linked_at_its_new_address(director, django_capture_on_commit_callbacks):
    page = make_proposal(title="Open the books")
    assert render(slug=page.slug) == "/governance/proposals-for-discussion/open-the-books/"
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.move_to_resolution(page, director)
    assert render(slug=page.slug) == "/governance/proposals-for-resolution/open-the-books/"


def test_one_request_reads_an_address_from_the_cache_once(monkeypatch):
    render()
    reads = record_cache_reads(monkeypatch)
    template = Template("{% load page_addresses %}{% cached_slugurl 'governance' %} "
                        "{% cached_slugurl 'governance' %}")
    request = RequestFactory().get("/")
    assert template.render(Context({"request": request})) == "/governance/ /governance/"
    assert len(reads) == 1
