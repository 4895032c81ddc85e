"""Who may see a ballot: Fellowship votes, unlisted drafts, undecided sponsor applications.

Each test tries to read what it must not, as the nominee, a member not on the roll or an
anonymous visitor, through the cast page, the delegate page, the results page and the
calendar (new-membership-model.md, "Fellowship Nomination and Voting Procedure").
"""

import datetime

import pytest
from icalendar import Calendar

from membership.models import CategoryCode, SponsorOrganisation
from tests.membership.factories import MemberFactory, voting_member
from tests.voting.factories import (
    EnrolmentFactory,
    SponsorOrganisationFactory,
    VotingPeriodFactory,
    enrolled_voter,
    make_ballot,
    open_ballot,
)
from voting import fellowship, services
from voting.models import VotingRules

pytestmark = pytest.mark.django_db

NOMINEE = "Ada Lovelace"
NOMINATION_TEXT = "Maintains the analytical engine reference documentation."


@pytest.fixture
def period():
    return VotingPeriodFactory()


@pytest.fixture
def fellows(period):
    members = [voting_member(CategoryCode.FELLOW) for _ in range(3)]
    for member in members:
        EnrolmentFactory(member=member, period=period)
    return members


@pytest.fixture
def nominee():
    return MemberFactory(name=NOMINEE)


@pytest.fixture
def fellowship_ballot(director, fellows, nominee):
    fellowship.nominate(user=fellows[0].user, nominee=nominee, criterion="creating",
                        description=NOMINATION_TEXT)
    return fellowship.gather_into_ballot(user=director)


@pytest.fixture
def outsider(period):
    """A voting member, enrolled, who is not on a Fellows' roll."""
    return enrolled_voter(period=period)


