"""Fixtures shared by every app's tests: the set-up site and a user per role."""

import pytest
from django.core.management import call_command

from tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Run setup_site once per session, as every deployment does."""
    with django_db_blocker.unblock():
        call_command("setup_site", verbosity=0)


@pytest.fixture
def member(db):
    return UserFactory(username="member", groups=["Members"])


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator", groups=["Members", "Moderators"])


@pytest.fixture
def director(db):
    return UserFactory(username="director", groups=["Members", "Directors"])


@pytest.fixture
def officer(db):
    return UserFactory(username="officer", groups=["Members", "Officers"])


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


@pytest.fixture
def role_users(member, moderator, director, officer, staff):
    return {
        "member": member,
        "moderator": moderator,
        "director": director,
        "officer": officer,
        "staff": staff,
    }
