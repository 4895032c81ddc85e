"""Reads about membership that other apps rely on; each is one query whatever the data size."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, Max, OuterRef, Prefetch, Subquery
from django.utils import timezone

from membership.models import (
    CategoryCode,
    CategoryGrant,
    Member,
    MembershipCategory,
    SponsorDelegate,
    SponsorOrganisation,
    WorkingGroup,
    WorkingGroupMembership,
)
from membership.services import DIRECTORS_GROUP


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
    """Sponsor organisations, in term on a day, for which a member is a delegate that day."""
    delegations = SponsorDelegate.objects.in_term(_day(on)).filter(
        member=member, organisation=OuterRef("pk")
    )
    return SponsorOrganisation.objects.filter(Exists(delegations))


def fellows(on=None):
    """The Fellows roll: members holding the Fellowship on a day, with the day it began."""
    held = CategoryGrant.objects.active_on(_day(on)).of(CategoryCode.FELLOW)
    since = held.filter(member=OuterRef("pk")).order_by("starts").values("starts")[:1]
    return (
        Member.objects.filter(Exists(held.filter(member=OuterRef("pk"))))
        .annotate(fellow_since=Subquery(since))
        .order_by("name")
    )


def sponsors_in_term(on=None):
    """Sponsor Members in their term on a day, highest level first, with the last day paid for."""
    return (
        SponsorOrganisation.objects.in_term(_day(on))
        .annotate(paid_until=Max("terms__ends_on"))
        .select_related("level")
        .order_by("-level__yearly_fee", "name")
    )


def sponsor_history(organisation):
    """An organisation's terms, latest first, and its delegations, latest first."""
    return SponsorHistory(
        terms=list(organisation.terms.select_related("level", "recorded_by")),
        delegations=list(
            organisation.delegates.select_related("member").order_by("-starts", "-pk")
        ),
    )


@dataclass(frozen=True)
class SponsorHistory:
    """What the admin shows on a Sponsor Member's page."""

    terms: list
    delegations: list


def working_groups_with_members(queryset=None):
    """Working groups with their current members (two queries whatever the numbers)."""
    current = WorkingGroupMembership.objects.current().select_related("member").order_by(
        "member__name"
    )
    queryset = WorkingGroup.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_memberships")
    )


def current_working_groups(member):
    """The working groups a member belongs to now."""
    return WorkingGroup.objects.filter(
        Exists(WorkingGroupMembership.objects.current().filter(
            member=member, working_group=OuterRef("pk")
        ))
    )


def declared_projects(member):
    """The projects of a member's latest Contributing declaration, in the order given."""
    latest = member.certifications.filter(category__code=CategoryCode.CONTRIBUTING).order_by(
        "-certified_on", "-pk"
    ).first()
    return list(latest.projects.order_by("pk")) if latest else []


@dataclass(frozen=True)
class HeldCategory:
    """A category a member holds on a day, its last day (None: for life) and what granted it."""

    category: MembershipCategory
    ends: datetime.date | None
    sources: frozenset

    @property
    def code(self):
        return self.category.code


def membership_overview(member, on=None):
    """Every category a member holds on a day with its end date (None: for life), one query."""
    grants = (
        CategoryGrant.objects.active_on(_day(on)).filter(member=member).select_related("category")
    )
    by_category = {}
    for grant in grants:
        by_category.setdefault(grant.category, []).append(grant)
    overview = []
    for category, held in by_category.items():
        ends = [grant.ends for grant in held]
        overview.append(HeldCategory(
            category=category,
            ends=None if None in ends else max(ends),
            sources=frozenset(grant.source for grant in held),
        ))
    return sorted(overview, key=lambda row: (row.category.sort_order, row.category.name))


def director_addresses(groups=(DIRECTORS_GROUP,)):
    """The e-mail addresses of the active members of `groups` (the Directors by default),
    for what the Board must be told."""
    users = get_user_model().objects.filter(groups__name__in=groups, is_active=True)
    return sorted({email for email in users.values_list("email", flat=True) if email})
