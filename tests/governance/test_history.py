"""What a proposal's history tells the public: its timeline and why it was archived."""

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date

from governance import lifecycle, selectors
from governance.models import Kind, Stage
from tests.governance.factories import make_proposal, section

pytestmark = pytest.mark.django_db


def timeline_of(client, page):
    html = client.get(page.url).content.decode()
    return html[html.index('id="timeline-heading"'):html.index("</ol>", html.index("timeline"))]


def today():
    return format_date(timezone.localdate(), "j F Y")


def sentences(page):
    return [event.sentence for event in selectors.proposal_timeline(page)]


def test_timeline_reads_as_sentences_naming_who_acted_and_when(client, in_resolution, director):
    timeline = timeline_of(client, in_resolution)

    assert f"Moved to resolution by {director.member.name}, <time" in timeline
    assert f">{today()}</time>" in timeline
    assert "/governance/" not in timeline and "→" not in timeline
    assert director.username not in timeline and director.email not in timeline


def test_timeline_says_published_for_discussion_once_and_later_edits_as_one_update(
    in_resolution, director, author
):
    lifecycle.adopt(in_resolution, user=director, notes="Carried.")

    assert sentences(in_resolution) == [
        f"Published for discussion by {author.get_full_name()}",
        "Text updated",
        f"Moved to resolution by {director.member.name}",
        f"Adopted by the Board, recorded by {director.member.name}",
    ]


def test_a_run_of_edits_reads_as_one_text_update_dated_by_the_last(discussed, author):
    for _ in range(3):
        discussed.save_revision(user=author).publish(user=author, skip_permission_checks=True)

    events = selectors.proposal_timeline(discussed)

    assert [event.what for event in events] == [
        selectors.PUBLISHED_FOR_DISCUSSION, selectors.TEXT_UPDATED,
    ]
    assert events[-1].by == f" by {author.get_full_name()}"


def test_timeline_says_the_members_voted_it_down(in_resolution, director):
    lifecycle.refer_to_member_vote(in_resolution, user=director)
    lifecycle.apply_vote_outcome(in_resolution, passed=False)

    assert sentences(in_resolution)[-2:] == [
        f"Referred to a member vote by {director.member.name}",
        "Voted down by the members",
    ]


def archived_listing(client):
    return client.get(section(Stage.ARCHIVED).url).content.decode()


def test_a_proposal_rejected_by_the_board_says_so_in_the_listing_and_on_its_page(
    client, in_resolution, director
):
    lifecycle.reject(in_resolution, user=director, reason="Out of budget")

    recorded = f"Rejected by the Board, recorded by {director.member.name}"
    assert sentences(in_resolution)[-1] == recorded
    assert '<p class="archive-reason">Rejected by the Board.</p>' in archived_listing(client)
    assert "<dt>Archived</dt><dd>Rejected by the Board.</dd>" in (
        client.get(in_resolution.url).content.decode()
    )


def test_a_withdrawn_proposal_says_it_was_withdrawn_at_the_authors_request(
    client, discussed, director
):
    lifecycle.withdraw(discussed, user=director, reason="Merged elsewhere")

    assert "Withdrawn at the author&#x27;s request." in archived_listing(client)


def test_a_proposal_the_members_voted_down_says_so(client, in_resolution, director):
    lifecycle.refer_to_member_vote(in_resolution, user=director)
    lifecycle.apply_vote_outcome(in_resolution, passed=False)

    assert "Voted down by the members." in archived_listing(client)


def test_an_applied_amendment_links_the_policy_it_amended(client, director):
    policy = make_proposal(Stage.ACTIVE, title="Grants policy")
    amendment = make_proposal(title="Bigger grants", kind=Kind.AMENDMENT, amends=policy)
    lifecycle.move_to_resolution(amendment, user=director)
    lifecycle.adopt(amendment, user=director, notes="Carried.")

    expected = f'Applied as an amendment to <a href="{policy.url}">Grants policy</a>.'
    assert expected in archived_listing(client)
    amendment.refresh_from_db()
    assert expected in client.get(amendment.url).content.decode()
    assert "Amendment “Bigger grants” applied by" in client.get(policy.url).content.decode()


def test_the_archived_listing_says_why_in_a_flat_number_of_queries(
    client, director, django_assert_num_queries, django_assert_max_num_queries
):
    def archive(count):
        for _ in range(count):
            page = make_proposal()
            lifecycle.move_to_resolution(page, user=director)
            lifecycle.reject(page, user=director, reason="No")
        archived_listing(client)  # warm the site-root cache, as a running server has

    archive(1)
    with django_assert_max_num_queries(50) as captured:
        archived_listing(client)
        with_one = len(captured)
    archive(4)
    with django_assert_num_queries(with_one):
        assert archived_listing(client).count("Rejected by the Board.") == 5
