"""/vote/calendar.ics: every scheduled, open or closed ballot and every period; never a count."""

import pytest
from icalendar import Calendar

from tests.voting.factories import VotingPeriodFactory, answer, enrolled_voter, make_ballot
from voting import services

pytestmark = pytest.mark.django_db


def events(client):
    response = client.get("/vote/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    calendar = Calendar.from_ical(response.content)
    return response, {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_calendar_lists_ballots_with_their_times_and_the_voting_period(client):
    period = VotingPeriodFactory()
    voter = enrolled_voter(period=period)
    ballot = make_ballot(title="Adopt the travel policy")
    services.open_ballot(ballot)
    services.cast(ballot, user=voter.user, answers=answer(ballot, ["Yes"]))
    make_ballot(title="A draft nobody has seen")
    response, found = events(client)
    event = found["Vote: Adopt the travel policy"]
    # iCalendar times have whole seconds.
    assert event.decoded("dtstart") == ballot.opens_at.replace(microsecond=0)
    assert event.decoded("dtend") == ballot.closes_at.replace(microsecond=0)
    assert f"Voting period {period.year}: enrol to vote" in found
    assert "Vote: A draft nobody has seen" not in found
    body = response.content.decode().lower()
    assert not any(word in body for word in ("turnout", "tally", "votes cast"))
