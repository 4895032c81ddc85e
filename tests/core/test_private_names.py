"""Only core/internals.py reaches past a public Wagtail, Django or redis-py interface.

So that an upgrade breaks in one module, whose tests (test_internals.py) say which
assumption broke, product code elsewhere may not: read another object's private
member (`obj._name`, `super()._name`; `self._meta` and `Model._meta` are public),
use a private member Django, Wagtail or redis-py are known to have, even on
`self`, name one in a string (`getattr(request, "_wagtail_site")`), or assign to
an attribute of a class it imports from a library (a monkeypatch).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_PACKAGES = ("config", "core", "governance", "home", "membership", "voting")
INTERNALS = ROOT / "core" / "internals.py"
PUBLIC_UNDERSCORED = {"_meta"}
# Private members of Django, Wagtail and redis-py this project has leaned on.
KNOWN_PRIVATE = {
    "_result_cache", "_prefetched_objects_cache", "_wagtail_site", "_find_for_request",
    "_get_raw_host", "_get_connection_pool", "_get_connection_pool_index", "_client",
    "_class", "_cache", "_pools", "_check_values", "_get_or_create",
}


def _is_private(name):
    return name.startswith("_") and not name.startswith("__") and name not in PUBLIC_UNDERSCORED


def _own(node):
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def _library_names(tree):
    """Names a module binds by importing from outside the project."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            if node.module.split(".")[0] not in PRODUCT_PACKAGES:
                names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(
                (alias.asname or alias.name).split(".")[0]
                for alias in node.names if alias.name.split(".")[0] not in PRODUCT_PACKAGES
            )
    return names


def _assigned_attributes(node):
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [target for target in targets if isinstance(target, ast.Attribute)]


def _reaches_in(node):
    return _is_private(node.attr) and (node.attr in KNOWN_PRIVATE or not _own(node.value))


def _finding(node):
    if isinstance(node, ast.Attribute) and _reaches_in(node):
        return f"private member {node.attr}"
    if isinstance(node, ast.Constant) and node.value in KNOWN_PRIVATE:
        return f"private member {node.value} named in a string"
    return None


def private_uses(source):
    """(line, what) for each reach past a public interface in a module's source."""
    tree = ast.parse(source)
    library = _library_names(tree)
    found = []
    for node in ast.walk(tree):
        what = _finding(node)
        if what:
            found.append((node.lineno, what))
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            found.extend(
                (target.lineno, f"monkeypatch of {target.value.id}.{target.attr}")
                for target in _assigned_attributes(node)
                if isinstance(target.value, ast.Name) and target.value.id in library
            )
    return found


def product_modules():
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts and path != INTERNALS:
                yield path


def test_only_core_internals_reaches_past_public_interfaces():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in product_modules()
        for line, what in private_uses(path.read_text())
    ]
    assert found == [], "Move these into core/internals.py, with a test:\n" + "\n".join(found)


@pytest.mark.parametrize("source", [
    "site = Site._find_for_request(request)",
    "request._wagtail_site = site",
    "queryset._result_cache = []",
    "return super()._check_values(value)",
    "index = self._get_connection_pool_index(write)",
    "self._class = ResilientRedisCacheClient",
    "site = getattr(request, '_wagtail_site', None)",
    "from wagtail.admin.views.mixins import SpreadsheetExportMixin\n"
    "SpreadsheetExportMixin.write_csv_row = write_row",
])
def test_each_kind_of_reach_past_a_public_interface_is_found(source):
    assert private_uses(source)


@pytest.mark.parametrize("source", [
    "self._narrow('co_authors')",
    "table = Ballot._meta.db_table",
    "from governance.models import ProposalPage\nProposalPage.template = 'x.html'",
    "self.__dict__.setdefault('section', None)",
])
def test_the_project_s_own_private_helpers_and_public_names_pass(source):
    assert private_uses(source) == []
