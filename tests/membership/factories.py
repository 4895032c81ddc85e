"""Factories for members and their category grants."""

import datetime

import factory
from django.utils import timezone

from membership.models import CategoryCode, CategoryGrant, Member, MembershipCategory
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
    source = CategoryGrant.SOURCE_STAFF


def category(code):
    return MembershipCategory.objects.get(code=code)


def voting_member(code=CategoryCode.SUPPORTING, **member_fields):
    """A member holding one voting-eligible category today."""
    grant = CategoryGrantFactory(category=category(code), member=MemberFactory(**member_fields))
    return grant.member
