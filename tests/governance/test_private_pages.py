"""A page with a view restriction stays out of every listing, feed, register, search and API,
and no public page names it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from core.page_cache import HIT_HEADER
from governance import housekeeping, lifecycle
from governance.models import REGISTER_PATH, Kind, Stage
from tests.governance.factories import make_policy, make_proposal, section

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
    policy = make_policy(title="Open budget")
    policy.supersedes.add(superseded)
    policy.save()
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


# A public page names no restricted page it is related to (it is cached for everyone).


@pytest.fixture
def amended(director):
    """A public policy and its adopted amendment (now archived), each linking to the other."""
    policy = make_policy(title="Travel grants")
    amendment = make_proposal(
        title="Childcare grants", kind=Kind.AMENDMENT, amends=policy,
        summary="Grants cover childcare.", body=[("paragraph", RichText("<p>Childcare.</p>"))],
    )
    lifecycle.move_to_resolution(amendment, user=director)
    lifecycle.adopt(amendment, user=director, notes="Carried.")
    policy.refresh_from_db()
    amendment.refresh_from_db()
    return policy, amendment


def test_a_policy_page_lists_no_restricted_amendment(client, amended):
    policy, amendment = amended
    restrict(amendment, PageViewRestriction.LOGIN)
    page = content(client, policy.url)
    assert "Amendments" not in page and amendment.title not in page


def test_an_amendment_page_names_no_restricted_policy_it_amends_or_applied_to(client, amended):
    policy, amendment = amended
    restrict(policy, PageViewRestriction.GROUPS)
    page = content(client, amendment.url)
    assert "Applied to" not in page and "Amends" not in page and policy.title not in page


def test_a_draft_amendment_names_no_restricted_policy_it_amends(client):
    policy = make_policy(title="Travel grants")
    amendment = make_proposal(title="Childcare grants", kind=Kind.AMENDMENT, amends=policy)
    restrict(policy, PageViewRestriction.LOGIN)
    assert policy.title not in content(client, amendment.url)


def test_a_policy_page_names_no_restricted_policy_it_supersedes(client, policies):
    public, private = policies
    public.supersedes.add(private)
    public.save()
    restrict(private, PageViewRestriction.PASSWORD, password="secret")
    page = content(client, public.url)
    assert "Supersedes" not in page and private.title not in page


def test_the_register_names_no_restricted_amendment(
    client, amended, django_capture_on_commit_callbacks
):
    _policy, amendment = amended
    assert amendment.title in content(client, REGISTER_PATH)
    with django_capture_on_commit_callbacks(execute=True):
        restrict(amendment, PageViewRestriction.LOGIN)
    assert amendment.title not in content(client, REGISTER_PATH)


def test_the_api_names_no_restricted_page_a_public_one_is_related_to(client, amended, policies):
    policy, amendment = amended
    _public, private = policies
    policy.supersedes.add(private)
    policy.save()
    restrictions = [restrict(page, PageViewRestriction.LOGIN) for page in (amendment, private)]
    detail = client.get(f"/api/v2/pages/{policy.pk}/").json()
    assert detail["supersedes"] == [] and detail["amendments"] == []
    for restriction in restrictions:
        restriction.delete()
    restrict(policy, PageViewRestriction.LOGIN)
    assert client.get(f"/api/v2/pages/{amendment.pk}/").json()["amends"] is None


@pytest.mark.usefixtures("page_cache_on")
def test_restricting_an_amendment_removes_it_from_the_cached_policy_page(
    client, amended, django_capture_on_commit_callbacks
):
    policy, amendment = amended
    response = client.get(policy.url)
    assert response[HIT_HEADER] == "miss" and amendment.title in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        restrict(amendment, PageViewRestriction.LOGIN)
    assert amendment.title not in content(client, policy.url)
