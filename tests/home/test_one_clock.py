"""`housekeeping --today D` runs every chore as if it were D: a leap year, run day by day."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.chores import chore_clock
from membership import services as membership_services
from membership.anniversaries import one_year_from
from membership.models import CategoryCode, WorkingGroup
from tests.fuzzing import PROFILE
from tests.membership.factories import (
    CategoryGrantFactory,
    MemberFactory,
    WorkingGroupFactory,
    category,
)
from tests.voting.factories import EnrolmentFactory, VotingPeriodFactory, yes_no
from voting import services as voting_services
from voting.models import Ballot, Enrolment

pytestmark = pytest.mark.django_db

YEAR = 2028  # a leap year, after the real today, so nothing below happens by the real clock
DAY = datetime.timedelta(days=1)


def day(month, number):
    return datetime.date(YEAR, month, number)


def at(month, number, hour):
    return timezone.make_aware(datetime.datetime(YEAR, month, number, hour))


def local_day(moment):
    return timezone.localdate(moment)


@pytest.fixture
def year_of_chores():
    """The people, groups and ballots whose year the test watches."""
    # setup_site's groups have no charter date; only the two below are watched.
    WorkingGroup.objects.update(status=WorkingGroup.STATUS_DISSOLVED, dissolved_on=day(1, 1))
    VotingPeriodFactory()  # the real today's period: nothing of 2028 may fall into it
    period = VotingPeriodFactory(year=YEAR, opens_on=day(1, 1), closes_on=day(12, 31))
    fellows = [
        CategoryGrantFactory(category=category(CategoryCode.FELLOW), starts=day(1, 1) - 900 * DAY,
                             ends=None).member
        for _ in range(2)
    ]
    for fellow in fellows:
        EnrolmentFactory(member=fellow, period=period)
    supporter = CategoryGrantFactory(
        starts=datetime.date(YEAR - 1, 3, 1), ends=one_year_from(datetime.date(YEAR - 1, 3, 1))
    ).member
    director = MemberFactory()
    membership_services.record_board_seat(
        member=director, starts=datetime.date(YEAR - 1, 7, 1), ends=day(6, 30)
    )
    scheduled = voting_services.create_ballot(
        title="Adopt the travel policy?", electorate="voting_members",
        opens_at=at(6, 10, 9), closes_at=at(6, 24, 9), questions=[yes_no()],
    )
    voting_services.schedule_ballot(scheduled)
    return {
        "supporter": supporter.user, "director": director.user, "scheduled": scheduled,
        # chartered 1 March of a common year: due on 1 March 2028, not 365 days later (29 Feb)
        "march": WorkingGroupFactory(name="Sprints", chartered_on=datetime.date(YEAR - 1, 3, 1)),
        "february": WorkingGroupFactory(
            name="Mentors", chartered_on=datetime.date(YEAR - 1, 2, 28)
        ),
    }


def days_of_the_year():
    """Under `make fuzz`, every day of the year; under `make test`, the days around each day
    something is due and every fifth day.

    All 366 runs take over a minute on the shared test machine, too long for `make test`.
    A run catches up on whatever fell due since the last one, so anything done on the
    wrong day still shows on the next day run.
    """
    if PROFILE == "fuzz":
        return [day(1, 1) + number * DAY for number in range(366)]
    due = [day(1, 30), day(2, 28), day(2, 29), day(3, 1), day(3, 13), day(3, 15),
           day(6, 10), day(6, 24), day(6, 30)]
    around = {when + shift * DAY for when in due for shift in (-1, 0, 1)}
    every_fifth = {day(1, 1) + number * DAY for number in range(0, 366, 5)}
    return sorted(around | every_fifth | {day(12, 31)})


def run_the_year(users):
    """Run housekeeping for the days of the year in order; what each day's run left."""
    days = {}
    for today in days_of_the_year():
        sent_before = len(mail.outbox)
        call_command("housekeeping", today=today, stdout=io.StringIO())
        days[today] = {
            "mail": [message.subject for message in mail.outbox[sent_before:]],
            **{name: set(user.groups.values_list("name", flat=True))
               for name, user in users.items()},
        }
    return days


def days_when(days, holds):
    return [today for today, seen in days.items() if holds(seen)]


def test_a_year_of_runs_keeps_every_rule_on_its_day(year_of_chores):
    watched = {name: year_of_chores[name] for name in ("supporter", "director")}

    days = run_the_year(watched)

    # Grants: the reminder 30 days ahead, the Members group to the last day held.
    reminded = days_when(days, lambda seen: any("Supporting" in s for s in seen["mail"]))
    assert reminded == [day(1, 30)]
    assert days_when(days, lambda seen: "Members" in seen["supporter"])[-1] == day(2, 29)
    assert days_when(days, lambda seen: "Directors" in seen["director"])[-1] == day(6, 30)
    # Evaluations: on the charter's anniversary, in that day's voting period, 14 days long;
    # nobody voted yes, so each group is dissolved on the day its ballot closed.
    for name, opened, closed in [("february", day(2, 28), day(3, 13)),
                                 ("march", day(3, 1), day(3, 15))]:
        group = WorkingGroup.objects.get(pk=year_of_chores[name].pk)
        ballot = Ballot.objects.about(group).get()
        assert (local_day(ballot.opened_at), local_day(ballot.closed_at)) == (opened, closed)
        assert ballot.period.year == YEAR
        assert (group.status, group.dissolved_on) == (WorkingGroup.STATUS_DISSOLVED, closed)
    # Two binding ballots missed: the Fellows' rights end when the second one closes.
    ended = Enrolment.objects.filter(period__year=YEAR).values_list("rights_ended_at", flat=True)
    assert {local_day(moment) for moment in ended} == {day(3, 15)}
    # A Director's ballot opens and closes on the days it names, with nobody left on its roll.
    scheduled = Ballot.objects.get(pk=year_of_chores["scheduled"].pk)
    assert (local_day(scheduled.opened_at), local_day(scheduled.closed_at)) == (
        day(6, 10), day(6, 24)
    )
    assert not scheduled.roll.exists()
    assert Ballot.objects.count() == 3


def test_a_day_runs_as_at_its_last_moment_but_today_by_the_real_time():
    today, now = chore_clock(day(6, 10))
    assert today == day(6, 10)
    assert (local_day(now), timezone.localtime(now).time()) == (day(6, 10), datetime.time.max)
    real_today, real_now = chore_clock(timezone.localdate())
    assert real_today == timezone.localdate()
    assert abs(real_now - timezone.now()) < datetime.timedelta(minutes=1)
