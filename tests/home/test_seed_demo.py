"""seed_demo makes one account per role, twice without duplicates, never in production."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from home.demo import DEMO_USERS, SEED_DEMO_REFUSAL
from membership.anniversaries import one_year_from
from membership.models import (
    BoardSeat,
    CategoryCode,
    CategoryGrant,
    Member,
    MembershipCategory,
    ProFormaCharter,
    SponsorOrganisation,
)
from membership.selectors import categories_held, managing_roll

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match=re.escape(SEED_DEMO_REFUSAL)):
        call_command("seed_demo")


def test_seed_demo_twice_creates_each_role_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    users = get_user_model().objects.filter(username__in=[u[0] for u in DEMO_USERS])
    assert users.count() == len(DEMO_USERS)
    director = users.get(username="director")
    assert set(director.groups.values_list("name", flat=True)) == {"Members", "Directors"}
    assert users.get(username="staff").is_superuser


def test_seed_demo_gives_each_demo_member_a_fitting_category(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    held = {
        member.user.username: set(categories_held(member).values_list("code", flat=True))
        for member in Member.objects.select_related("user")
    }
    assert "managing" in held["director"]
    assert "fellow" in held["fellow"]
    assert "supporting" in held["member"]
    assert "managing" in held["moderator"]
    assert "sponsor" in held["officer"]
    assert BoardSeat.objects.count() == 1
    assert SponsorOrganisation.objects.filter(status="admitted").count() == 1


def test_seed_demo_keeps_the_one_year_rule_for_yearly_categories(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    # A Board seat's Managing grant lasts the term of the seat instead.
    yearly = CategoryGrant.objects.filter(category__term=MembershipCategory.Term.ANNUAL).exclude(
        source=CategoryGrant.Source.BOARD_SEAT
    )
    assert yearly.filter(category__code=CategoryCode.CONTRIBUTING).exists()
    for grant in yearly:
        assert grant.ends is not None and grant.ends <= one_year_from(grant.starts), grant


def test_seed_demo_shows_the_managing_rolls_and_a_pro_forma_charter_to_review(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    this_year = timezone.localdate().year
    assert ProFormaCharter.objects.waiting().count() == 1
    assert ProFormaCharter.objects.approved().count() == 1
    names = {entry.name for entry in managing_roll(this_year)}
    assert {"Moe Moderator", "Dana Director", "Fern Fellow"} <= names
    last_year, = managing_roll(this_year - 1)
    assert last_year.name == "Moe Moderator" and last_year.working_groups
