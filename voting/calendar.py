"""The voting calendar as iCalendar: every ballot's opening and closing, every voting period."""

import datetime

from django.http import HttpResponse
from django.urls import reverse
from icalendar import Calendar, Event

from core.addresses import absolute_url, site_root_url
from voting.models import Ballot, VotingPeriod
from voting.selectors import calendar_ballots

PRODUCT_ID = "-//Foundation governance//Voting calendar//EN"
# Nominees are not told and there is no discussion of them (new-membership-model.md,
# "Fellowship Nomination and Voting Procedure"), so the calendar names a Fellowship
# vote by this alone, whatever its title says.
FELLOWSHIP_VOTE = "Fellowship vote"


def _event(uid, summary, starts, ends, url=""):
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("dtstamp", datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    if url:
        event.add("url", url)
    return event


def _ballot_event(ballot, root_url):
    """A ballot from opening to closing; one the user may not see has neither title nor address."""
    title = FELLOWSHIP_VOTE if ballot.is_fellowship_vote else ballot.title
    url = absolute_url(reverse("voting:cast", args=[ballot.pk]), root_url=root_url)
    uid = _uid(f"ballot-{ballot.pk}", root_url)
    event = _event(uid, f"Vote: {title}", ballot.opens_at, ballot.closes_at,
                   url if ballot.shown else "")
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
    root_url = site_root_url()
    for ballot in calendar_ballots(user).exclude(status=Ballot.Status.DRAFT):
        calendar.add_component(_ballot_event(ballot, root_url))
    enrol_url = absolute_url(reverse("voting:enrol"), root_url=root_url)
    for period in VotingPeriod.objects.order_by("opens_on"):
        calendar.add_component(
            _event(_uid(f"period-{period.pk}", root_url),
                   f"Voting period {period.year}: enrol to vote",
                   period.opens_on, period.closes_on + datetime.timedelta(days=1), enrol_url)
        )
    return calendar


def _uid(name, root_url):
    # RFC 5545 asks for a globally unique id; the site's host makes it one.
    return f"{name}@{root_url.split('//')[-1]}"


def calendar_view(request):
    """/vote/calendar.ics: public dates only, never a count; members can subscribe to it."""
    response = HttpResponse(voting_calendar(request.user).to_ical(), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="votes.ics"'
    return response
