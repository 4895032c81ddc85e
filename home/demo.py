"""Demo accounts for a local run: one per role, each in its matching groups."""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.roles import DIRECTORS_GROUP, MEMBERS_GROUP, MODERATORS_GROUP, OFFICERS_GROUP
from membership.models import Member, SponsorLevel, SponsorOrganisation, WorkingGroup
from membership.selectors import managing_years
from membership.services import (
    admit_sponsor,
    apply_for_sponsorship,
    certify_managing,
    decide_pro_forma_charter,
    grant_fellowship,
    join,
    name_delegate,
    record_board_seat,
    record_contribution,
    set_managing_recognition,
    submit_pro_forma_charter,
)

DEMO_PASSWORD = "governance-demo"
SEED_DEMO_REFUSAL = "seed_demo only runs with DEBUG on: it creates accounts with a known password."

# (username, full name, groups, is_superuser)
DEMO_USERS = [
    ("member", "Mia Member", [MEMBERS_GROUP], False),
    ("moderator", "Moe Moderator", [MEMBERS_GROUP, MODERATORS_GROUP], False),
    ("director", "Dana Director", [MEMBERS_GROUP, DIRECTORS_GROUP], False),
    ("officer", "Olu Officer", [MEMBERS_GROUP, OFFICERS_GROUP], False),
    ("fellow", "Fern Fellow", [MEMBERS_GROUP], False),
    ("staff", "Sam Staff", [MEMBERS_GROUP], True),
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
    _ensure_pro_forma_charters(users)
    _ensure_managing_recognition(users)
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
        groups = WorkingGroup.objects.filter(
            slug__in=["infrastructure-committee", "pycon-organisers"]
        )
        # Managing last year too, so the dashboard and the rolls show two years.
        for on in [datetime.date(today.year - 1, 3, 1), today]:
            certify_managing(member=member, affirms_hours=True, working_groups=groups, on=on)


def _ensure_sponsor(delegate):
    if SponsorOrganisation.objects.filter(name="Example Widgets Ltd").exists():
        return
    organisation = apply_for_sponsorship(
        name="Example Widgets Ltd", level=SponsorLevel.objects.order_by("yearly_fee").last(),
        website="https://example.com/", contact_email="sponsorship@example.com",
    )
    admit_sponsor(organisation=organisation, admitted=True)
    name_delegate(organisation=organisation, member=delegate)


DEMO_PRO_FORMA_CHARTERS = [
    # (username, organisation, role, link, approved)
    ("fellow", "Plone Foundation", "Board member", "https://plone.org/foundation", True),
    ("member", "NumFOCUS", "Conference organiser", "https://numfocus.org/community", False),
]


def _ensure_pro_forma_charters(users):
    """One approved pro-forma charter (a Managing Member through it) and one for the Board to
    review at /admin/membership/pro-forma-charters/."""
    for username, organisation, role, link, approved in DEMO_PRO_FORMA_CHARTERS:
        member = users[username].member
        if member.pro_forma_charters.filter(organisation=organisation).exists():
            continue
        charter = submit_pro_forma_charter(
            member=member, organisation=organisation, role=role, link=link, affirms_hours=True
        )
        if approved:
            decide_pro_forma_charter(
                charter=charter, reviewer=users["director"], approved=True,
                reason="Demo: the Board's minutes recognise this work.",
            )


def _ensure_managing_recognition(users):
    """The Managing demo members are on the rolls of the years they held it, so
    /membership/managing-members/ has something to show."""
    for username in ["moderator", "director", "fellow"]:
        member = users[username].member
        for year in managing_years(member):
            set_managing_recognition(member=member, year=year, listed=True)
