"""Misses count only on fair ballots: open the minimum period, announced, run to term."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.voting.factories import (
    answer,
    close_when_due,
    enrolled_voter,
    open_ballot,
    yes_no,
)
from voting import services
from voting.models import Ballot, Enrolment, Miss, VotingRules

TOO_SOON = "A ballot must stay open at least 7 days"


def close_entry(ballot, action="voting.ballot.close"):
    return ModelLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Ballot), object_id=str(ballot.pk),
        action=action,
    )


def ballot_for(days, director=None, title="A ballot"):
    now = timezone.now()
    return services.create_ballot(
        title=title, electorate="voting_members", opens_at=now,
        closes_at=now + datetime.timedelta(days=days), questions=[yes_no()], user=director,
    )


class FairBallotTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voter = enrolled_voter()
        cls.absentee = enrolled_voter()

    def test_a_ballot_open_the_minimum_and_announced_counts_misses(self):
        ballot = open_ballot()
        services.cast(ballot, user=self.voter.user, answers=answer(ballot, ["Yes"]))
        close_when_due(ballot)
        assert list(Miss.objects.values_list("enrolment__member", flat=True)) == [self.absentee.pk]
        assert close_entry(ballot).data == {"misses_counted": True, "no_misses_because": ""}

    def test_opening_and_closing_two_ballots_at_once_ends_nobodys_rights(self):
        first, second = open_ballot(title="First"), open_ballot(title="Second")
        services.close_ballot(first)
        services.close_ballot(second)
        assert not Miss.objects.exists()
        assert not Enrolment.objects.filter(rights_ended_at__isnull=False).exists()

    def test_a_ballot_closed_by_hand_early_counts_no_misses_and_the_log_says_why(self):
        ballot = open_ballot()
        services.close_ballot(ballot)
        assert not Miss.objects.exists()
        entry = close_entry(ballot)
        assert entry.data["misses_counted"] is False
        assert "Closed before its announced closing time" in entry.data["no_misses_because"]

    def test_a_ballot_its_roll_was_not_told_about_counts_no_misses(self):
        ballot = open_ballot()
        Ballot.objects.filter(pk=ballot.pk).update(announced_at=None)
        close_when_due(ballot)
        assert not Miss.objects.exists()
        assert close_entry(ballot).data["no_misses_because"] == services.NO_MISSES_NOT_ANNOUNCED

    def test_a_ballot_open_less_than_the_minimum_counts_no_misses(self):
        ballot = open_ballot()
        rules = VotingRules.load()
        rules.minimum_voting_days = 10
        rules.save()
        close_when_due(ballot)
        assert not Miss.objects.exists()
        assert close_entry(ballot).data["no_misses_because"] == (
            services.NO_MISSES_TOO_SHORT.format(days=10))

    def test_a_cancelled_ballot_is_logged_as_counting_no_misses(self):
        ballot = open_ballot()
        services.cancel_ballot(ballot, reason="Wrong question.")
        entry = close_entry(ballot, "voting.ballot.cancel")
        assert entry.data["no_misses_because"] == services.NO_MISSES_CANCELLED

    def test_opening_with_a_closing_time_too_soon_is_refused_naming_the_minimum(self):
        ballot = ballot_for(days=2)
        with pytest.raises(services.VotingError, match=TOO_SOON):
            services.open_ballot(ballot)
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.DRAFT and not ballot.roll.exists()

    def test_scheduling_with_a_closing_time_too_soon_is_refused(self):
        with pytest.raises(services.VotingError, match=TOO_SOON):
            services.schedule_ballot(ballot_for(days=6))

    def test_the_minimum_is_a_setting(self):
        rules = VotingRules.load()
        rules.minimum_voting_days = 2
        rules.save()
        assert services.open_ballot(ballot_for(days=3)).status == Ballot.Status.OPEN

    def test_opening_tells_each_voter_on_the_roll_and_records_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            ballot = open_ballot(yes_no("Adopt the secret travel policy?"), title="Secret title")
        assert ballot.announced_at == ballot.opened_at
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            [self.voter.email, self.absentee.email])
        bodies = " ".join(m.subject + m.body for m in mail.outbox)
        assert f"/vote/{ballot.pk}/" in bodies
        assert "secret" not in bodies.lower()


@pytest.mark.django_db
def test_a_director_who_opens_and_closes_two_ballots_at_once_costs_nobody_their_vote(director):
    voters = [enrolled_voter() for _ in range(3)]
    for title in ("First", "Second"):
        ballot = services.open_ballot(ballot_for(days=7.1, director=director, title=title),
                                      user=director)
        services.close_ballot(ballot, user=director)
    assert not Miss.objects.exists()
    assert not Enrolment.objects.filter(
        member__in=voters, rights_ended_at__isnull=False).exists()
    assert Enrolment.objects.filter(member__in=voters).count() == 3


@pytest.mark.django_db
def test_opening_only_queues_the_rolls_mail_and_the_worker_sends_it(
    task_queue, django_capture_on_commit_callbacks
):
    voters = [enrolled_voter() for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        open_ballot(yes_no("Adopt the travel policy?"))
    assert mail.outbox == []  # a roll can hold every voting member: not the request's work

    task_queue()  # no housekeeping run needed, as under `make run`

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        voter.email for voter in voters
    )
