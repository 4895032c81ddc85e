"""One reminder, 48 hours before a ballot closes, to each voter who has not voted in it.

A `ClosingReminder` row per voter and ballot, written with the e-mail, makes it once:
a run that finds the row sends nothing. A voter who turned vote reminders off
(`membership.models.NotificationPreferences`) gets none.
"""

import datetime

from django.db import transaction
from django.urls import reverse

from core.addresses import absolute_url
from membership.models import Member
from membership.selectors import preferences_for
from voting import notifications
from voting.models import Ballot, ClosingReminder, RollEntry

REMIND_BEFORE = datetime.timedelta(hours=48)


def ballots_closing_soon(now: datetime.datetime):
    """Open ballots that close within REMIND_BEFORE of `now`."""
    return Ballot.objects.open().filter(closes_at__gt=now, closes_at__lte=now + REMIND_BEFORE)


def remind(ballot: Ballot) -> int:
    """Remind the ballot's voters who have not voted and were not reminded; how many."""
    with transaction.atomic():
        not_voted = RollEntry.objects.filter(ballot=ballot, participation__isnull=True)
        members = list(
            Member.objects.filter(enrolments__roll_entries__in=not_voted, user__is_active=True)
            .exclude(pk__in=ClosingReminder.objects.filter(ballot=ballot).values("member"))
            .select_related("user").distinct()
        )
        preferences = preferences_for([member.user_id for member in members])
        members = [member for member in members if preferences[member.user_id].vote_reminder]
        ClosingReminder.objects.bulk_create(
            [ClosingReminder(ballot=ballot, member=member) for member in members]
        )
        notifications.ballot_closing(
            ballot, members, preferences_url=absolute_url(reverse("notification_preferences"))
        )
    return len(members)
