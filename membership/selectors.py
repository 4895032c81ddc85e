"""Reads about membership that other apps rely on; each is one query whatever the data size."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from core.roles import DIRECTORS_GROUP
from membership.models import (
    BoardSeat,
    CategoryCode,
    CategoryGrant,
    DeclaredProject,
    ManagingRecognition,
    Member,
    MembershipCategory,
    NotificationPreferences,
    ProFormaCharter,
    SponsorDelegate,
    SponsorOrganisation,
    WorkingGroup,
    WorkingGroupMembership,
    year_bounds,
)


def _day(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def categories_held(
    member: Member, *, on: datetime.date | None = None
) -> QuerySet[MembershipCategory]:
    """The categories a member holds on a day (default today), as a queryset."""
    held = CategoryGrant.objects.active_on(_day(on)).filter(member=member, category=OuterRef("pk"))
    return MembershipCategory.objects.filter(Exists(held))


def is_voting_eligible(member: Member, *, on: datetime.date | None = None) -> bool:
    """Whether a member holds any voting-eligible category on a day (default today)."""
    return CategoryGrant.objects.active_on(_day(on)).voting().filter(member=member).exists()


def voting_eligible_members(on: datetime.date | None = None) -> QuerySet[Member]:
    """Members holding at least one voting-eligible category on a day (default today)."""
    eligible = CategoryGrant.objects.active_on(_day(on)).voting().filter(member=OuterRef("pk"))
    return Member.objects.filter(Exists(eligible))


def delegated_organisations(
    member: Member, *, on: datetime.date | None = None
) -> QuerySet[SponsorOrganisation]:
    """Sponsor organisations, in term on a day, for which a member is a delegate that day."""
    delegations = SponsorDelegate.objects.in_term(_day(on)).filter(
        member=member, organisation=OuterRef("pk")
    )
    return SponsorOrganisation.objects.filter(Exists(delegations))


def fellows(on: datetime.date | None = None) -> QuerySet[Member]:
    """The Fellows roll: members holding the Fellowship on a day, with the day it began."""
    held = CategoryGrant.objects.active_on(_day(on)).of(CategoryCode.FELLOW)
    since = held.filter(member=OuterRef("pk")).order_by("starts").values("starts")[:1]
    return (
        Member.objects.filter(Exists(held.filter(member=OuterRef("pk"))))
        .annotate(fellow_since=Subquery(since))
        .order_by("name")
    )


def sponsors_in_term(on: datetime.date | None = None) -> QuerySet[SponsorOrganisation]:
    """Sponsor Members in their term on a day, highest level first, with the last day paid for."""
    return (
        SponsorOrganisation.objects.in_term(_day(on))
        .annotate(paid_until=Max("terms__ends_on"))
        .select_related("level")
        .order_by("-level__yearly_fee", "name")
    )


def sponsor_history(organisation: SponsorOrganisation) -> "SponsorHistory":
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


def working_groups_with_members(
    queryset: QuerySet[WorkingGroup] | None = None,
) -> QuerySet[WorkingGroup]:
    """Working groups with their current members (two queries whatever the numbers)."""
    current = WorkingGroupMembership.objects.current().select_related("member").order_by(
        "member__name"
    )
    queryset = WorkingGroup.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_memberships")
    )


def current_working_groups(member: Member) -> QuerySet[WorkingGroup]:
    """The working groups a member belongs to now."""
    return WorkingGroup.objects.filter(
        Exists(WorkingGroupMembership.objects.current().filter(
            member=member, working_group=OuterRef("pk")
        ))
    )


def declared_projects(member: Member) -> list[DeclaredProject]:
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
    def code(self) -> str:
        return self.category.code


def membership_overview(member: Member, *, on: datetime.date | None = None) -> list[HeldCategory]:
    """Every category a member holds on a day with its end date (None: for life), one query."""
    grants = (
        CategoryGrant.objects.active_on(_day(on)).filter(member=member).select_related("category")
    )
    by_category: dict[MembershipCategory, list[CategoryGrant]] = {}
    for grant in grants:
        by_category.setdefault(grant.category, []).append(grant)
    overview = []
    for category, held in by_category.items():
        ends = [grant.ends for grant in held if grant.ends is not None]
        overview.append(HeldCategory(
            category=category,
            ends=max(ends) if len(ends) == len(held) else None,
            sources=frozenset(grant.source for grant in held),
        ))
    return sorted(overview, key=lambda row: (row.category.sort_order, row.category.name))


def managing_years(member: Member, *, on: datetime.date | None = None) -> list[int]:
    """The years, up to this one, in which a member held Managing status on at least one day."""
    day = _day(on)
    return CategoryGrant.objects.of(CategoryCode.MANAGING).filter(member=member).years_held(day)


def recognised_years(member: Member) -> set[int]:
    """The years whose public roll of Managing Members the member agreed to be on."""
    return set(member.managing_recognitions.values_list("year", flat=True))


def first_managing_year() -> int | None:
    """The year of the earliest Managing status on record, or None: no roll goes further back."""
    managing = CategoryGrant.objects.of(CategoryCode.MANAGING).order_by("starts")
    first = managing.values_list("starts", flat=True).first()
    return first.year if first else None


def managing_roll_years() -> list[int]:
    """The years whose roll of Managing Members names at least one member, newest first."""
    listed = ManagingRecognition.objects.filter(member__user__is_active=True)
    return list(listed.order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class ManagingRollEntry:
    """One member on a year's roll of Managing Members, with what they coordinated that year."""

    name: str
    country: str
    on_the_board: bool
    working_groups: list
    organisations: list


