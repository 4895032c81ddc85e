"""Demo accounts for a local run: one per role, each in its matching groups."""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from membership.models import Member, SponsorLevel, SponsorOrganisation, WorkingGroup
from membership.services import (
    admit_sponsor,
    apply_for_sponsorship,
    certify_managing,
    grant_fellowship,
    join,
    name_delegate,
    record_board_seat,
    record_contribution,
)

DEMO_PASSWORD = "governance-demo"
SEED_DEMO_REFUSAL = "seed_demo only runs with DEBUG on: it creates accounts with a known password."

# (username, full name, groups, is_superuser)
DEMO_USERS = [
    ("member", "Mia Member", ["Members"], False),
    ("moderator", "Moe Moderator", ["Members", "Moderators"], False),
    ("director", "Dana Director", ["Members", "Directors"], False),
    ("officer", "Olu Officer", ["Members", "Officers"], False),
    ("fellow", "Fern Fellow", ["Members"], False),
    ("staff", "Sam Staff", ["Members"], True),
]


def demo_email(username):
    return f"{username}@example.org"


def ensure_demo_users():
    """Create the demo users if missing and return them by username."""
    User = get_user_model()
    users = {}
    for username, full_name, group_names, is_superuser in DEMO_USERS:
        first_name, last_name = full_name.split(" ", 1)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": demo_email(username),
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": is_superuser,
                "is_superuser": is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=group_names))
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        _ensure_membership(user, full_name)
        users[username] = user
    _ensure_sponsor(users["officer"].member)
    return users


def _ensure_membership(user, full_name):
    """Each demo member holds a fitting category; created once, so a rerun changes nothing."""
    if Member.objects.filter(user=user).exists():
        return
    member = join(user=user, name=full_name, country="Netherlands", code_of_conduct_version="1.0")
    today = timezone.localdate()
    if user.username == "fellow":
        grant_fellowship(member=member, note="Demo Fellow")
    elif user.username == "member":
        record_contribution(
            member=member, amount=Decimal("100"), received_on=today - datetime.timedelta(days=20)
        )
    elif user.username == "director":
        record_board_seat(
            member=member, starts=today - datetime.timedelta(days=90),
            ends=today + datetime.timedelta(days=640),
        )
    elif user.username == "moderator":
        certify_managing(
            member=member, affirms_hours=True,
            working_groups=WorkingGroup.objects.filter(
                slug__in=["infrastructure-committee", "pycon-organisers"]
            ),
        )


def _ensure_sponsor(delegate):
    if SponsorOrganisation.objects.filter(name="Example Widgets Ltd").exists():
        return
    organisation = apply_for_sponsorship(
        name="Example Widgets Ltd", level=SponsorLevel.objects.order_by("yearly_fee").last(),
        website="https://example.com/", contact_email="sponsorship@example.com",
    )
    admit_sponsor(organisation=organisation, admitted=True)
    name_delegate(organisation=organisation, member=delegate)
