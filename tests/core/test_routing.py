"""The root page finds deep pages in one query, and always gives Wagtail's own answer."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page

from governance.models import SectionPage, Stage
from tests.governance.factories import make_policy, make_proposal
from tests.queries import get_with_queries

pytestmark = pytest.mark.django_db

ACTIVE = "/governance/active-policies/"


def route(path):
    request = RequestFactory().get(path)
    result = Page.route_for_request(request, path)
    return (result.page.specific, result.args) if result else None


def test_a_proposal_is_served_from_its_url(client):
    policy = make_policy(title="Grants policy")
    response = client.get(policy.url)
    assert response.status_code == 200 and "Grants policy" in response.content.decode()


@pytest.mark.parametrize("proposals", [1, 30])
def test_a_page_four_levels_down_is_routed_in_the_same_few_queries(
    proposals, django_assert_max_num_queries
):
    policies = [make_policy() for _ in range(proposals)]
    with django_assert_max_num_queries(5):
        page, _args = route(policies[-1].url)
    assert page == policies[-1]


def test_a_routable_section_still_serves_its_own_paths(client):
    make_policy()
    page, args = route(ACTIVE + "feed/")
    assert page == SectionPage.objects.get(stage=Stage.ACTIVE) and args[0].__name__ == "feed"
    assert client.get(ACTIVE + "feed/")["Content-Type"].startswith("application/atom+xml")


def test_a_page_whose_slug_a_section_route_claims_is_shadowed_as_in_wagtail():
    make_policy(title="Feed")
    page, args = route(ACTIVE + "feed/")
    assert isinstance(page, SectionPage) and args[0].__name__ == "feed"


def test_a_draft_a_missing_page_and_a_path_below_a_proposal_are_not_found(client):
    draft = make_proposal(live=False, title="Draft only")
    assert client.get(draft.url_path.replace("/home", "", 1)).status_code == 404
    assert client.get(ACTIVE + "no-such-policy/").status_code == 404
    assert client.get(make_policy().url + "deeper/").status_code == 404


def test_a_visitor_the_page_cache_passes_by_is_routed_without_a_page_query(passed_by):
    policy = make_policy(title="Grants policy")
    passed_by.get(policy.url)
    response, page_queries = get_with_queries(passed_by, policy.url, "wagtailcore_page")
    assert "Grants policy" in response.content.decode() and page_queries == []


def test_an_unpublished_page_is_not_found_at_once(passed_by, django_capture_on_commit_callbacks):
    policy = make_policy()
    passed_by.get(policy.url)
    with django_capture_on_commit_callbacks(execute=True):
        policy.unpublish()
    assert passed_by.get(policy.url).status_code == 404


def test_a_moved_page_leaves_its_old_address_at_once(
    passed_by, django_capture_on_commit_callbacks
):
    policy = make_policy()
    old_url = policy.url
    passed_by.get(old_url)
    with django_capture_on_commit_callbacks(execute=True):
        policy.move(SectionPage.objects.get(stage=Stage.RETIRED), pos="last-child")
    new_url = f"/governance/retired-policies/{policy.slug}/"
    assert passed_by.get(old_url).url == new_url  # Wagtail's redirect, as the old page is gone
    assert passed_by.get(new_url).status_code == 200


def test_renaming_a_section_moves_the_pages_below_it_at_once(
    passed_by, django_capture_on_commit_callbacks
):
    policy = make_policy()
    old_url = policy.url
    passed_by.get(old_url)
    section = SectionPage.objects.get(stage=Stage.ACTIVE)
    section.slug = "policies-in-force"
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()
    new_url = f"/governance/policies-in-force/{policy.slug}/"
    assert passed_by.get(old_url).url == new_url
    assert passed_by.get(new_url).status_code == 200


def test_a_deleted_page_is_not_found_at_once(passed_by, django_capture_on_commit_callbacks):
    policy = make_policy()
    url = policy.url
    passed_by.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        policy.delete()
    assert passed_by.get(url).status_code == 404