def page(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def shows_nothing(response):
    text = response.content.decode()
    hidden = NOMINEE not in text and NOMINATION_TEXT not in text
    return response.status_code in (302, 404) and hidden


def calendar_events(client, user=None):
    response = page(client, user, "/vote/calendar.ics")
    assert response.status_code == 200
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


# Fellowship votes -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "results/"])
def test_the_nominee_never_sees_the_vote_about_them(client, fellowship_ballot, nominee, suffix):
    assert shows_nothing(page(client, nominee.user, f"/vote/{fellowship_ballot.pk}/{suffix}"))


def test_a_nominee_on_the_fellows_roll_is_left_off_it_and_sees_nothing(
    client, director, fellows, period
):
    rules = VotingRules.load()
    rules.include_long_time_managing_members = True
    rules.save()
    nominee = voting_member(CategoryCode.MANAGING, name=NOMINEE)
    nominee.grants.update(starts=datetime.date.today() - datetime.timedelta(days=6 * 365))
    EnrolmentFactory(member=nominee, period=period)
    fellowship.nominate(user=fellows[0].user, nominee=nominee, criterion="creating",
                        description=NOMINATION_TEXT)
    ballot = fellowship.gather_into_ballot(user=director)

    assert not ballot.roll.filter(enrolment__member=nominee).exists()
    assert shows_nothing(page(client, nominee.user, f"/vote/{ballot.pk}/"))


def test_a_director_nominated_does_not_see_the_vote_about_them(client, fellows, director):
    fellowship.nominate(user=fellows[0].user, nominee=director.member, criterion="creating",
                        description=NOMINATION_TEXT)
    ballot = fellowship.gather_into_ballot(user=director)
    response = page(client, director, f"/vote/{ballot.pk}/")
    assert response.status_code == 404 and NOMINATION_TEXT not in response.content.decode()


@pytest.mark.parametrize("suffix", ["", "results/"])
def test_a_member_not_on_the_roll_sees_no_fellowship_vote(
    client, fellowship_ballot, outsider, suffix
):
    assert shows_nothing(page(client, outsider.user, f"/vote/{fellowship_ballot.pk}/{suffix}"))


def test_a_member_not_on_the_roll_sees_no_fellowship_vote_as_a_delegate(
    client, fellowship_ballot, outsider
):
    organisation = SponsorOrganisationFactory()
    url = f"/vote/{fellowship_ballot.pk}/as/{organisation.pk}/"
    assert shows_nothing(page(client, outsider.user, url))


def test_anonymous_visitors_see_no_fellowship_results(client, director, fellowship_ballot):
    services.close_ballot(fellowship_ballot, user=director)
    assert shows_nothing(page(client, None, f"/vote/{fellowship_ballot.pk}/results/"))


def test_the_roll_and_the_board_see_the_fellowship_vote(
    client, director, fellows, fellowship_ballot
):
    for user in (fellows[1].user, director):
        response = page(client, user, f"/vote/{fellowship_ballot.pk}/")
        assert NOMINATION_TEXT in response.content.decode()
    services.close_ballot(fellowship_ballot, user=director)
    results = page(client, fellows[1].user, f"/vote/{fellowship_ballot.pk}/results/")
    assert NOMINEE in results.content.decode()


def test_the_dashboard_and_the_receipt_check_do_not_list_a_fellowship_vote_to_others(
    client, director, fellowship_ballot, outsider
):
    services.close_ballot(fellowship_ballot, user=director)
    for url in ("/vote/", "/vote/verify/"):
        text = page(client, outsider.user, url).content.decode()
        assert f"/vote/{fellowship_ballot.pk}/" not in text
        assert f'value="{fellowship_ballot.pk}"' not in text


def test_the_public_calendar_lists_a_fellowship_vote_without_names_or_address(
    client, fellowship_ballot
):
    events = calendar_events(client)
    fellowship_events = [e for e in events if "Fellowship" in str(e["summary"])]
    assert [str(e["summary"]) for e in fellowship_events] == ["Vote: Fellowship vote"]
    assert not any(f"/vote/{fellowship_ballot.pk}/" in str(e.get("url", "")) for e in events)


# Drafts and scheduled ballots --------------------------------------------------------


@pytest.fixture
def unpublished(period, director):
    draft = make_ballot(title="A draft about the budget")
    scheduled = services.schedule_ballot(make_ballot(title="A scheduled vote on dues"))
    return draft, scheduled


@pytest.mark.parametrize("suffix", ["", "results/"])
def test_members_do_not_see_draft_or_scheduled_ballots(client, unpublished, outsider, suffix):
    for ballot in unpublished:
        response = page(client, outsider.user, f"/vote/{ballot.pk}/{suffix}")
        assert response.status_code == 404 and ballot.title not in response.content.decode()


def test_directors_see_draft_and_scheduled_ballots(client, unpublished, director):
    for ballot in unpublished:
        response = page(client, director, f"/vote/{ballot.pk}/")
        assert response.status_code == 200 and ballot.title in response.content.decode()


def test_the_public_calendar_does_not_list_a_scheduled_ballot(client, unpublished, director):
    assert not any("dues" in str(e["summary"]) for e in calendar_events(client))
    assert any("dues" in str(e["summary"]) for e in calendar_events(client, director))


# Undecided sponsor applications ------------------------------------------------------


@pytest.fixture
def application_vote(period):
    applicant = SponsorOrganisationFactory(
        name="Snake Oil Inc.", status=SponsorOrganisation.Status.APPLIED
    )
    voter = enrolled_voter(period=period)
    return open_ballot(subject=applicant, title="Admit Snake Oil Inc.?"), applicant, voter


@pytest.mark.parametrize("as_delegate", [False, True])
def test_a_member_not_on_the_roll_sees_no_undecided_sponsor_application(
    client, application_vote, as_delegate
):
    ballot, applicant, _ = application_vote
    url = f"/vote/{ballot.pk}/as/{applicant.pk}/" if as_delegate else f"/vote/{ballot.pk}/"
    response = page(client, MemberFactory().user, url)
    assert response.status_code == 404 and "Snake Oil" not in response.content.decode()


def test_anonymous_visitors_see_no_undecided_sponsor_application(client, application_vote):
    ballot, _, _ = application_vote
    response = page(client, None, f"/vote/{ballot.pk}/results/")
    assert response.status_code == 404 and "Snake Oil" not in response.content.decode()
    assert not any("Snake Oil" in str(e["summary"]) for e in calendar_events(client))


def test_the_roll_sees_the_sponsor_application_it_votes_on(client, application_vote):
    ballot, _, voter = application_vote
    response = page(client, voter.user, f"/vote/{ballot.pk}/")
    assert response.status_code == 200 and "Snake Oil" in response.content.decode()
