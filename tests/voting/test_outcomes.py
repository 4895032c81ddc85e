"""A ballot's close never depends on its outcome: the tally commits, then the outcome runs once."""

import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from wagtail.models import ModelLogEntry

from membership.models import Member
from tests.conftest import _member_user
from tests.voting.factories import (
    answer,
    close_when_due,
    enrolled_voter,
    make_ballot,
    open_ballot,
)
from voting import housekeeping, outcomes, services
from voting.models import Ballot, Miss, OutcomeStatus, QuestionResult, TallyResult

SUBJECT_MOVED = "The subject moved before the vote closed."


class Handler:
    """A handler that counts its calls and raises `error`, if given."""

    def __init__(self, error=None):
        self.calls, self.error = [], error

    def __call__(self, ballot, outcome):
        self.calls.append((ballot.pk, outcome.passed))
        if self.error is not None:
            raise self.error
        return "Done."


def crash(ballot):
    """A stand-in for the process dying between the close's commit and the outcome."""
    raise SystemError("crash")


@pytest.fixture
def handled(monkeypatch):
    """Register a handler for ballots about a Member, for the length of one test."""

    def register(handler):
        monkeypatch.setitem(outcomes.HANDLERS, Member, handler)
        return handler

    return register


class OutcomeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.director = _member_user("director", ["Members", "Directors"])
        cls.voters = [enrolled_voter() for _ in range(3)]

    @pytest.fixture(autouse=True)
    def _fixtures(self, handled, caplog):
        self.handled, self.caplog = handled, caplog

    def voted_ballot(self):
        ballot = open_ballot(subject=self.voters[0])
        services.cast(ballot, user=self.voters[1].user, answers=answer(ballot, ["Yes"]))
        return ballot

    def close(self, ballot, user=None):
        with self.captureOnCommitCallbacks(execute=True):
            return close_when_due(ballot, user=user)

    def test_a_refusing_handler_does_not_undo_the_close(self):
        self.handled(Handler(ValidationError(SUBJECT_MOVED)))
        ballot = self.voted_ballot()
        outcome = self.close(ballot)
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.CLOSED and outcome.passed
        assert QuestionResult.objects.filter(question__ballot=ballot).exists()
        assert TallyResult.objects.filter(question__ballot=ballot).exists()
        assert Miss.objects.filter(ballot=ballot).count() == 2
        assert ballot.outcome_status == OutcomeStatus.NOT_APPLIED
        assert ballot.outcome_note == SUBJECT_MOVED

    def test_directors_are_emailed_the_reason_an_outcome_was_not_applied(self):
        self.handled(Handler(ValidationError(SUBJECT_MOVED)))
        ballot = self.voted_ballot()
        mail.outbox.clear()
        self.close(ballot)
        [message] = [m for m in mail.outbox if "not applied" in m.subject]
        assert message.to == [self.director.email]
        assert SUBJECT_MOVED in message.body
        assert f"/admin/voting_ballots/edit/{ballot.pk}/" in message.body

    def test_the_directors_admin_page_for_the_ballot_shows_why_the_outcome_was_not_applied(self):
        self.handled(Handler(ValidationError(SUBJECT_MOVED)))
        ballot = self.voted_ballot()
        self.close(ballot)
        self.client.force_login(self.director)
        html = self.client.get(f"/admin/voting_ballots/edit/{ballot.pk}/").content.decode()
        assert "Outcome not applied" in html and SUBJECT_MOVED in html

    def test_after_close_now_the_ballots_admin_page_says_when_the_outcome_was_not_applied(self):
        self.handled(Handler(ValidationError(SUBJECT_MOVED)))
        ballot = self.voted_ballot()
        self.client.force_login(self.director)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/admin/voting/ballots/{ballot.pk}/close/")
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.CLOSED
        html = self.client.get(f"/admin/voting_ballots/edit/{ballot.pk}/").content.decode()
        assert "Outcome not applied" in html and SUBJECT_MOVED in html

    def test_an_unexpected_error_is_recorded_by_its_kind_only_and_logged(self):
        self.handled(Handler(RuntimeError("internal detail")))
        ballot = self.voted_ballot()
        self.close(ballot)
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.CLOSED
        assert ballot.outcome_status == OutcomeStatus.NOT_APPLIED
        assert "could not be applied: RuntimeError" in ballot.outcome_note
        assert "internal detail" not in ballot.outcome_note
        [record] = [r for r in self.caplog.records if r.levelno == logging.ERROR]
        assert record.exc_info and "Yes" not in record.getMessage()

    def test_the_outcome_is_applied_once_however_often_the_ballot_is_closed(self):
        handler = self.handled(Handler())
        ballot = self.voted_ballot()
        self.close(ballot)
        self.close(ballot)
        ballot.refresh_from_db()
        assert handler.calls == [(ballot.pk, True)]
        assert ballot.outcome_status == OutcomeStatus.APPLIED
        assert ballot.outcome_note == "Done."

    def closed_by_a_crash(self):
        """A ballot closed by a server that died before it applied the outcome."""
        ballot = self.voted_ballot()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(services, "apply_outcome", crash)
            with pytest.raises(SystemError):
                services.close_ballot(ballot)
        return ballot

    def test_an_outcome_left_pending_by_a_crash_is_applied_once_on_the_next_close(self):
        handler = self.handled(Handler())
        ballot = self.closed_by_a_crash()
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.CLOSED
        assert ballot.outcome_status == OutcomeStatus.PENDING and handler.calls == []
        services.close_ballot(ballot)
        services.close_ballot(ballot)
        ballot.refresh_from_db()
        assert ballot.outcome_status == OutcomeStatus.APPLIED
        assert len(handler.calls) == 1

    def test_housekeeping_retries_a_pending_outcome_once(self):
        handler = self.handled(Handler())
        self.closed_by_a_crash()
        with self.captureOnCommitCallbacks(execute=True):
            first = housekeeping.run()
            second = housekeeping.run()
        assert first["outcomes_retried"] == 1 and second["outcomes_retried"] == 0
        assert len(handler.calls) == 1 and first["failed"] == []

    def test_a_ballot_without_a_subject_records_no_subject(self):
        ballot = open_ballot()
        self.close(ballot)
        ballot.refresh_from_db()
        assert ballot.outcome_status == OutcomeStatus.NO_SUBJECT
        assert ballot.outcome_note == services.NO_SUBJECT

    def test_a_subject_no_app_handles_records_no_subject_and_changes_nothing(self):
        ballot = open_ballot(subject=self.voters[0])
        self.close(ballot)
        ballot.refresh_from_db()
        assert ballot.outcome_status == OutcomeStatus.NO_SUBJECT
        assert ballot.outcome_note == services.NO_HANDLER.format(subject="member")

    def test_closing_twice_counts_and_carries_out_the_outcome_once(self):
        handler = self.handled(Handler())
        ballot = self.voted_ballot()
        first, second = self.close(ballot), self.close(ballot)
        assert first == second and first.passed and len(handler.calls) == 1
        closes = ModelLogEntry.objects.filter(action="voting.ballot.close", object_id=ballot.pk)
        assert closes.count() == 1


class UnknownAdminActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.director = _member_user("director", ["Members", "Directors"])

    def test_an_unknown_ballot_action_is_not_found(self):
        ballot = make_ballot()
        self.client.force_login(self.director)
        assert self.client.get(f"/admin/voting/ballots/{ballot.pk}/bogus/").status_code == 404
        assert self.client.post(f"/admin/voting/ballots/{ballot.pk}/bogus/").status_code == 404
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.DRAFT
