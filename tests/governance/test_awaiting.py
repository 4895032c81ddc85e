"""What awaits each person: the dashboard's "Awaiting you" and the header's count (issue 21)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from django.utils import timezone

from core.page_cache import HIT_HEADER
from governance import lifecycle, roles
from governance.awaiting import awaiting_you
from governance.models import Stage
from governance.roles import Step
from tests.governance.factories import make_proposal
from tests.voting.factories import (
    EnrolmentFactory,
    answer,
    enrolled_voter,
    make_ballot,
    open_ballot,
)
from voting import elections, services
from voting.models import Ballot, OutcomeStatus, Teller

pytestmark = pytest.mark.django_db


def sentences(items):
    return [item.sentence for item in items]


def everything(awaiting):
    return awaiting.moderation + awaiting.board + awaiting.membership


@pytest.fixture
def submitted(author):
    """A draft its author sent to the moderators."""
    page = make_proposal(Stage.DISCUSSION, owner=author, title="Plant more trees", live=False)
    lifecycle.submit_for_discussion(page, user=author)
    return page


def awaiting_tellers(title="Tellers' vote", entered=1, needed=2, tellers=()):
    ballot = make_ballot(title=title)
    Ballot.objects.filter(pk=ballot.pk).update(
        status=Ballot.Status.AWAITING_TELLERS, tellers_needed=needed,
        votes_closed_at=timezone.now(),
    )
    for number, user in enumerate(tellers):
        Teller.objects.create(
            ballot=ballot, user=user, collected_at=timezone.now(),
            entered_at=timezone.now() if number < entered else None,
        )
    return ballot


def outcome_not_applied(title="Sponsor vote", closed_days_ago=1):
    ballot = make_ballot(title=title)
    Ballot.objects.filter(pk=ballot.pk).update(
        status=Ballot.Status.CLOSED, outcome_status=OutcomeStatus.NOT_APPLIED,
        outcome_note="The organisation no longer exists.",
        closed_at=timezone.now() - datetime.timedelta(days=closed_days_ago),
    )
    return ballot


@pytest.fixture
def board_business(discussed, author, director, officer):
    """One of each thing that awaits the Board."""
    ready = make_proposal(Stage.DISCUSSION, title="Ready to decide")
    lifecycle.request_withdrawal(discussed, user=author, reason="We found a better way.")
    pending = make_proposal(Stage.DISCUSSION, title="Decide me")
    lifecycle.move_to_resolution(pending, user=officer)
    return {
        "ready": ready, "withdrawal": discussed, "pending": pending,
        "not_applied": outcome_not_applied(), "tellers": awaiting_tellers(),
    }


# Each role sees its own ----------------------------------------------------------------


def test_a_moderator_sees_each_submission_with_a_link_to_review_it(submitted, moderator):
    awaiting = awaiting_you(moderator)

    assert sentences(awaiting.moderation) == [
        "“Plant more trees” was submitted for discussion and awaits a moderator."
    ]
    assert awaiting.moderation[0].url == reverse("wagtailadmin_pages:edit", args=[submitted.pk])


def test_a_submission_leaves_the_moderators_list_once_approved(submitted, moderator):
    submitted.current_workflow_task_state.task.specific.on_action(
        submitted.current_workflow_task_state, moderator, "approve"
    )

    assert awaiting_you(moderator).moderation == []


def test_a_director_sees_every_kind_of_board_business_with_where_to_act(board_business, director):
    board = awaiting_you(director).board
    by_sentence = {item.sentence: item for item in board}
    pending, withdrawal = board_business["pending"], board_business["withdrawal"]

    assert "“Decide me” is in resolution and awaits the Board's decision." in by_sentence
    assert by_sentence["“Decide me” is in resolution and awaits the Board's decision."].url == (
        reverse("wagtailadmin_pages:edit", args=[pending.pk])
    )
    asked = [item for item in board if item.sentence.startswith("The authors of “Open the books”")]
    assert asked[0].url == reverse("governance_transition", args=[withdrawal.pk, "withdraw"])
    ready = [item for item in board if item.sentence.startswith("“Ready to decide” has been")]
    assert ready[0].url == reverse(
        "governance_transition", args=[board_business["ready"].pk, "move-to-resolution"]
    )
    assert any("“Sponsor vote” could not be applied" in item.sentence for item in board)
    assert any(
        "“Tellers' vote” has closed and waits for its tellers: 0 of 2" in item.sentence
        for item in board
    )
    assert len(board) == 6  # the proposal asked to withdraw is also ready to decide


def test_an_officer_sees_the_board_business_too(board_business, officer):
    assert len(awaiting_you(officer).board) == 6


def test_what_the_board_is_asked_to_do_the_lifecycle_allows(board_business, director):
    pending, ready = board_business["pending"], board_business["ready"]

    assert roles.may(Step.ADOPT, pending, director)
    assert roles.may(Step.MOVE_TO_RESOLUTION, ready, director)
    assert roles.may(Step.WITHDRAW, board_business["withdrawal"], director)


def test_a_member_never_sees_the_moderators_or_the_boards_business(
    board_business, submitted, member
):
    awaiting = awaiting_you(member)

    assert awaiting.moderation == [] and awaiting.board == []
    assert awaiting.count == 0


def test_a_recused_director_is_not_asked_to_decide(board_business, director, officer):
    lifecycle.declare_conflict(board_business["pending"], user=director, reason="My employer.")

    assert "Decide me" not in " ".join(sentences(awaiting_you(director).board))
    assert "Decide me" in " ".join(sentences(awaiting_you(officer).board))


def test_a_proposal_still_in_its_minimum_discussion_is_not_listed(director):
    make_proposal(Stage.DISCUSSION, title="Just published").__class__.objects.filter(
        title="Just published"
    ).update(first_published_at=timezone.now())

    assert "Just published" not in " ".join(sentences(awaiting_you(director).board))


def test_a_referred_proposal_awaits_the_vote_not_the_board(in_resolution, director, voters):
    lifecycle.refer_to_member_vote(in_resolution, user=director)

    assert "awaits the Board's decision" not in " ".join(sentences(awaiting_you(director).board))


def test_an_outcome_not_applied_long_ago_is_no_longer_listed(director):
    outcome_not_applied(closed_days_ago=31)

    assert awaiting_you(director).board == []


def test_a_voter_sees_an_open_ballot_until_they_vote(voting_period):
    voter = enrolled_voter(period=voting_period)
    ballot = open_ballot(title="Budget 2027")

    [item] = awaiting_you(voter.user).membership
    assert item.sentence.startswith("“Budget 2027” is open until ")
    assert item.url == reverse("voting:cast", args=[ballot.pk])

    services.cast(ballot, user=voter.user, answers=answer(ballot, ["Yes"]))
    assert awaiting_you(voter.user).membership == []


def test_a_nominee_is_asked_to_accept_until_they_do(director, member):
    today = timezone.localdate()
    election = elections.open_election(
        user=director, title="Board election 2027", seats=2,
        nominations_close_at=timezone.now() + datetime.timedelta(days=7),
        term_starts=today, term_ends=today + datetime.timedelta(days=365),
    )
    nomination = elections.nominate(election=election, user=director, nominee=member.member)

    [item] = awaiting_you(member).membership
    assert item.sentence.startswith("You are nominated for Board election 2027")
    assert item.url == reverse("membership:dashboard") + "#nominations-heading"

    elections.accept(nomination=nomination, user=member, statement="I will serve.")
    assert awaiting_you(member).membership == []


def test_a_teller_is_asked_for_their_share_until_they_enter_it(member, director):
    ballot = awaiting_tellers(tellers=[director, member], entered=1)

    [item] = awaiting_you(member).membership
    assert item.url == reverse("voting_enter_share", args=[ballot.pk])
    assert awaiting_you(director).membership == []


def test_nothing_awaits_a_visitor():
    assert awaiting_you(AnonymousUser()).count == 0


# The dashboard and the header ---------------------------------------------------------


def test_the_dashboard_shows_what_awaits_first_with_links(client, board_business, director):
    client.force_login(director)
    page = client.get(reverse("membership:dashboard")).content.decode()

    assert page.index("Awaiting you") < page.index('id="voting-heading"')
    decide = reverse("wagtailadmin_pages:edit", args=[board_business["pending"].pk])
    assert f'<a href="{decide}">Decide</a>' in page


def test_the_dashboard_says_when_nothing_awaits(client, member):
    client.force_login(member)
    page = client.get(reverse("membership:dashboard")).content.decode()

    assert "Nothing awaits you now." in page
    assert "things await you" not in page


def test_the_header_counts_what_awaits_as_the_list_does(client, board_business, director):
    client.force_login(director)
    page = client.get("/").content.decode()
    count = awaiting_you(director).count

    assert count == 6
    assert (
        f'aria-label="Dashboard: {count} things await you">'
        f'Dashboard <span class="awaiting-count">{count}</span></a>'
    ) in page


def test_the_header_says_one_thing_in_the_singular(client, submitted, moderator):
    client.force_login(moderator)

    assert "1 thing awaits you" in client.get("/").content.decode()


def test_a_count_is_never_served_from_the_page_cache(
    client, board_business, director, member, page_cache_on
):
    client.get("/")  # an anonymous visitor fills the cache
    client.force_login(director)
    directors_page = client.get("/")
    client.force_login(member)
    members_page = client.get("/")
    client.logout()
    anonymous_page = client.get("/")

    assert HIT_HEADER not in directors_page and HIT_HEADER not in members_page
    assert "6 things await you" in directors_page.content.decode()
    assert "await you" not in members_page.content.decode()
    assert anonymous_page[HIT_HEADER] == "hit"
    assert "await you" not in anonymous_page.content.decode()


# Cheap whatever the data -------------------------------------------------------------


def more_business(number, author, officer):
    for index in range(number):
        lifecycle.request_withdrawal(
            make_proposal(Stage.DISCUSSION, owner=author, title=f"Ready {number}-{index}"),
            user=author, reason="Not needed.",
        )
        pending = make_proposal(Stage.DISCUSSION, title=f"Pending {number}-{index}")
        lifecycle.move_to_resolution(pending, user=officer)
        outcome_not_applied(title=f"Vote {number}-{index}")
        awaiting_tellers(title=f"Tellers {number}-{index}")
        draft = make_proposal(
            Stage.DISCUSSION, owner=author, title=f"Draft {number}-{index}", live=False
        )
        lifecycle.submit_for_discussion(draft, user=author)
        open_ballot(title=f"Open {number}-{index}")


QUERIES = 15


@pytest.mark.parametrize("number", [1, 8])
def test_a_fixed_number_of_queries_whatever_awaits(
    number, author, officer, director, django_assert_max_num_queries, voting_period
):
    director.groups.add(Group.objects.get(name="Moderators"))
    EnrolmentFactory(member=director.member, period=voting_period)
    more_business(number, author, officer)

    with django_assert_max_num_queries(QUERIES):
        awaiting = awaiting_you(director)
    assert len(awaiting.moderation) == number
    assert len(awaiting.membership) == number
