"""Publishing a proposal purges exactly the pages that show it."""

import pytest

from core.page_cache import HIT_HEADER
from governance import lifecycle
from governance.models import REGISTER_PATH, Kind
from tests.governance.factories import make_policy, make_proposal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

DISCUSSION = "/governance/proposals-for-discussion/"
ACTIVE = "/governance/active-policies/"


def warm(client, *paths):
    for path in paths:
        assert client.get(path)[HIT_HEADER] == "miss", path


def test_publishing_a_proposal_purges_its_section_and_feed_but_not_another_section(
    client, django_capture_on_commit_callbacks
):
    page = make_proposal(live=False)
    own = [DISCUSSION, DISCUSSION + "feed/", DISCUSSION + "feed.json", REGISTER_PATH]
    other = [ACTIVE, ACTIVE + "feed/", ACTIVE + "feed.json"]
    warm(client, *own, *other)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert [client.get(path)[HIT_HEADER] for path in own] == ["miss"] * len(own)
    assert [client.get(path)[HIT_HEADER] for path in other] == ["hit"] * len(other)


def test_adopting_an_amendment_purges_the_amended_policy(
    client, director, django_capture_on_commit_callbacks
):
    policy = make_policy(title="Grants")
    amendment = make_proposal(title="More grants", kind=Kind.AMENDMENT, amends=policy)
    lifecycle.move_to_resolution(amendment, user=director)
    warm(client, policy.url)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.adopt(amendment, user=director, notes="Carried.")
    response = client.get(policy.url)
    assert response[HIT_HEADER] == "miss" and "More grants" in response.content.decode()


def test_a_declared_conflict_purges_the_proposal_page_that_lists_recusals(
    client, director, django_capture_on_commit_callbacks
):
    proposal = make_proposal()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.move_to_resolution(proposal, user=director)
    proposal.refresh_from_db()
    warm(client, proposal.url)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.declare_conflict(proposal, user=director, reason="I chair the grantee.")
    response = client.get(proposal.url)
    assert response[HIT_HEADER] == "miss" and "I chair the grantee." in response.content.decode()


def test_amendment_names_the_amended_policy_among_its_dependent_paths():
    policy = make_policy(title="Conduct")
    amendment = make_proposal(kind=Kind.AMENDMENT, amends=policy)
    assert policy.url in amendment.cache_dependent_paths()


def test_moving_a_proposal_purges_the_section_it_left_and_the_one_it_joined(
    client, director, django_capture_on_commit_callbacks
):
    proposal = make_proposal()
    resolution = "/governance/proposals-for-resolution/"
    left = [DISCUSSION, DISCUSSION + "feed/", DISCUSSION + "feed.json"]
    joined = [resolution, resolution + "feed/", resolution + "feed.json"]
    untouched = [ACTIVE, ACTIVE + "feed/"]
    old_url = proposal.url
    warm(client, old_url, *left, *joined, *untouched)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.move_to_resolution(proposal, user=director)
    assert [client.get(path)[HIT_HEADER] for path in left + joined] == ["miss"] * 6
    assert [client.get(path)[HIT_HEADER] for path in untouched] == ["hit"] * 2
    assert client.get(old_url).status_code == 301  # the old address, purged too
