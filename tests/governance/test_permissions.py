"""The access table (docs/architecture.md section 3), walked for every role, section and action.

Expectations come from the table below, written from the strategic decision-making
document ("Access Control"), never from the implementation.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from governance.models import Stage
from tests.governance.factories import make_proposal, section

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "add", "edit", "publish", "move", "delete")
EVERYTHING = set(ACTIONS)
READ_ONLY = {"view"}

# The document: every section is readable by the public; discussion is writable by
# all members (their own proposals, published through moderation); the other four
# only by Directors and Officers, and pages reach them only through the lifecycle
# (docs/architecture.md section 3): nobody but a superuser moves a proposal, deletes a published
# one (it is archived instead) or publishes outside discussion (the lifecycle
# publishes the decided text). Moderators approve submissions through the workflow
# and publish nothing themselves. The Board opens any proposal in the editor, where
# the lifecycle's steps are, but outside discussion its text is locked.
BOARD_IN_DISCUSSION = {"view", "add", "edit", "publish"}
BOARD_ELSEWHERE = {"view", "edit"}
TABLE = {
    "anonymous": dict.fromkeys(Stage, READ_ONLY),
    "member": dict.fromkeys(Stage, READ_ONLY) | {Stage.DISCUSSION: {"view", "add", "edit"}},
    "moderator": dict.fromkeys(Stage, READ_ONLY) | {Stage.DISCUSSION: {"view", "add", "edit"}},
    "director": dict.fromkeys(Stage, BOARD_ELSEWHERE) | {Stage.DISCUSSION: BOARD_IN_DISCUSSION},
    "officer": dict.fromkeys(Stage, BOARD_ELSEWHERE) | {Stage.DISCUSSION: BOARD_IN_DISCUSSION},
}

CASES = [(role, stage) for role in TABLE for stage in Stage]


def actor_for(role, role_users):
    return AnonymousUser() if role == "anonymous" else role_users[role]


def allowed_by_permissions(user, page):
    """What `permissions_for_user` says for each action on the user's own proposal."""
    on_page = page.permissions_for_user(user)
    return {
        "view": page.live,
        "add": page.get_parent().permissions_for_user(user).can_add_subpage(),
        "edit": on_page.can_edit(),
        "publish": on_page.can_publish(),
        "move": on_page.can_move(),
        "delete": on_page.can_delete(),
    }


def add_url(section_page):
    return reverse(
        "wagtailadmin_pages:add", args=["governance", "proposalpage", section_page.pk]
    )


def allowed_by_admin(client, user, page):
    """What the public site and the Wagtail admin let the user open."""
    if user.is_authenticated:
        client.force_login(user)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return {
        "view": client.get(page.url).status_code == 200,
        "add": client.get(add_url(page.get_parent())).status_code == 200,
        "edit": edit.status_code == 200,
        "publish": edit.status_code == 200 and b'name="action-publish"' in edit.content,
        "move": client.get(reverse("wagtailadmin_pages:move", args=[page.pk])).status_code == 200,
        "delete": client.get(reverse("wagtailadmin_pages:delete", args=[page.pk])).status_code
        == 200,
    }


@pytest.mark.parametrize(("role", "stage"), CASES)
def test_access_table_holds_for_role_in_section(role, stage, role_users, client):
    user = actor_for(role, role_users)
    owner = None if role == "anonymous" else user
    page = make_proposal(stage, owner=owner, title=f"{role} in {stage}")
    expected = {action: action in TABLE[role][stage] for action in ACTIONS}
    assert allowed_by_permissions(user, page) == expected
    assert allowed_by_admin(client, user, page) == expected


def test_member_cannot_edit_another_members_proposal_for_discussion(member, author):
    page = make_proposal(Stage.DISCUSSION, owner=author)
    assert not page.permissions_for_user(member).can_edit()


def test_member_cannot_publish_in_discussion_without_moderation(member):
    assert not section(Stage.DISCUSSION).permissions_for_user(member).can_publish_subpage()


@pytest.mark.parametrize("view", ["move", "delete", "unpublish", "copy"])
def test_a_director_can_neither_move_nor_take_down_a_section(client, director, view):
    """The menu, the register and every proposal's address depend on the sections staying."""
    active = section(Stage.ACTIVE)
    client.force_login(director)
    response = client.get(reverse(f"wagtailadmin_pages:{view}", args=[active.pk]))
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.live and active.get_parent().slug == "governance"
