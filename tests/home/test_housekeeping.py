"""housekeeping: idempotent, cron-safe chores (membership's share)."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from membership import services
from membership.models import CategoryCode, SponsorDelegate, WorkingGroup
from membership.selectors import categories_held
from tests.membership.factories import (
    CategoryGrantFactory,
    MemberFactory,
    SponsorOrganisationFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def housekeeping(today=TODAY):
    out = io.StringIO()
    call_command("housekeeping", f"--today={today}", stdout=out)
    return out.getvalue()


def test_one_reminder_goes_30_days_before_a_grant_ends_however_often_it_runs():
    grant = CategoryGrantFactory(ends=TODAY + 30 * DAY)
    CategoryGrantFactory(ends=TODAY + 32 * DAY)  # still outside the window tomorrow
    assert "membership: reminders sent: 1" in housekeeping()
    housekeeping()
    housekeeping(TODAY + DAY)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [grant.member.user.email]
    assert "Supporting Member" in mail.outbox[0].subject


def test_no_reminder_when_the_member_already_renewed():
    grant = CategoryGrantFactory(ends=TODAY + 10 * DAY)
    CategoryGrantFactory(member=grant.member, starts=TODAY, ends=TODAY + 375 * DAY)
    housekeeping()
    assert mail.outbox == []


def test_no_reminder_for_a_board_seat_or_a_lifetime_grant():
    services.record_board_seat(member=MemberFactory(), starts=TODAY - DAY, ends=TODAY + 5 * DAY)
    CategoryGrantFactory(ends=None)
    housekeeping()
    assert mail.outbox == []


def test_directors_group_follows_board_seats():
    member = MemberFactory()
    services.record_board_seat(member=member, starts=TODAY - 700 * DAY, ends=TODAY)
    housekeeping()
    assert member.user.groups.filter(name="Directors").exists()
    housekeeping(TODAY + DAY)
    assert not member.user.groups.filter(name="Directors").exists()


def test_staff_without_a_member_record_keep_their_groups(staff):
    staff.groups.add(Group.objects.get(name="Directors"))
    housekeeping()
    assert staff.groups.filter(name="Directors").exists()


def test_dissolving_a_group_ends_its_members_managing_status():
    member, group = MemberFactory(), WorkingGroupFactory()
    services.certify_managing(member=member, working_groups=[group], affirms_hours=True)
    group.status, group.dissolved_on = WorkingGroup.Status.DISSOLVED, TODAY
    group.save()
    assert "working-group places closed: 1" in housekeeping()
    assert not categories_held(member, on=TODAY + DAY).filter(code=CategoryCode.MANAGING).exists()
    assert "working-group places closed: 0" in housekeeping()


def test_delegations_end_with_the_sponsors_term():
    organisation, member = SponsorOrganisationFactory(), MemberFactory()
    services.name_delegate(organisation=organisation, member=member, on=TODAY - 5 * DAY)
    organisation.terms.update(ends_on=TODAY - DAY)
    housekeeping()
    assert SponsorDelegate.objects.get().ends == TODAY - DAY
    assert not categories_held(member).filter(code=CategoryCode.SPONSOR).exists()
    assert "sponsor delegations ended: 0" in housekeeping()


def test_housekeeping_does_nothing_while_another_server_holds_the_lock(monkeypatch):
    import contextlib

    from home import chores
    from home.management.commands import housekeeping

    @contextlib.contextmanager
    def held_elsewhere(name):
        yield False

    monkeypatch.setattr(housekeeping, "cluster_lock", held_elsewhere)
    monkeypatch.setitem(
        chores.CHORES, "membership",
        lambda **clock: pytest.fail("housekeeping ran while another server held the lock"),
    )
    output = io.StringIO()
    call_command("housekeeping", stdout=output)
    assert housekeeping.ALREADY_RUNNING in output.getvalue()


def failing_housekeeping(today=TODAY):
    """Run the command expecting it to fail: (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="failure"):
        call_command("housekeeping", f"--today={today}", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_failing_chore_stops_no_other_and_mail_is_still_sent(monkeypatch):
    from governance import housekeeping as governance_housekeeping

    def broken(on=None, now=None):
        raise RuntimeError("the section pages are missing")

    monkeypatch.setattr(governance_housekeeping, "run", broken)
    grant = CategoryGrantFactory(ends=TODAY + 30 * DAY)
    out, err = failing_housekeeping()
    assert "housekeeping: FAILED governance: run: RuntimeError: the section pages are missing" in (
        err
    )
    assert "membership: reminders sent: 1" in out and "voting: ballots_closed: 0" in out
    assert "mail: sent: 1" in out
    assert mail.outbox[0].to == [grant.member.user.email]


def test_a_failing_item_stops_no_other_item_of_its_chore(monkeypatch):
    from membership import housekeeping as membership_housekeeping

    first, second = (CategoryGrantFactory(ends=TODAY + days * DAY) for days in (10, 20))
    remind = membership_housekeeping.send_renewal_reminder

    def fails_for_the_first(grant):
        if grant.pk == first.pk:
            raise RuntimeError("no such template")
        return remind(grant)

    monkeypatch.setattr(membership_housekeeping, "send_renewal_reminder", fails_for_the_first)
    out, err = failing_housekeeping()
    assert f"housekeeping: FAILED membership: {first}: RuntimeError: no such template" in err
    assert "membership: reminders sent: 1" in out
    assert [message.to for message in mail.outbox] == [[second.member.user.email]]


def test_nothing_failing_exits_cleanly_and_prints_no_failure():
    out = io.StringIO()
    err = io.StringIO()
    call_command("housekeeping", f"--today={TODAY}", stdout=out, stderr=err)
    assert "FAILED" not in err.getvalue() + out.getvalue()
