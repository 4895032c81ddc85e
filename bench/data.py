"""Build the benchmark's realistic data set with bulk inserts, in bounded batches."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from membership.models import CategoryCode, CategoryGrant, Member, MembershipCategory

BATCH = 5_000
RANDOM = random.Random(2013)


def _batches(total):
    for start in range(0, total, BATCH):
        yield range(start, min(start + BATCH, total))


def build_members(total):
    """`total` members: all Basic, about half also in a voting category, some lapsed."""
    User = get_user_model()
    categories = {c.code: c for c in MembershipCategory.objects.all()}
    voting_codes = [CategoryCode.SUPPORTING, CategoryCode.MANAGING, CategoryCode.CONTRIBUTING]
    today = timezone.localdate()
    now = timezone.now()
    for batch in _batches(total):
        users = User.objects.bulk_create(
            User(username=f"bench{i}", email=f"bench{i}@example.org", password="!") for i in batch
        )
        members = Member.objects.bulk_create(
            Member(
                user=user, name=f"Bench Member {user.username[5:]}", country="Chile",
                code_of_conduct_version="1.0", code_of_conduct_agreed_at=now,
            )
            for user in users
        )
        grants = []
        for member in members:
            grants.append(_grant(member, categories[CategoryCode.BASIC], today, None))
            if RANDOM.random() < 0.5:
                starts = today - datetime.timedelta(days=RANDOM.randint(0, 700))
                grants.append(
                    _grant(
                        member, categories[RANDOM.choice(voting_codes)], starts,
                        starts + datetime.timedelta(days=364),
                    )
                )
        CategoryGrant.objects.bulk_create(grants)


def _grant(member, category, starts, ends):
    return CategoryGrant(
        member=member, category=category, starts=starts, ends=ends,
        source=CategoryGrant.SOURCE_STAFF,
    )
