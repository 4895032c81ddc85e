"""The voting calendar as iCalendar: every ballot's opening and closing, every voting period."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event

from voting.models import Ballot, VotingPeriod

PRODUCT_ID = "-//Foundation governance//Voting calendar//EN"


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


def voting_calendar():
    """Build the calendar: a ballot is an event from opening to closing; a period, all-day."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Foundation votes")
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for ballot in Ballot.objects.exclude(status=Ballot.STATUS_DRAFT).order_by("opens_at"):
        event = _event(f"ballot-{ballot.pk}", f"Vote: {ballot.title}", ballot.opens_at,
                       ballot.closes_at, f"{base_url}/vote/{ballot.pk}/")
        if ballot.status == Ballot.STATUS_CANCELLED:
            # Subscribed calendars drop an event only when it says it is cancelled.
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    for period in VotingPeriod.objects.order_by("opens_on"):
        calendar.add_component(
            _event(f"period-{period.pk}", f"Voting period {period.year}: enrol to vote",
                   period.opens_on, period.closes_on + datetime.timedelta(days=1),
                   f"{base_url}/vote/enrol/")
        )
    return calendar


def calendar_view(request):
    """/vote/calendar.ics: public dates only, never a count; members can subscribe to it."""
    response = HttpResponse(voting_calendar().to_ical(), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="votes.ics"'
    return response
