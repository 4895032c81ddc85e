"""A page with a view restriction stays out of every listing, feed, register, search and API."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from governance import housekeeping
from governance.models import REGISTER_PATH, Stage
from home.page_cache import HIT_HEADER
from tests.governance.factories import make_policy, section

pytestmark = pytest.mark.django_db

ACTIVE = "/governance/active-policies/"
LISTINGS = [
    ACTIVE,
    ACTIVE + "feed/",
    ACTIVE + "feed.json",
    REGISTER_PATH,
    "/search/?q=budget",
    "/api/v2/pages/?limit=100",
    "/api/v2/pages/?search=budget",
]
CACHED_LISTINGS = LISTINGS[:4]


def restrict(page, restriction_type, **fields):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, **fields
    )
    if restriction_type == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name="Directors"))
    return restriction


RESTRICTIONS = {
    "login": {"restriction_type": PageViewRestriction.LOGIN},
    "password": {"restriction_type": PageViewRestriction.PASSWORD, "password": "secret"},
    "groups": {"restriction_type": PageViewRestriction.GROUPS},
}


@pytest.fixture
def policies():
    return make_policy(title="Open budget"), make_policy(title="Board budget")


def content(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("path", LISTINGS)
@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_a_restricted_proposal_is_absent_for_a_visitor(client, policies, path, kind):
    public, private = policies
    restrict(private, **RESTRICTIONS[kind])
    page = content(client, path)
    assert public.title in page and private.title not in page


@pytest.mark.parametrize("path", [REGISTER_PATH, *LISTINGS[4:]])
def test_the_policies_of_a_restricted_section_are_absent_for_a_visitor(client, policies, path):
    restrict(section(Stage.ACTIVE), PageViewRestriction.LOGIN)
    page = content(client, path)
    assert "Open budget" not in page and "Board budget" not in page


def test_a_restricted_section_is_absent_from_the_governance_index(client):
    restrict(section(Stage.RETIRED), PageViewRestriction.LOGIN)
    page = content(client, "/governance/")
    assert "/governance/retired-policies/" not in page
    assert "/governance/active-policies/" in page


def test_a_restricted_sections_feeds_are_closed(client, policies):
    restrict(section(Stage.ACTIVE), PageViewRestriction.LOGIN)
    assert client.get(ACTIVE + "feed/").status_code == 302
    assert client.get(ACTIVE + "feed.json").status_code == 404


@pytest.mark.usefixtures("page_cache_on")
@pytest.mark.parametrize("path", CACHED_LISTINGS)
def test_restricting_a_cached_proposal_removes_it_from_the_next_listing(
    client, policies, path, django_capture_on_commit_callbacks
):
    _public, private = policies
    response = client.get(path)
    assert response[HIT_HEADER] == "miss" and private.title in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = restrict(private, PageViewRestriction.LOGIN)
    assert private.title not in content(client, path)
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert private.title in content(client, path)


@pytest.mark.usefixtures("page_cache_on")
def test_restricting_a_cached_proposal_closes_its_own_cached_page(
    client, policies, django_capture_on_commit_callbacks
):
    _public, private = policies
    assert client.get(private.url)[HIT_HEADER] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        restrict(private, PageViewRestriction.LOGIN)
    assert client.get(private.url).status_code == 302


def test_the_register_does_not_name_a_restricted_policy_another_supersedes(client):
    superseded = make_policy(title="Board budget")
    make_policy(title="Open budget").supersedes.add(superseded)
    restrict(superseded, PageViewRestriction.LOGIN)
    assert "Board budget" not in content(client, REGISTER_PATH)


def test_a_member_sees_the_same_listing_as_a_visitor(client, member, policies):
    # Listings share cached fragments between readers, so none is personal.
    _public, private = policies
    restrict(private, PageViewRestriction.LOGIN)
    client.force_login(member)
    assert private.title not in content(client, ACTIVE)


def test_a_restricted_policy_still_retires_at_its_sunset(policies):
    _public, private = policies
    private.sunset_date = timezone.localdate() - timedelta(days=1)
    private.save()
    restrict(private, PageViewRestriction.LOGIN)
    assert private in housekeeping.run().retired
    private.refresh_from_db()
    assert private.stage == Stage.RETIRED
