"""Reads about membership that other apps rely on; each is one query whatever the data size."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from membership.models import (
    CategoryGrant,
    Member,
    MembershipCategory,
    SponsorDelegate,
    SponsorOrganisation,
)


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


def delegated_organisations(member, on=None):
    """Admitted Sponsor organisations, in term on a day, for which a member is a delegate."""
    day = _day(on)
    delegations = SponsorDelegate.objects.filter(
        Q(ends__isnull=True) | Q(ends__gte=day),
        member=member,
        organisation=OuterRef("pk"),
        starts__lte=day,
    )
    return SponsorOrganisation.objects.filter(
        Exists(delegations),
        status=SponsorOrganisation.STATUS_ADMITTED,
        term_starts__lte=day,
        term_ends__gte=day,
    )
