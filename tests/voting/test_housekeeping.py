"""voting.housekeeping.run: invitations once, scheduled ballots opened, due ballots closed."""

import datetime
from unittest import mock

from django.core import mail
from django.test import TestCase

from tests.voting.factories import enrolled_voter, make_ballot, open_ballot
from voting import housekeeping, services
from voting.models import Ballot, VotingPeriod


class HousekeepingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voter = enrolled_voter()

    def run_housekeeping(self, now=None):
        with self.captureOnCommitCallbacks(execute=True):
            return housekeeping.run(now=now)

    def test_invitations_are_sent_once_per_period(self):
        done = self.run_housekeeping()
        assert done["invitations_sent"] == 1
        assert mail.outbox[0].to == [self.voter.email]
        assert "/vote/enrol/" in mail.outbox[0].body
        assert self.run_housekeeping()["invitations_sent"] == 0
        assert len(mail.outbox) == 1

    def test_scheduled_ballot_opens_when_its_time_comes_and_closes_when_due(self):
        ballot = services.schedule_ballot(make_ballot())
        assert self.run_housekeeping()["ballots_opened"] == 1
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.OPEN and ballot.roll.count() == 1
        later = ballot.closes_at + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            done = self.run_housekeeping(now=later)
            assert self.run_housekeeping(now=later)["ballots_closed"] == 0
        assert done["ballots_closed"] == 1
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.CLOSED

    def test_open_ballot_before_its_closing_time_stays_open(self):
        ballot = open_ballot()
        assert self.run_housekeeping()["ballots_closed"] == 0
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.OPEN

    def test_ballot_without_a_period_stays_scheduled_and_is_reported(self):
        VotingPeriod.objects.all().delete()
        ballot = services.schedule_ballot(make_ballot())
        done = self.run_housekeeping()
        assert done["refused"] == [f"{ballot}: {services.NO_CURRENT_PERIOD}"]
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.SCHEDULED

    def test_a_ballot_that_fails_to_close_stops_no_other_ballot(self):
        first, second = open_ballot(title="First"), open_ballot(title="Second")
        close = services.close_ballot

        def fails_for_the_first(ballot, *, user=None, now=None):
            if ballot.pk == first.pk:
                raise RuntimeError("disk full")
            return close(ballot, user=user, now=now)

        later = second.closes_at + datetime.timedelta(minutes=1)
        with mock.patch.object(services, "close_ballot", fails_for_the_first), \
                mock.patch("django.utils.timezone.now", return_value=later):
            done = self.run_housekeeping(now=later)
        assert done["ballots_closed"] == 1
        assert [str(failure) for failure in done["failed"]] == [
            f"voting: ballot {first.pk} “First”: RuntimeError: disk full"
        ]
        statuses = dict(Ballot.objects.values_list("title", "status"))
        assert statuses == {"First": Ballot.Status.OPEN, "Second": Ballot.Status.CLOSED}
