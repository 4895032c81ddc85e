"""No enrolment trap: a member enrolling while ballots are open is told which they are not on.

Rolls are fixed when a ballot opens, so a member who enrols later is not on the ballots
already open; the enrol page, the voting dashboard and the enrolment's confirmation say
which, and when the next ballot opens (project issue 18).
"""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from membership.models import CategoryCode
from tests.membership.factories import MemberFactory, voting_member
from tests.voting.factories import (
    EnrolmentFactory,
    VotingPeriodFactory,
    enrolled_voter,
    open_ballot,
    yes_no,
)
from voting import fellowship, selectors, services
from voting.models import Electorate

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    return VotingPeriodFactory()


@pytest.fixture
def already_open(period):
    """Two ballots opened before the member enrols."""
    return [open_ballot(title="Raise the sprint budget"), open_ballot(title="Adopt the charter")]


def scheduled_ballot(title, days_ahead):
    now = timezone.now()
    ballot = services.create_ballot(
        title=title, electorate=Electorate.VOTING_MEMBERS, questions=[yes_no()],
        opens_at=now + datetime.timedelta(days=days_ahead),
        closes_at=now + datetime.timedelta(days=days_ahead + 8),
    )
    return services.schedule_ballot(ballot)


def opens_on(ballot):
    return date_format(timezone.localtime(ballot.opens_at), "j F Y")


def late_member(period):
    """A voting member who enrols after the ballots opened."""
    return enrolled_voter(period=period)


def test_a_member_enrolled_late_is_told_the_open_ballots_they_are_not_on(period, already_open):
    member = late_member(period)
    on_it = open_ballot(title="Opened after they enrolled")
    late = selectors.late_enrolment(member.user)
    assert late.open_ballots == sorted(already_open, key=lambda ballot: ballot.closes_at)
    assert on_it not in late.open_ballots


def test_the_next_ballot_is_the_earliest_scheduled_one(period, already_open):
    later = scheduled_ballot("Later vote", days_ahead=10)
    sooner = scheduled_ballot("Sooner vote", days_ahead=3)
    late = selectors.late_enrolment(late_member(period).user)
    assert late.next_ballot == sooner and later != sooner
    assert not late.next_ballot.shown


def test_the_enrol_page_names_and_links_the_open_ballots_and_gives_the_next_date(
    client, period, already_open
):
    member = voting_member()
    upcoming = scheduled_ballot("A scheduled vote on dues", days_ahead=3)
    client.force_login(member.user)
    html = client.get("/vote/enrol/").content.decode()
    assert "Rolls are fixed when a ballot opens" in html
    for ballot in already_open:
        assert f'<a href="/vote/{ballot.pk}/">{ballot.title}</a>' in html
    assert f"The next ballot opens on {opens_on(upcoming)}" in html
    # A scheduled ballot is seen only by those who manage ballots: its date, not its title.
    assert upcoming.title not in html


def test_a_manager_sees_the_next_ballots_title_linked(client, director, period, already_open):
    upcoming = scheduled_ballot("A scheduled vote on dues", days_ahead=3)
    client.force_login(director)
    html = client.get("/vote/").content.decode()
    assert f'<a href="/vote/{upcoming.pk}/">{upcoming.title}</a>, opens on' in html


def test_the_dashboard_says_so_too_and_that_no_ballot_is_scheduled(
    client, period, already_open
):
    member = late_member(period)
    client.force_login(member.user)
    html = client.get("/vote/").content.decode()
    assert "Rolls are fixed when a ballot opens" in html
    assert all(f'href="/vote/{ballot.pk}/">{ballot.title}</a>' in html for ballot in already_open)
    assert "No ballot is scheduled yet" in html


def test_the_enrolment_confirmation_names_the_ballots_and_the_next_date(
    client, period, already_open
):
    member = voting_member()
    upcoming = scheduled_ballot("A scheduled vote on dues", days_ahead=3)
    client.force_login(member.user)
    html = client.post("/vote/enrol/", follow=True).content.decode()
    assert "You are enrolled to vote in this period." in html
    assert "you are not on “Raise the sprint budget”, “Adopt the charter”" in html
    assert f"The next ballot opens on {opens_on(upcoming)}" in html


def test_an_enrolment_before_any_ballot_opened_says_nothing_more(client, period):
    member = voting_member()
    client.force_login(member.user)
    html = client.post("/vote/enrol/", follow=True).content.decode()
    assert "You are enrolled to vote in this period. Thank you." in html
    assert "Rolls are fixed" not in html


def test_a_member_on_every_open_ballot_is_told_nothing(client, period):
    member = enrolled_voter(period=period)
    open_ballot(title="Everyone enrolled is on it")
    client.force_login(member.user)
    assert "Rolls are fixed" not in client.get("/vote/").content.decode()
    assert "Rolls are fixed" not in client.get("/vote/enrol/").content.decode()


def test_a_fellowship_vote_is_never_named_to_those_who_may_not_see_it(
    client, director, period
):
    fellows = [voting_member(CategoryCode.FELLOW) for _ in range(2)]
    EnrolmentFactory(member=fellows[0], period=period)
    nominee = MemberFactory(name="Ada Lovelace")
    fellowship.nominate(user=fellows[0].user, nominee=nominee, criterion="creating",
                        description="Maintains the analytical engine documentation.")
    ballot = fellowship.gather_into_ballot(user=director)
    EnrolmentFactory(member=fellows[1], period=period)
    for user in (fellows[1].user, nominee.user):
        assert ballot not in selectors.late_enrolment(user).open_ballots
        client.force_login(user)
        for url in ("/vote/", "/vote/enrol/"):
            html = client.get(url).content.decode()
            assert "Ada Lovelace" not in html and ballot.title not in html


@pytest.mark.parametrize("open_count", [2, 20])
def test_the_reading_costs_the_same_queries_however_many_ballots_are_open(
    django_assert_max_num_queries, period, open_count
):
    for number in range(open_count):
        open_ballot(title=f"Ballot {number}")
    scheduled_ballot("Next", days_ahead=3)
    member = late_member(period)
    user = type(member.user).objects.select_related("member").get(pk=member.user.pk)
    with django_assert_max_num_queries(2):
        late = selectors.late_enrolment(user)
        assert len(late.open_ballots) == open_count and late.next_ballot is not None