def managing_roll(year: int) -> list[ManagingRollEntry]:
    """The members who held Managing status in a year and agreed to be named on its roll,
    each with their working groups and pro-forma charters that year (three queries)."""
    first, last = year_bounds(year)
    held = CategoryGrant.objects.of(CategoryCode.MANAGING).held_during(first, last)
    places = WorkingGroupMembership.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=first), joined_on__lte=last
    ).select_related("working_group").order_by("working_group__name")
    charters = ProFormaCharter.objects.approved().filter(
        decided_on__lte=last, ends__gte=first
    ).order_by("organisation")
    seats = BoardSeat.objects.filter(starts__lte=last, ends__gte=first)
    members = (
        Member.objects.filter(
            Exists(held.filter(member=OuterRef("pk"))),
            Exists(ManagingRecognition.objects.filter(year=year, member=OuterRef("pk"))),
            user__is_active=True,
        )
        .annotate(on_the_board=Exists(seats.filter(member=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("working_group_memberships", queryset=places, to_attr="places_that_year"),
            Prefetch("pro_forma_charters", queryset=charters, to_attr="charters_that_year"),
        )
        .order_by("name")
    )
    return [_roll_entry(member) for member in members]


def _roll_entry(member: Any) -> ManagingRollEntry:
    groups = {place.working_group.pk: place.working_group for place in member.places_that_year}
    return ManagingRollEntry(
        name=member.name,
        country=member.country,
        on_the_board=member.on_the_board,
        working_groups=list(groups.values()),
        organisations=sorted({charter.organisation for charter in member.charters_that_year}),
    )


def pro_forma_charters_of(member: Member) -> QuerySet[ProFormaCharter]:
    """A member's pro-forma charters, newest first, for their dashboard."""
    return member.pro_forma_charters.all()


def pro_forma_charters_waiting() -> QuerySet[ProFormaCharter]:
    """Pro-forma charters waiting for the Board's review, oldest first."""
    return ProFormaCharter.objects.waiting().select_related("member").order_by("submitted_on", "pk")


def pro_forma_charters_decided(limit: int = 20) -> QuerySet[ProFormaCharter]:
    """The Board's latest decisions on pro-forma charters, newest first."""
    decided = ProFormaCharter.objects.exclude(status=ProFormaCharter.Status.SUBMITTED)
    return decided.select_related("member", "decided_by").order_by("-decided_on", "-pk")[:limit]


def director_addresses(groups: Iterable[str] = (DIRECTORS_GROUP,)) -> list[str]:
    """The e-mail addresses of the active members of `groups` (the Directors by default),
    for what the Board must be told."""
    users = get_user_model().objects.filter(groups__name__in=groups, is_active=True)
    return sorted({email for email in users.values_list("email", flat=True) if email})


def dated_rows(queryset: QuerySet, *, fields: Sequence[str]) -> list[dict]:
    """Rows of `fields`, every value written as text, for a member's data download."""
    return [
        {field: (str(value) if value is not None else None) for field, value in row.items()}
        for row in queryset.values(*fields)
    ]


def personal_record(member: Member) -> dict:
    """What membership holds about one member, for them to download."""
    return {
        "member": {
            "name": member.name, "country": member.country, "joined": str(member.joined),
            "code_of_conduct_version": member.code_of_conduct_version,
            "code_of_conduct_agreed_at": str(member.code_of_conduct_agreed_at),
            "declines_supporter_gifts": member.declines_supporter_gifts,
        },
        "category_grants": dated_rows(
            member.grants.order_by("starts"), fields=(
                "category__name", "starts", "ends", "source"
            )),
        "contributions": dated_rows(
            member.contributions.order_by("received_on"),
            fields=("amount", "received_on", "reference")),
        "certifications": dated_rows(
            member.certifications.order_by("certified_on"),
            fields=("category__name", "certified_on")),
        "working_groups": dated_rows(
            member.working_group_memberships.order_by("joined_on"),
            fields=("working_group__name", "joined_on", "left_on")),
        "board_seats": dated_rows(member.board_seats.order_by("starts"), fields=("starts", "ends")),
        "managing_rolls": sorted(member.managing_recognitions.values_list("year", flat=True)),
        "pro_forma_charters": dated_rows(
            member.pro_forma_charters.order_by("submitted_on"),
            fields=("organisation", "role", "link", "status", "submitted_on", "decided_on", "ends"),
        ),
    }


def preferences_of(user: User) -> NotificationPreferences:
    """An account's notification preferences: its row, or the defaults (not saved)."""
    return preferences_for([user.pk])[user.pk]


def preferences_for(user_ids: Iterable[int]) -> dict[int, NotificationPreferences]:
    """{user id: preferences} for each of `user_ids`, the defaults where none are saved;
    one query."""
    user_ids = list(user_ids)
    saved = {prefs.user_id: prefs
             for prefs in NotificationPreferences.objects.filter(user_id__in=user_ids)}
    return {pk: saved.get(pk) or NotificationPreferences(user_id=pk) for pk in user_ids}


def preferences_record(prefs: NotificationPreferences) -> dict:
    """The preferences as the data download writes them."""
    return {name: getattr(prefs, name) for name in NotificationPreferences.CHOSEN}
