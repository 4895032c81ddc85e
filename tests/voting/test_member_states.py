"""The member dashboard and /vote/ say where a member stands and what to do next."""

import re

import pytest

from membership.models import CategoryCode
from tests.membership.factories import MemberFactory, voting_member
from tests.voting.factories import (
    EnrolmentFactory,
    VotingPeriodFactory,
    answer,
    open_ballot,
    yes_no,
)
from voting import services
from voting.models import VotingPeriod

pytestmark = pytest.mark.django_db


def dashboard(client, member):
    client.force_login(member.user)
    return client.get("/members/").content.decode()


def test_a_basic_member_is_told_there_is_nothing_to_do_and_how_to_vote(client):
    page = dashboard(client, MemberFactory())

    assert "You are not voting-eligible: nothing to do" in page


def test_an_eligible_member_without_a_period_is_told_an_invitation_will_come(client):
    VotingPeriod.objects.all().delete()

    page = dashboard(client, voting_member())

    assert "There is no voting period now" in page


def test_an_eligible_member_not_enrolled_is_asked_to_enrol(client):
    VotingPeriodFactory()

    page = dashboard(client, voting_member())

    assert "have not enrolled" in page
    assert "Enrol to vote" in page


def test_an_enrolled_member_with_an_open_ballot_is_asked_to_vote_then_told_it_is_done(client):
    member = voting_member(CategoryCode.CONTRIBUTING)
    EnrolmentFactory(member=member, period=VotingPeriodFactory())
    ballot = open_ballot(yes_no(), title="Adopt the travel policy")

    page = dashboard(client, member)
    assert f'href="/vote/{ballot.pk}/">Vote now</a>' in page
    assert re.search(r"closes in \d+\xa0(weeks?|days?|hours?) \(<time datetime=", page)
    assert page.index("Vote now") < page.index("Categories you hold")
    services.cast(ballot, user=member.user, answers=answer(ballot, ["Yes"]))
    page = dashboard(client, member)

    assert "Done: you voted on Adopt the travel policy" in page
    assert "check it was counted" in page


def test_an_enrolled_member_with_nothing_open_is_told_so(client):
    member = voting_member()
    EnrolmentFactory(member=member, period=VotingPeriodFactory())

    assert "No ballot is open for you now: nothing to do" in dashboard(client, member)


def test_the_voting_page_names_the_next_action_in_each_state(client):
    VotingPeriodFactory()
    member = voting_member()
    client.force_login(member.user)

    assert "Subscribe to the voting calendar" in client.get("/vote/").content.decode()
    ballot = open_ballot(yes_no(), title="A ballot before enrolment")
    page = client.get("/vote/").content.decode()
    assert "its roll was fixed when it opened" in page
    assert "to be on the next ballots" in page
    services.close_ballot(ballot)
    assert "See the results" in client.get("/vote/").content.decode()


def test_the_dashboard_runs_the_same_queries_with_1_and_5_open_ballots(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    member = voting_member()
    EnrolmentFactory(member=member, period=VotingPeriodFactory())
    open_ballot(yes_no())
    client.force_login(member.user)
    client.get("/members/")
    with django_assert_max_num_queries(60) as captured:
        client.get("/members/")
        with_one = len(captured)
    for _ in range(4):
        open_ballot(yes_no())
    with django_assert_num_queries(with_one):
        client.get("/members/")
