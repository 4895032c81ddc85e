"""Membership's share of the daily housekeeping; safe to run any number of times a day."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone

from home.mail import queue_mail
from membership.models import (
    BoardSeat,
    CategoryCode,
    CategoryGrant,
    Member,
    SponsorDelegate,
    SponsorOrganisation,
    WorkingGroup,
    WorkingGroupMembership,
)
from membership.services import (
    DIRECTORS_GROUP,
    MEMBERS_GROUP,
    end_certified_grants,
    end_delegation,
)

REMINDER_DAYS = 30
RENEWABLE = [CategoryCode.SUPPORTING, CategoryCode.MANAGING, CategoryCode.CONTRIBUTING]


def run(*, today=None):
    """Do every membership chore for a day and return what changed, by name."""
    today = today or timezone.localdate()
    return {
        "working-group places closed": close_dissolved_group_memberships(today),
        "sponsor delegations ended": end_lapsed_delegations(today),
        "reminders sent": send_renewal_reminders(today),
        "group changes": sync_groups(today),
    }


@transaction.atomic
def close_dissolved_group_memberships(today):
    """Members of a dissolved group leave it; with no group left, Managing status ends."""
    closed = 0
    memberships = WorkingGroupMembership.objects.current().filter(
        working_group__status=WorkingGroup.STATUS_DISSOLVED
    ).select_related("working_group", "member")
    for membership in memberships:
        left_on = min(membership.working_group.dissolved_on or today, today)
        membership.left_on = max(left_on, membership.joined_on)
        membership.save(update_fields=["left_on"])
        if not membership.member.working_group_memberships.current().exists():
            end_certified_grants(
                member=membership.member, code=CategoryCode.MANAGING, on=membership.left_on
            )
        closed += 1
    return closed


@transaction.atomic
def end_lapsed_delegations(today):
    """Delegations end when their organisation's term ends or its admission is withdrawn."""
    lapsed = SponsorDelegate.objects.filter(Q(ends__isnull=True) | Q(ends__gte=today)).exclude(
        organisation__status=SponsorOrganisation.STATUS_ADMITTED, organisation__term_ends__gte=today
    ).select_related("organisation", "grant")
    ended = 0
    for delegation in lapsed:
        last_day = delegation.organisation.term_ends or today - datetime.timedelta(days=1)
        end_delegation(delegation=delegation, on=min(last_day, today))
        ended += 1
    return ended


def grants_due_for_reminder(today):
    """Renewable grants ending within the reminder window, not renewed, not yet reminded."""
    later = CategoryGrant.objects.filter(
        Q(ends__isnull=True) | Q(ends__gt=OuterRef("ends")),
        member=OuterRef("member"), category=OuterRef("category"), starts__lte=OuterRef("ends"),
    )
    return (
        CategoryGrant.objects.filter(
            category__code__in=RENEWABLE,
            ends__gte=today,
            ends__lte=today + datetime.timedelta(days=REMINDER_DAYS),
            reminder_sent_at__isnull=True,
        )
        .exclude(source=CategoryGrant.SOURCE_BOARD_SEAT)
        .exclude(Exists(later))
        .select_related("member__user", "category")
    )


def send_renewal_reminders(today):
    """Send one e-mail per grant about to end; the grant remembers that it was sent."""
    sent = 0
    for grant in grants_due_for_reminder(today):
        with transaction.atomic():
            locked = CategoryGrant.objects.select_for_update().get(pk=grant.pk)
            if locked.reminder_sent_at is not None:
                continue
            context = {"grant": grant, "base_url": settings.WAGTAILADMIN_BASE_URL}
            queue_mail([(
                f"Your {grant.category.name} status ends on {grant.ends:%d %B %Y}",
                render_to_string("membership/email/renewal_reminder.txt", context),
                None,
                [grant.member.user.email],
            )])
            locked.reminder_sent_at = timezone.now()
            locked.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent


@transaction.atomic
def sync_groups(today):
    """Members are in Members while they hold a category; Directors while they hold a seat."""
    User = get_user_model()
    seated = BoardSeat.objects.filter(starts__lte=today, ends__gte=today)
    holding = CategoryGrant.objects.active_on(today)
    wanted = {
        MEMBERS_GROUP: User.objects.filter(
            Exists(holding.filter(member__user=OuterRef("pk")))
        ),
        DIRECTORS_GROUP: User.objects.filter(Exists(seated.filter(member__user=OuterRef("pk")))),
    }
    changes = 0
    for name, should_be_in in wanted.items():
        group = Group.objects.get(name=name)
        members_only = Member.objects.values("user")
        # Only people with a member record are managed here: staff accounts are left alone.
        leaving = group.user_set.filter(pk__in=members_only).exclude(pk__in=should_be_in)
        joining = should_be_in.exclude(groups=group)
        changes += leaving.count() + joining.count()
        group.user_set.remove(*leaving)
        group.user_set.add(*joining)
    return changes
