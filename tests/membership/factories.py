"""Factories for members and their category grants."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from membership.models import (
    CategoryCode,
    CategoryGrant,
    Member,
    MembershipCategory,
    SponsorLevel,
    SponsorOrganisation,
    SponsorTerm,
    WorkingGroup,
)
from tests.factories import UserFactory


class MemberFactory(factory.django.DjangoModelFactory):
    """A Basic Member (use `grants` or CategoryGrantFactory for more categories)."""

    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory, groups=["Members"])
    name = factory.LazyAttribute(lambda m: f"{m.user.first_name} {m.user.last_name}")
    country = "Kenya"
    code_of_conduct_version = "1.0"
    code_of_conduct_agreed_at = factory.LazyFunction(timezone.now)


class CategoryGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryGrant

    member = factory.SubFactory(MemberFactory)
    category = factory.LazyFunction(
        lambda: MembershipCategory.objects.get(code=CategoryCode.SUPPORTING)
    )
    starts = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends = factory.LazyAttribute(lambda g: g.starts + datetime.timedelta(days=364))
    source = CategoryGrant.Source.STAFF


def category(code):
    return MembershipCategory.objects.get(code=code)


def voting_member(code=CategoryCode.SUPPORTING, **member_fields):
    """A member holding one voting-eligible category today."""
    grant = CategoryGrantFactory(category=category(code), member=MemberFactory(**member_fields))
    return grant.member


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")
    purpose = "Keeps something running."
    status = WorkingGroup.Status.ACTIVE


class SponsorTermFactory(factory.django.DjangoModelFactory):
    """One year of an organisation's Sponsor Membership."""

    class Meta:
        model = SponsorTerm

    level = factory.SelfAttribute("organisation.level")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda term: term.starts_on + datetime.timedelta(days=364))


class SponsorOrganisationFactory(factory.django.DjangoModelFactory):
    """An admitted Sponsor Member in its term (use status=... for an application).

    `term_starts` and `term_ends` set its one term; an application has none.
    """

    class Meta:
        model = SponsorOrganisation
        skip_postgeneration_save = True

    class Params:
        term_starts = factory.Maybe(
            factory.SelfAttribute("admitted"),
            factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10)),
            None,
        )
        term_ends = factory.LazyAttribute(
            lambda o: o.term_starts and o.term_starts + datetime.timedelta(days=364)
        )
        admitted = factory.LazyAttribute(
            lambda o: o.status == SponsorOrganisation.Status.ADMITTED
        )

    name = factory.Sequence(lambda n: f"Sponsor {n} Inc")
    level = factory.LazyFunction(lambda: SponsorLevel.objects.get(name="Bronze"))
    status = SponsorOrganisation.Status.ADMITTED
    term = factory.Maybe(
        factory.SelfAttribute("term_starts"),
        factory.RelatedFactory(
            SponsorTermFactory, factory_related_name="organisation",
            starts_on=factory.SelfAttribute("..term_starts"),
            ends_on=factory.SelfAttribute("..term_ends"),
        ),
    )


def bulk_members(count, code=CategoryCode.SUPPORTING, prefix="bulk"):
    """Create `count` members each holding `code` today, in a handful of queries."""
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.org") for n in range(count)
    )
    if not users[0].pk:  # backends that do not return keys from bulk_create
        users = list(User.objects.filter(username__startswith=prefix).order_by("pk"))
    now = timezone.now()
    members = Member.objects.bulk_create(
        Member(user=user, name=f"Member {user.username}", country="Chile",
               code_of_conduct_version="1.0", code_of_conduct_agreed_at=now)
        for user in users
    )
    if not members[0].pk:
        members = list(Member.objects.filter(user__in=users).order_by("pk"))
    held = category(code)
    CategoryGrant.objects.bulk_create(
        CategoryGrant(member=member, category=held, starts=timezone.localdate(), ends=None,
                      source=CategoryGrant.Source.STAFF)
        for member in members
    )
    return members
