"""What the public reads: the index, section listings, proposal pages and feeds."""

import pytest
from django.utils import timezone

from governance import lifecycle
from governance.models import Kind, ProposalPage, Stage
from membership.services import join
from tests.factories import UserFactory
from tests.governance.factories import make_charter, make_proposal, section

pytestmark = pytest.mark.django_db


def test_index_explains_the_process_with_an_inline_picture(client):
    content = client.get("/governance/").content.decode()
    assert "<svg" in content and "Proposals for resolution" in content


def test_section_lists_newest_first_and_links_its_atom_feed(client):
    older = make_proposal(title="Older idea")
    newer = make_proposal(title="Newer idea")
    ProposalPage.objects.filter(pk=older.pk).update(
        first_published_at=timezone.now() - timezone.timedelta(days=400)
    )
    content = client.get(section(Stage.DISCUSSION).url).content.decode()
    assert content.index(newer.title) < content.index(older.title)
    assert 'type="application/atom+xml"' in content


def test_section_filters_by_kind_year_and_search(client):
    make_proposal(title="Budget rules")
    make_charter(title="Education group")
    url = section(Stage.DISCUSSION).url
    by_kind = client.get(url, {"kind": Kind.CHARTER}).content.decode()
    assert "Education group" in by_kind and "Budget rules" not in by_kind
    by_year = client.get(url, {"year": "1999"}).content.decode()
    assert "Nothing matches these filters" in by_year
    searched = client.get(url, {"q": "Budget"}).content.decode()
    assert "Budget rules" in searched and "Education group" not in searched


def test_empty_section_says_what_to_do_next(client):
    content = client.get(section(Stage.DISCUSSION).url).content.decode()
    assert "Any member may write one" in content


def test_section_paginates(client):
    for number in range(25):
        make_proposal(title=f"Paged {number}")
    first = client.get(section(Stage.DISCUSSION).url).content.decode()
    second = client.get(section(Stage.DISCUSSION).url, {"page": 2}).content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second


def test_atom_feed_lists_the_sections_proposals(client):
    make_proposal(title="Feed me")
    response = client.get(section(Stage.DISCUSSION).url + "feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"Feed me" in response.content


def test_proposal_page_shows_stage_timeline_and_resolution(client, in_resolution, director):
    lifecycle.adopt(in_resolution, user=director, minutes_url="https://example.org/minutes")
    content = client.get(in_resolution.url).content.decode()
    assert "Active policies" in content
    assert "Moved to resolution" in content and "Adopted by the Board, recorded by" in content
    assert "https://example.org/minutes" in content


def test_policy_page_lists_its_amendments(client, director):
    policy = make_proposal(Stage.ACTIVE, title="Grants policy")
    amendment = make_proposal(title="Bigger grants", kind=Kind.AMENDMENT, amends=policy)
    lifecycle.move_to_resolution(amendment, user=director)
    lifecycle.adopt(amendment, user=director, notes="Carried.")
    content = client.get(policy.url).content.decode()
    assert "Amendments" in content and "Bigger grants" in content


def fill_discussion(total):
    discussion = section(Stage.DISCUSSION)
    for number in range(discussion.get_children().count(), total):
        # Published without revisions: the listing reads only the live pages.
        discussion.add_child(
            instance=ProposalPage(title=f"Budget {number}", summary=f"Budget {number}.", live=True)
        )


@pytest.mark.parametrize(
    "url",
    ["/governance/proposals-for-discussion/", "/governance/proposals-for-discussion/budget-0/"],
)
def test_query_count_is_the_same_with_5_and_200_proposals(
    client, url, django_assert_num_queries, django_assert_max_num_queries
):
    fill_discussion(5)
    client.get(url)  # warm the site-root cache, as a running server has
    with django_assert_max_num_queries(50) as captured:
        assert client.get(url).status_code == 200
        with_five = len(captured)
    fill_discussion(200)
    client.get(url)
    with django_assert_num_queries(with_five):
        assert client.get(url).status_code == 200


def test_authors_are_shown_by_their_member_name(client):
    user = UserFactory(username="gh0st", first_name="", last_name="")
    join(user=user, name="Grace Author", country="Ghana", code_of_conduct_version="1.0")
    proposal = make_proposal(Stage.DISCUSSION, owner=user)

    page = client.get(proposal.url).content.decode()

    assert "Grace Author" in page
    assert "gh0st" not in page


def test_a_policy_page_stays_within_its_query_budget(client, django_assert_max_num_queries):
    policy = make_proposal(Stage.ACTIVE, title="Budgeted policy")
    client.get(policy.url)  # warm the site-root cache, as a running server has

    with django_assert_max_num_queries(20):
        assert client.get(policy.url).status_code == 200
