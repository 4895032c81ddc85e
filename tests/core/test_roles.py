"""One roles module: every group name and role lookup comes from core.roles."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from core import roles
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_PACKAGES = ["bench", "config", "core", "governance", "home", "membership", "voting"]
ROLES_MODULE = ROOT / "core" / "roles.py"


def product_modules():
    for package in PRODUCT_PACKAGES:
        for module in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in module.parts and module != ROLES_MODULE:
                yield module


def group_names_in(source):
    """(line, name) for each string constant in `source` that is exactly a group's name."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and node.value in roles.ROLE_GROUPS
    ]


def test_group_names_are_written_only_in_the_roles_module():
    written = [
        f"{module.relative_to(ROOT)}:{line} {name!r}"
        for module in product_modules()
        for line, name in group_names_in(module.read_text())
    ]
    assert written == []


def test_templates_name_no_group():
    names = "|".join(roles.ROLE_GROUPS)
    quoted = re.compile(rf"""["'](?:{names})["']""")
    written = [
        str(template.relative_to(ROOT))
        for template in sorted((ROOT / "templates").rglob("*.html"))
        if quoted.search(template.read_text())
    ]
    assert written == []


def test_a_group_name_in_code_is_found_and_one_in_prose_is_not():
    source = 'BOARD = ("Directors", "Officers")\n"""Directors decide."""\n'
    assert group_names_in(source) == [(1, "Directors"), (1, "Officers")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("groups", "superuser", "member", "board", "director"),
    [
        ([], False, False, False, False),
        ([roles.MODERATORS_GROUP], False, False, False, False),
        ([roles.MEMBERS_GROUP], False, True, False, False),
        ([roles.DIRECTORS_GROUP], False, True, True, True),
        ([roles.OFFICERS_GROUP], False, True, True, False),
        ([], True, True, True, True),
    ],
)
def test_each_role_lookup_follows_the_groups(groups, superuser, member, board, director):
    user = UserFactory(groups=groups, is_superuser=superuser)
    assert (roles.is_member(user), roles.is_board_officer(user), roles.is_director(user)) == (
        member, board, director,
    )


@pytest.mark.django_db
def test_a_deactivated_director_holds_no_role():
    user = UserFactory(groups=[roles.DIRECTORS_GROUP, roles.MEMBERS_GROUP], is_active=False)
    assert not any(check(user) for check in (roles.is_member, roles.is_board_officer,
                                              roles.is_director))


def test_a_visitor_holds_no_role():
    visitor = AnonymousUser()
    assert not any(check(visitor) for check in (roles.is_member, roles.is_board_officer,
                                                 roles.is_director))
    assert not roles.is_member(None)


@pytest.mark.django_db
def test_the_roles_held_are_read_in_one_query(django_assert_num_queries):
    user = UserFactory(groups=[roles.MODERATORS_GROUP, roles.MEMBERS_GROUP])
    UserFactory(groups=[roles.DIRECTORS_GROUP])
    with django_assert_num_queries(1):
        assert roles.roles_held(user) == {roles.MODERATORS_GROUP, roles.MEMBERS_GROUP}
    assert roles.roles_held(UserFactory(is_superuser=True)) == set(roles.ROLE_GROUPS)
    assert roles.roles_held(AnonymousUser()) == set()
    assert roles.roles_held(UserFactory(groups=[roles.OFFICERS_GROUP], is_active=False)) == set()
