"""Every change to a member's record: joining and granting or ending categories."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from membership.models import CategoryCode, CategoryGrant, Member, MembershipCategory

MEMBERS_GROUP = "Members"


@transaction.atomic
def join(*, user, name, country, code_of_conduct_version):
    """Make a user a Basic Member: the Code of Conduct agreement is the only duty."""
    member = Member(
        user=user,
        name=name,
        country=country,
        code_of_conduct_version=code_of_conduct_version,
        code_of_conduct_agreed_at=timezone.now(),
    )
    member.full_clean()
    member.save()
    grant_category(
        member=member, code=CategoryCode.BASIC, starts=timezone.localdate(),
        source=CategoryGrant.SOURCE_SIGNUP,
    )
    user.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    return member


@transaction.atomic
def grant_category(*, member, code, starts, ends=None, source, note=""):
    """Record that a member holds a category from `starts` to `ends` (None: for life)."""
    grant = CategoryGrant(
        member=member,
        category=MembershipCategory.objects.get(code=code),
        starts=starts,
        ends=ends,
        source=source,
        note=note,
    )
    grant.full_clean()
    grant.save()
    return grant


@transaction.atomic
def end_grant(*, grant, on):
    """End a grant on a day (its last day held); the row stays as history."""
    if grant.ends is not None and grant.ends <= on:
        return grant
    grant.ends = on
    grant.full_clean()
    grant.save(update_fields=["ends"])
    return grant
