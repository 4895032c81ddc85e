"""The foundation's role groups and who is in them: every group name and role lookup.

The groups come from the strategic decision-making document's access table
(docs/architecture.md section 3). `setup_site` creates them; membership keeps
Members and Directors in step with each member's record. Which lifecycle step a
role allows is `governance.roles`; this module only answers who holds a role.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

MEMBERS_GROUP = "Members"
MODERATORS_GROUP = "Moderators"
DIRECTORS_GROUP = "Directors"
OFFICERS_GROUP = "Officers"

# The Board acts through its Directors and its Officers alike.
BOARD_GROUPS = (DIRECTORS_GROUP, OFFICERS_GROUP)
ROLE_GROUPS = (MEMBERS_GROUP, MODERATORS_GROUP, *BOARD_GROUPS)


def is_signed_in(user: AbstractUser | AnonymousUser | None) -> TypeGuard[AbstractUser]:
    """True for an active, authenticated user."""
    return bool(user and user.is_authenticated and user.is_active)


def in_groups(user: AbstractUser | AnonymousUser | None, names: Iterable[str]) -> bool:
    """True for a superuser or an active user in any of the groups `names`."""
    if not is_signed_in(user):
        return False
    return user.is_superuser or user.groups.filter(name__in=names).exists()


def roles_held(user: AbstractUser | AnonymousUser | None) -> set[str]:
    """The role groups `user` is in, read in one query; every one for a superuser."""
    if not is_signed_in(user):
        return set()
    if user.is_superuser:
        return set(ROLE_GROUPS)
    return set(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))


def is_board_officer(user: AbstractUser | AnonymousUser | None) -> bool:
    """True for a Director, an Officer or a superuser."""
    return in_groups(user, BOARD_GROUPS)


def is_director(user: AbstractUser | AnonymousUser | None) -> bool:
    """True for a Director or a superuser."""
    return in_groups(user, (DIRECTORS_GROUP,))


def is_moderator(user: AbstractUser | AnonymousUser | None) -> bool:
    """True for a moderator or a superuser."""
    return in_groups(user, (MODERATORS_GROUP,))


def is_member(user: AbstractUser | AnonymousUser | None) -> bool:
    """True for an active user in the Members group, a Director, an Officer or a superuser."""
    return in_groups(user, (MEMBERS_GROUP, *BOARD_GROUPS))
