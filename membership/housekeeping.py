"""Membership's share of the daily housekeeping; safe to run any number of times a day."""

import datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.addresses import absolute_url
from core.chores import attempt, chore_clock
from core.mail import queue_mail
from core.page_cache import purge_area
from core.roles import DIRECTORS_GROUP, MEMBERS_GROUP
from membership.models import (
    BoardSeat,
    CategoryCode,
    CategoryGrant,
    Member,
    ProFormaCharter,
    SponsorDelegate,
    WorkingGroup,
    WorkingGroupMembership,
    not_ended_by,
)
from membership.services import (
    end_delegation,
    end_grant,
    leave_dissolved_group,
)

REMINDER_DAYS = 30
CHORE = "membership"
RENEWABLE = [CategoryCode.SUPPORTING, CategoryCode.MANAGING, CategoryCode.CONTRIBUTING]


def run(*, on=None, now=None):
    """Do every membership chore for a day and return what changed, by name.

    Each item is done on its own; those that failed are in `failed`. Membership's
    chores go by the day alone.
    """
    on = chore_clock(on, now)[0]
    failed = []
    done = {
        "working-group places closed": _each(
            failed, "working-group places", dissolved_group_memberships,
            partial(close_group_membership, on=on),
        ),
        "managing ended with a pro-forma charter": _each(
            failed, "pro-forma charters", partial(members_whose_pro_forma_charter_lapsed, on),
            end_managing_after_pro_forma_charter,
        ),
        "sponsor delegations ended": _each(
            failed, "sponsor delegations", partial(lapsed_delegations, on),
            partial(end_lapsed_delegation, on=on),
        ),
        "reminders sent": _each(
            failed, "renewal reminders", partial(grants_due_for_reminder, on),
            send_renewal_reminder,
        ),
        "group changes": attempt(failed, CHORE, "groups", partial(sync_groups, on)) or 0,
    }
    return {**done, "failed": failed}


def chore(*, on, now):
    """`run`, then the public rolls refreshed: grants end by date as well as by a write."""
    done = run(on=on, now=now)
    attempt(done["failed"], CHORE, "page cache", partial(purge_area, "/membership/"))
    return done


def _each(failed, name, find, act):
    """Run `act(item)` on each item `find()` returns, each on its own; how many did something."""
    items = attempt(failed, CHORE, name, lambda: list(find())) or []
    return sum(bool(attempt(failed, CHORE, item, partial(act, item))) for item in items)


def dissolved_group_memberships():
    """Current places in working groups that have been dissolved."""
    return WorkingGroupMembership.objects.current().filter(
        working_group__status=WorkingGroup.Status.DISSOLVED
    ).select_related("working_group", "member")


def close_group_membership(membership, on):
    """A member leaves a dissolved group, logged like any leaving (membership services)."""
    leave_dissolved_group(membership, on=on)
    return True


def _certified_managing(on):
    return CategoryGrant.objects.active_on(on).of(CategoryCode.MANAGING).filter(
        source=CategoryGrant.Source.CERTIFICATION
    )


def members_whose_pro_forma_charter_lapsed(on):
    """Members still certified Managing after their approved pro-forma charter's year ended,
    with nothing else to qualify them: the charter lapses on its anniversary, as a working
    group that is not recertified is dissolved."""
    lapsed = ProFormaCharter.objects.approved().filter(ends__lt=on, member=OuterRef("pk"))
    return (
        Member.objects.filter(
            Exists(lapsed), Exists(_certified_managing(on).filter(member=OuterRef("pk")))
        )
        .exclude(pk__in=Member.objects.qualified_for_managing(on).values("pk"))
        .annotate(charter_ended=Max(
            "pro_forma_charters__ends",
            filter=Q(pro_forma_charters__status=ProFormaCharter.Status.APPROVED,
                     pro_forma_charters__ends__lt=on),
        ))
    )


@transaction.atomic
def end_managing_after_pro_forma_charter(member):
    """Managing status ends on the last day the member's pro-forma charter was in force."""
    grants = _certified_managing(member.charter_ended).filter(member=member)
    for grant in grants:
        end_grant(grant=grant, on=member.charter_ended)
    return bool(grants)


def lapsed_delegations(on):
    """Delegations not yet ended whose organisation is not in its term today."""
    return (
        SponsorDelegate.objects.filter(not_ended_by(on))
        .exclude(pk__in=SponsorDelegate.objects.in_term(on).values("pk"))
        .select_related("organisation", "grant")
    )


@transaction.atomic
def end_lapsed_delegation(delegation, on):
    """A delegation ends with its organisation's last term, or yesterday if it had none."""
    last_term = delegation.organisation.terms.filter(ends_on__lt=on).order_by("-ends_on").first()
    last_day = last_term.ends_on if last_term else on - datetime.timedelta(days=1)
    end_delegation(delegation=delegation, on=last_day)
    return True


def grants_due_for_reminder(on):
    """Renewable grants ending within the reminder window, not renewed, not yet reminded."""
    later = CategoryGrant.objects.filter(
        Q(ends__isnull=True) | Q(ends__gt=OuterRef("ends")),
        member=OuterRef("member"), category=OuterRef("category"), starts__lte=OuterRef("ends"),
    )
    return (
        CategoryGrant.objects.filter(
            category__code__in=RENEWABLE,
            ends__gte=on,
            ends__lte=on + datetime.timedelta(days=REMINDER_DAYS),
            reminder_sent_at__isnull=True,
        )
        .exclude(source=CategoryGrant.Source.BOARD_SEAT)
        .exclude(Exists(later))
        .select_related("member__user", "category")
    )


@transaction.atomic
def send_renewal_reminder(grant):
    """E-mail one reminder for a grant about to end; the grant remembers that it was sent."""
    locked = CategoryGrant.objects.select_for_update().get(pk=grant.pk)
    if locked.reminder_sent_at is not None:
        return False
    context = {
        "grant": grant, "codes": CategoryCode,
        "dashboard_url": absolute_url(reverse("membership:dashboard")),
    }
    queue_mail([(
        f"Your {grant.category.name} status ends on {grant.ends:%d %B %Y}",
        render_to_string("membership/email/renewal_reminder.txt", context),
        None,
        [grant.member.user.email],
    )])
    locked.reminder_sent_at = timezone.now()
    locked.save(update_fields=["reminder_sent_at"])
    return True


@transaction.atomic
def sync_groups(on):
    """Members are in Members while they hold a category; Directors while they hold a seat."""
    User = get_user_model()
    seated = BoardSeat.objects.filter(starts__lte=on, ends__gte=on)
    holding = CategoryGrant.objects.active_on(on)
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
