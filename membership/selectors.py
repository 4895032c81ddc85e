"""Reads about membership that other apps rely on; each is one query whatever the data size."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from membership.models import CategoryGrant, Member, MembershipCategory


def _day(on):
    return on or timezone.localdate()


def categories_held(member, on=None):
    """The categories a member holds on a day (default today), as a queryset."""
    held = CategoryGrant.objects.active_on(_day(on)).filter(member=member, category=OuterRef("pk"))
    return MembershipCategory.objects.filter(Exists(held))


def is_voting_eligible(member, on=None):
    """Whether a member holds any voting-eligible category on a day (default today)."""
    return CategoryGrant.objects.active_on(_day(on)).voting().filter(member=member).exists()


def voting_eligible_members(on=None):
    """Members holding at least one voting-eligible category on a day (default today)."""
    eligible = CategoryGrant.objects.active_on(_day(on)).voting().filter(member=OuterRef("pk"))
    return Member.objects.filter(Exists(eligible))
