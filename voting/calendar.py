"""The voting calendar as iCalendar: every ballot's opening and closing, every voting period."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event

from voting.models import Ballot, VotingPeriod
from voting.selectors import calendar_ballots

PRODUCT_ID = "-//Foundation governance//Voting calendar//EN"
# Nominees are not told and there is no discussion of them (new-membership-model.md,
# "Fellowship Nomination and Voting Procedure"), so the calendar names a Fellowship
# vote by this alone, whatever its title says.
FELLOWSHIP_VOTE = "Fellowship vote"


def _event(uid, summary, starts, ends, url=""):
    event = Event()
    event.add("uid", f"{uid}@{settings.WAGTAILADMIN_BASE_URL.split('//')[-1]}")
    event.add("summary", summary)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("dtstamp", datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    if url:
        event.add("url", url)
    return event


def _ballot_event(ballot, base_url):
    """A ballot from opening to closing; one the user may not see has neither title nor address."""
    title = FELLOWSHIP_VOTE if ballot.is_fellowship_vote else ballot.title
    url = f"{base_url}/vote/{ballot.pk}/" if ballot.shown else ""
    event = _event(f"ballot-{ballot.pk}", f"Vote: {title}", ballot.opens_at, ballot.closes_at, url)
    if ballot.status == Ballot.Status.CANCELLED:
        # Subscribed calendars drop an event only when it says it is cancelled.
        event.add("status", "CANCELLED")
    return event


def voting_calendar(user=None):
    """Build the calendar of the ballots a user may see, and every period as all-day events."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Foundation votes")
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for ballot in calendar_ballots(user).exclude(status=Ballot.Status.DRAFT):
        calendar.add_component(_ballot_event(ballot, base_url))
    for period in VotingPeriod.objects.order_by("opens_on"):
        calendar.add_component(
            _event(f"period-{period.pk}", f"Voting period {period.year}: enrol to vote",
                   period.opens_on, period.closes_on + datetime.timedelta(days=1),
                   f"{base_url}/vote/enrol/")
        )
    return calendar


def calendar_view(request):
    """/vote/calendar.ics: public dates only, never a count; members can subscribe to it."""
    response = HttpResponse(voting_calendar(request.user).to_ical(), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="votes.ics"'
    return response
