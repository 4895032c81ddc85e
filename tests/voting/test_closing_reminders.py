"""One reminder, 48 hours before a ballot closes, to each voter who has not voted (issue 21)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.models import OutgoingEmail
from membership.models import NotificationPreferences
from tests.voting.factories import answer, enrolled_voter, open_ballot, yes_no
from voting import closing_reminders, housekeeping
from voting.models import ClosingReminder
from voting.services import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot_and_voters():
    voters = [enrolled_voter() for _ in range(3)]
    ballot = open_ballot(yes_no(), title="Adopt the secret plan?")
    # The roll's invitations wait in the outbox: they are not what these tests read.
    OutgoingEmail.objects.update(sent_at=timezone.now())
    mail.outbox.clear()
    return ballot, voters


def hours_before_close(ballot, hours):
    return ballot.closes_at - datetime.timedelta(hours=hours)


def reminders():
    return [message for message in mail.outbox if "closes on" in message.subject]


@pytest.fixture(autouse=True)
def mail_sent_at_commit(monkeypatch, django_capture_on_commit_callbacks):
    """Each reminder run commits, as in the worker, so its e-mail is sent."""
    remind = closing_reminders.remind

    def committed(ballot):
        with django_capture_on_commit_callbacks(execute=True):
            return remind(ballot)

    monkeypatch.setattr(closing_reminders, "remind", committed)


def test_only_voters_who_have_not_voted_are_reminded_once(ballot_and_voters):
    ballot, (voted, waiting, other) = ballot_and_voters
    cast(ballot, user=voted.user, answers=answer(ballot, ["Yes"]))
    mail.outbox.clear()
    for _run in range(2):
        housekeeping.run(now=hours_before_close(ballot, 47))
    assert sorted(message.to[0] for message in reminders()) == sorted(
        [waiting.email, other.email]
    )
    assert ClosingReminder.objects.count() == 2


def test_no_reminder_before_the_last_48_hours(ballot_and_voters):
    ballot, _voters = ballot_and_voters
    housekeeping.run(now=hours_before_close(ballot, 49))
    assert reminders() == []


def test_the_reminder_tells_nothing_of_the_ballot_or_anyones_vote(ballot_and_voters):
    ballot, (voted, waiting, _other) = ballot_and_voters
    cast(ballot, user=voted.user, answers=answer(ballot, ["Yes"]))
    mail.outbox.clear()
    closing_reminders.remind(ballot)
    text = " ".join(f"{message.subject} {message.body}" for message in reminders())
    assert "secret plan" not in text
    assert voted.name not in text and voted.email not in text
    body = next(m.body for m in mail.outbox if m.to == [waiting.email])
    assert f"/vote/{ballot.pk}/" in body and "one reminder" in body


def test_a_voter_who_turned_reminders_off_gets_none(ballot_and_voters):
    ballot, (quiet, *others) = ballot_and_voters
    NotificationPreferences.objects.create(user=quiet.user, vote_reminder=False)
    closing_reminders.remind(ballot)
    assert sorted(message.to[0] for message in reminders()) == sorted(
        other.email for other in others)
