"""The yearly evaluation of working groups: recertified by the voting members, or dissolved."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from governance import housekeeping, member_votes
from governance.models import Stage
from membership.anniversaries import add_years, latest_start_for
from membership.models import WorkingGroup, WorkingGroupMembership
from membership.services import join_working_group
from tests.governance.factories import make_charter
from tests.membership.factories import MemberFactory, WorkingGroupFactory
from tests.voting.factories import (
    EnrolmentFactory,
    VotingPeriodFactory,
    answer,
    enrolled_voter,
    make_ballot,
)
from voting import services as voting_services
from voting.models import Ballot, VotingPeriod

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Two whole years ago, so that today is the charter's anniversary (or, on 29 February, the
# day after it).
TWO_YEARS_AGO = latest_start_for(TODAY, 2)


@pytest.fixture
def chartered():
    """A group whose charter, an active policy, was adopted two years ago."""
    charter = make_charter(Stage.ACTIVE, title="Packaging Working Group")
    group = WorkingGroupFactory(
        name=charter.title, slug=charter.slug, chartered_on=TWO_YEARS_AGO
    )
    join_working_group(member=MemberFactory(), working_group=group, on=TWO_YEARS_AGO)
    return charter, group


@pytest.fixture
def voters(voting_period):
    return [enrolled_voter(period=voting_period) for _ in range(3)]


def evaluation_of(group):
    return Ballot.objects.about(group).get()


def decide(ballot, voters, choices, director):
    for voter, choice in zip(voters, choices, strict=True):
        voting_services.cast(ballot, user=voter.user, answers=answer(ballot, [choice]))
    voting_services.close_ballot(ballot, user=director)


def test_housekeeping_opens_one_evaluation_per_group_a_year(chartered, voters):
    _charter, group = chartered

    report = housekeeping.run()
    housekeeping.run()

    ballot = evaluation_of(group)
    assert report.evaluations == [ballot]
    assert ballot.status == Ballot.Status.OPEN
    assert "recertified" in ballot.questions.get().text
    assert ballot.roll.count() == 3


def test_a_group_chartered_this_year_is_not_evaluated_yet(voters):
    group = WorkingGroupFactory(chartered_on=TODAY - datetime.timedelta(days=100))

    housekeeping.run()

    assert not Ballot.objects.about(group).exists()


def test_the_next_evaluation_comes_a_year_after_the_last(chartered, voters):
    _charter, group = chartered
    housekeeping.run()

    assert not member_votes.evaluation_due(group, TODAY + datetime.timedelta(days=300))
    assert member_votes.evaluation_due(group, TODAY + datetime.timedelta(days=366))


def test_a_group_is_evaluated_on_its_charters_anniversary_not_365_days_later():
    group = WorkingGroupFactory(chartered_on=datetime.date(2023, 3, 1))

    assert not member_votes.evaluation_due(group, datetime.date(2024, 2, 29))
    assert member_votes.evaluation_due(group, datetime.date(2024, 3, 1))


def test_a_group_chartered_on_29_february_is_evaluated_on_1_march_in_a_common_year():
    group = WorkingGroupFactory(chartered_on=datetime.date(2024, 2, 29))

    assert not member_votes.evaluation_due(group, datetime.date(2025, 2, 28))
    assert member_votes.evaluation_due(group, datetime.date(2025, 3, 1))


def test_a_late_evaluation_does_not_move_the_next_anniversary():
    group = WorkingGroupFactory(chartered_on=datetime.date(2023, 3, 1))
    # Due on 1 March 2024, but 2024's voting period opened only on 20 March.
    period = VotingPeriodFactory(
        year=2024, opens_on=datetime.date(2024, 3, 20), closes_on=datetime.date(2024, 12, 31)
    )
    EnrolmentFactory(period=period)
    member_votes.open_evaluation(group, now=timezone.make_aware(datetime.datetime(2024, 3, 20, 9)))

    assert not member_votes.evaluation_due(group, datetime.date(2025, 2, 28))
    assert member_votes.evaluation_due(group, datetime.date(2025, 3, 1))


def test_a_group_without_a_charter_date_is_evaluated_a_year_after_its_last(voters):
    group = WorkingGroupFactory(chartered_on=None)
    assert member_votes.evaluation_due(group, TODAY)
    member_votes.open_evaluation(group)

    assert not member_votes.evaluation_due(group, TODAY + datetime.timedelta(days=300))
    assert member_votes.evaluation_due(group, add_years(TODAY, 1))


def test_dissolved_groups_are_not_evaluated(voters):
    group = WorkingGroupFactory(chartered_on=TWO_YEARS_AGO, status=WorkingGroup.Status.DISSOLVED)

    housekeeping.run()

    assert not Ballot.objects.about(group).exists()


def test_a_recertified_group_carries_on(chartered, voters, director):
    charter, group = chartered
    housekeeping.run()

    decide(evaluation_of(group), voters, ["Yes", "Yes", "No"], director)

    group.refresh_from_db()
    charter.refresh_from_db()
    assert group.status == WorkingGroup.Status.ACTIVE
    assert charter.stage == Stage.ACTIVE


def test_a_group_not_recertified_is_dissolved_and_its_charter_retired(
    chartered, voters, director
):
    charter, group = chartered
    housekeeping.run()

    decide(evaluation_of(group), voters, ["No", "No", "Yes"], director)

    group.refresh_from_db()
    charter.refresh_from_db()
    assert group.status == WorkingGroup.Status.DISSOLVED
    assert group.dissolved_on == TODAY
    assert not WorkingGroupMembership.objects.filter(
        working_group=group, left_on__isnull=True
    ).exists()
    assert charter.stage == Stage.RETIRED
    assert charter.live


def test_without_a_voting_period_evaluations_wait_and_leave_nothing_behind(chartered):
    _charter, group = chartered
    VotingPeriod.objects.all().delete()

    report = housekeeping.run()

    assert report.evaluations == []
    assert "no voting period" in report.refused[0].lower()
    assert not Ballot.objects.exists()


def test_the_housekeeping_command_reports_the_evaluations(chartered, voters, capsys):
    call_command("housekeeping")

    assert "working-group evaluations opened: [<Ballot: Recertify the Packaging" in (
        capsys.readouterr().out
    )


def test_checking_which_groups_are_due_is_one_query_however_many_groups(
    voters, django_assert_num_queries
):
    def evaluated_groups(count):
        for _ in range(count):
            make_ballot(subject=WorkingGroupFactory(chartered_on=TWO_YEARS_AGO))

    WorkingGroup.objects.all().delete()
    evaluated_groups(2)
    with django_assert_num_queries(2):  # the active groups, their latest evaluations
        assert member_votes.open_working_group_evaluations() == []
    evaluated_groups(8)
    with django_assert_num_queries(2):
        assert member_votes.open_working_group_evaluations() == []
