"""Eligibility reads: the right members, in one query whatever the data size."""

import datetime

import pytest
from django.utils import timezone

from membership.models import CategoryCode
from membership.selectors import categories_held, is_voting_eligible, voting_eligible_members
from tests.membership.factories import (
    CategoryGrantFactory,
    MemberFactory,
    bulk_members,
    category,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_basic_member_is_not_voting_eligible():
    member = MemberFactory()
    CategoryGrantFactory(member=member, category=category(CategoryCode.BASIC), ends=None)
    assert not is_voting_eligible(member)
    assert member not in voting_eligible_members()


def test_supporting_member_is_eligible_until_the_grant_ends():
    grant = CategoryGrantFactory(starts=TODAY - datetime.timedelta(days=10), ends=TODAY)
    assert is_voting_eligible(grant.member)
    assert not is_voting_eligible(grant.member, on=TODAY + datetime.timedelta(days=1))
    assert grant.member not in voting_eligible_members(on=TODAY + datetime.timedelta(days=1))


def test_lifetime_grant_never_ends():
    grant = CategoryGrantFactory(category=category(CategoryCode.FELLOW), ends=None)
    assert is_voting_eligible(grant.member, on=TODAY + datetime.timedelta(days=365 * 40))


def test_grant_starting_tomorrow_does_not_count_today():
    grant = CategoryGrantFactory(starts=TODAY + datetime.timedelta(days=1))
    assert not is_voting_eligible(grant.member)


def test_two_eligible_categories_give_one_member_once():
    member = MemberFactory()
    CategoryGrantFactory(member=member, category=category(CategoryCode.SUPPORTING))
    CategoryGrantFactory(member=member, category=category(CategoryCode.CONTRIBUTING))
    assert list(voting_eligible_members()) == [member]
    assert set(categories_held(member).values_list("code", flat=True)) == {
        "supporting", "contributing",
    }


@pytest.mark.parametrize("size", [10, 1000])
def test_eligibility_reads_are_one_query_at_any_size(size, django_assert_num_queries):
    members = bulk_members(size)
    with django_assert_num_queries(1):
        assert len(list(voting_eligible_members())) == size
    with django_assert_num_queries(1):
        is_voting_eligible(members[0])
    with django_assert_num_queries(1):
        list(categories_held(members[0]))
