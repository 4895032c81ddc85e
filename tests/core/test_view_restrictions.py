"""Restriction lookups are skipped while no page is restricted, and never when one is."""

import pytest
from wagtail.models import PageViewRestriction

from governance.models import SectionPage, Stage
from tests.governance.factories import make_policy
from tests.queries import get_with_queries

pytestmark = pytest.mark.django_db


def test_no_restriction_queries_while_no_page_is_restricted(client):
    policy = make_policy()
    client.get(policy.url)
    response, queries = get_with_queries(client, policy.url, "wagtailcore_pageviewrestriction")
    assert response.status_code == 200 and not queries


def test_the_empty_answer_still_behaves_as_a_queryset():
    restrictions = make_policy().get_view_restrictions()
    assert not restrictions.exists() and list(restrictions.order_by("-page__depth")) == []


@pytest.mark.parametrize("caches", [False, True], ids=["no-cache", "page-and-route-cache"])
def test_restricting_a_section_closes_its_policies_to_visitors_at_once(
    client, django_capture_on_commit_callbacks, request, caches
):
    if caches:
        request.getfixturevalue("passed_by")
    policy = make_policy()
    assert client.get(policy.url).status_code == 200
    section = SectionPage.objects.get(stage=Stage.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.LOGIN
        )
    response = client.get(policy.url)
    assert response.status_code == 302 and "login" in response["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert client.get(policy.url).status_code == 200
