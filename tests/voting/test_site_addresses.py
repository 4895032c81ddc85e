"""Voting's e-mails and calendar give addresses on the default Site's root URL."""

import pytest
from icalendar import Calendar

from core.models import OutgoingEmail
from tests.voting.factories import VotingPeriodFactory, enrolled_voter, make_ballot
from voting import notifications, services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_at_example_org")]

ROOT = "https://example.org"


def queued(send):
    """The bodies of the e-mails `send()` puts in the outbox."""
    before = set(OutgoingEmail.objects.values_list("pk", flat=True))
    send()
    return list(OutgoingEmail.objects.exclude(pk__in=before).values_list("body", flat=True))


def test_the_roll_is_sent_the_ballots_address_on_the_site_root_url():
    enrolled_voter()
    ballot = make_ballot()
    (opened,) = queued(lambda: services.open_ballot(ballot))
    assert f"{ROOT}/vote/{ballot.pk}/\n" in opened


def test_an_enrolment_invitation_links_enrolment_on_the_site_root_url():
    period, member = VotingPeriodFactory(), enrolled_voter()
    (invitation,) = queued(
        lambda: notifications.enrolment_invitation(period, [member], limit=2),
    )
    assert f"{ROOT}/vote/enrol/\n" in invitation


def test_a_teller_is_sent_the_tellers_page_on_the_site_root_url():
    ballot, teller = make_ballot(), enrolled_voter()
    ballot.tellers_needed = 1
    (collect,) = queued(
        lambda: notifications.tellers_asked_to_collect(ballot, [teller.user]),
    )
    assert f"{ROOT}/admin/" in collect


def test_the_calendar_links_ballots_and_enrolment_on_the_site_root_url(client):
    VotingPeriodFactory()
    ballot = make_ballot(title="Adopt the travel policy")
    services.open_ballot(ballot)
    response = client.get("/vote/calendar.ics", HTTP_HOST="localhost")
    found = {str(event["summary"]): event for event in Calendar.from_ical(response.content)
             .walk("VEVENT")}
    vote = found["Vote: Adopt the travel policy"]
    assert str(vote["url"]) == f"{ROOT}/vote/{ballot.pk}/"
    assert str(vote["uid"]) == f"ballot-{ballot.pk}@example.org"
    (period,) = (event for summary, event in found.items() if summary.startswith("Voting period"))
    assert str(period["url"]) == f"{ROOT}/vote/enrol/"
