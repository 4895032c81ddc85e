"""governance.housekeeping.run: review reminders once, retirement at sunset through lifecycle."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from wagtail.models import PageLogEntry

from governance import housekeeping, lifecycle
from governance.models import ReviewReminder, Stage, lifecycle_writes
from tests.governance.factories import make_policy

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 6, 1)


def test_directors_are_emailed_30_days_before_review_once(
    director, officer, django_capture_on_commit_callbacks
):
    policy = make_policy(title="Reviewed yearly", review_date=TODAY + datetime.timedelta(days=30))
    make_policy(title="Reviewed later", review_date=TODAY + datetime.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        first = housekeeping.run(on=TODAY)
        second = housekeeping.run(on=TODAY)
    assert first.reminded == [policy] and second.reminded == []
    assert [message.to for message in mail.outbox] == [["director@example.org"]]
    assert "Reviewed yearly" in mail.outbox[0].subject
    assert ReviewReminder.objects.get().review_date == policy.review_date


def test_a_new_review_date_gets_its_own_reminder(director, django_capture_on_commit_callbacks):
    policy = make_policy(review_date=TODAY + datetime.timedelta(days=10))
    housekeeping.run(on=TODAY)
    policy.review_date = TODAY + datetime.timedelta(days=20)
    with lifecycle_writes():
        policy.save_revision().publish()
    assert housekeeping.run(on=TODAY).reminded == [policy]
    assert ReviewReminder.objects.count() == 2


def test_policy_past_its_sunset_is_retired_through_lifecycle(director):
    policy = make_policy(title="Ends soon", sunset_date=TODAY)
    keeps = make_policy(title="Keeps going", sunset_date=TODAY + datetime.timedelta(days=1))
    report = housekeeping.run(on=TODAY)
    policy.refresh_from_db()
    keeps.refresh_from_db()
    assert report.retired == [policy]
    assert policy.stage == Stage.RETIRED and keeps.stage == Stage.ACTIVE
    entry = PageLogEntry.objects.get(page=policy, action="governance.retire")
    assert entry.user is None and "sunset date" in entry.data["reason"]
    assert housekeeping.run(on=TODAY).retired == []


def test_the_system_cannot_retire_a_policy_before_its_sunset():
    policy = make_policy(sunset_date=TODAY + datetime.timedelta(days=5))
    with pytest.raises(PermissionDenied, match=lifecycle.NOT_SUNSET):
        lifecycle.retire(policy, user=None, on=TODAY)
    assert policy.stage == Stage.ACTIVE
