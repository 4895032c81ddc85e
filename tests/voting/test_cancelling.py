"""Cancelling a ballot: nothing is counted, nobody misses it, the roll is told why."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from wagtail.models import ModelLogEntry

from tests.voting.factories import (
    answer,
    enrolled_delegate,
    enrolled_voter,
    make_ballot,
    open_ballot,
)
from voting import housekeeping, services
from voting.models import Ballot, Miss, QuestionResult, TallyResult
from voting.notifications import OPENED_SUBJECT

REASON = "The proposal went back to discussion after a late amendment."


class CancellingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voters = [enrolled_voter() for _ in range(3)]
        enrolled_delegate(cls.voters[0])  # on the roll twice, e-mailed once

    def cancelled_after_one_vote(self):
        ballot = open_ballot()
        services.cast(ballot, user=self.voters[0].user, answers=answer(ballot, ["Yes"]))
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            services.cancel_ballot(ballot, reason=f"  {REASON} ")
        ballot.refresh_from_db()
        return ballot

    def test_a_cancelled_ballot_counts_no_misses_and_writes_no_tally(self):
        ballot = self.cancelled_after_one_vote()
        assert ballot.status == Ballot.Status.CANCELLED
        assert ballot.cancelled_reason == REASON and ballot.cancelled_at is not None
        assert not Miss.objects.filter(ballot=ballot).exists()
        assert not TallyResult.objects.filter(question__ballot=ballot).exists()
        assert not QuestionResult.objects.filter(question__ballot=ballot).exists()
        assert ModelLogEntry.objects.filter(
            object_id=str(ballot.pk), action="voting.ballot.cancel"
        ).exists()

    def test_each_voter_on_the_roll_is_emailed_the_reason_once(self):
        ballot = self.cancelled_after_one_vote()
        # The roll was also told when the ballot opened; those e-mails are not about this.
        cancelled = [m for m in mail.outbox if m.subject != OPENED_SUBJECT.format(
            closes=f"{ballot.closes_at:%d %B %Y, %H:%M %Z}")]
        assert sorted(m.to[0] for m in cancelled) == sorted(v.email for v in self.voters)
        assert all(REASON in m.body and "cancelled" in m.subject for m in cancelled)

    def test_casting_on_a_cancelled_ballot_is_refused(self):
        ballot = self.cancelled_after_one_vote()
        with pytest.raises(services.VotingError, match=re.escape(services.BALLOT_NOT_OPEN)):
            services.cast(ballot, user=self.voters[1].user, answers=answer(ballot, ["No"]))

    def test_a_cancelled_ballot_cannot_be_closed_or_cancelled_again(self):
        ballot = self.cancelled_after_one_vote()
        with pytest.raises(services.VotingError, match="Only an open ballot"):
            services.close_ballot(ballot)
        with pytest.raises(services.VotingError, match="has not closed can be cancelled"):
            services.cancel_ballot(ballot, reason=REASON)

    def test_a_closed_ballot_cannot_be_cancelled(self):
        ballot = open_ballot()
        services.close_ballot(ballot)
        with pytest.raises(services.VotingError, match="this one is closed"):
            services.cancel_ballot(ballot, reason=REASON)

    def test_a_blank_reason_is_refused(self):
        ballot = open_ballot()
        with pytest.raises(services.VotingError, match=services.CANCEL_REASON_REQUIRED):
            services.cancel_ballot(ballot, reason="   ")
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.OPEN

    def test_only_a_manager_may_cancel(self):
        ballot = open_ballot()
        with pytest.raises(PermissionDenied):
            services.cancel_ballot(ballot, user=self.voters[0].user, reason=REASON)
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.OPEN

    def test_the_ballot_and_results_pages_show_the_reason_and_never_a_count(self):
        ballot = self.cancelled_after_one_vote()
        for url in (f"/vote/{ballot.pk}/", f"/vote/{ballot.pk}/results/"):
            self.client.force_login(self.voters[1].user)
            html = self.client.get(url).content.decode()
            assert "Cancelled" in html and REASON in html, url
            assert "Turnout" not in html and "Marks" not in html, url

    def test_housekeeping_never_opens_or_closes_a_cancelled_ballot(self):
        scheduled = services.schedule_ballot(make_ballot())
        services.cancel_ballot(scheduled, reason=REASON)
        was_open = open_ballot()
        services.cancel_ballot(was_open, reason=REASON)
        later = was_open.closes_at + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            done = housekeeping.run(now=later)
        assert done["ballots_opened"] == 0 and done["ballots_closed"] == 0
        statuses = set(Ballot.objects.values_list("status", flat=True))
        assert statuses == {Ballot.Status.CANCELLED}
