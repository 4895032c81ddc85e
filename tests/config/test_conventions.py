"""One convention per concept (issue 19): states are named by their TextChoices, never spelt."""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

PRODUCT_APPS = ["core", "membership", "voting", "governance", "home"]
QUERY_CALLS = {"filter", "exclude", "get", "Q"}
LOOKUPS = {"in", "exact", "iexact", "ne"}


def choices_field_names():
    """The names of every model field of ours whose values come from a list of choices."""
    return {
        field.name
        for model in apps.get_models()
        if model._meta.app_label in PRODUCT_APPS
        for field in model._meta.get_fields()
        if getattr(field, "choices", None)
    }


def product_modules():
    base = Path(settings.BASE_DIR)
    for app in PRODUCT_APPS:
        for path in sorted((base / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _field_of(keyword):
    parts = [part for part in keyword.split("__") if part not in LOOKUPS]
    return parts[-1] if parts else ""


def _spelt_values(node):
    values = node.elts if isinstance(node, ast.List | ast.Tuple | ast.Set) else [node]
    return [
        value.value for value in values
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value
    ]


def _called_name(call):
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _outside_meta(tree):
    # A model's Meta cannot see the enum nested in its model (class bodies do not nest), so a
    # constraint's condition spells the value, as its migration does.
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Meta":
            node.body = []
    return ast.walk(tree)


def spelt_states(path, field_names):
    """`filter(status="open")` and the like in one module: (line, keyword, value)."""
    found = []
    for node in _outside_meta(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or _called_name(node) not in QUERY_CALLS:
            continue
        for keyword in node.keywords:
            if keyword.arg and _field_of(keyword.arg) in field_names:
                found += [(node.lineno, keyword.arg, v) for v in _spelt_values(keyword.value)]
    return found


def test_no_query_spells_out_a_state_of_a_choices_field():
    field_names = choices_field_names()
    assert {"status", "outcome", "kind", "source", "term"} <= field_names
    base = Path(settings.BASE_DIR)
    spelt = [
        f"{path.relative_to(base)}:{line} {keyword}={value!r}"
        for path in product_modules()
        for line, keyword, value in spelt_states(path, field_names)
    ]
    assert spelt == []


def test_the_check_finds_a_spelt_state(tmp_path):
    module = tmp_path / "spelt.py"
    module.write_text(
        'Ballot.objects.filter(status="open")\n'
        'grants.exclude(source__in=["staff", Source.SIGNUP])\n'
        "Q(status=Ballot.Status.OPEN)\n"
        "class Meta:\n    constraints = [Q(status='open')]\n"
    )
    assert spelt_states(module, {"status", "source"}) == [
        (1, "status", "open"), (2, "source__in", "staff"),
    ]


def spelt_template_states(text, field_names):
    """`{% if ballot.status == "open" %}` and the like in one template: the comparisons."""
    names = "|".join(sorted(field_names))
    return re.findall(rf"\.(?:{names})\s*(?:==|!=)\s*[\"'][^\"']+[\"']", text)


def test_no_template_compares_a_state_with_a_spelt_value():
    """Templates ask the model (`ballot.is_open`) or compare with an enum from the context."""
    field_names = choices_field_names()
    base = Path(settings.BASE_DIR) / "templates"
    spelt = [
        f"{path.relative_to(base)}: {comparison}"
        for path in sorted(base.rglob("*"))
        if path.suffix in {".html", ".txt"}
        for comparison in spelt_template_states(path.read_text(), field_names)
    ]
    assert spelt == []


def test_the_template_check_finds_a_spelt_state():
    text = '{% if ballot.status == "open" %}{% elif ballot.is_closed %}{% endif %}'
    assert spelt_template_states(text, {"status"}) == ['.status == "open"']


def parameters_named_today(path):
    """Functions in one module with a parameter `today`: (line, function name)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.Lambda):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            if any(argument.arg == "today" for argument in arguments):
                found.append((node.lineno, getattr(node, "name", "lambda")))
    return found


def test_the_day_a_call_is_about_is_named_on():
    """`on=` everywhere; only `housekeeping --today` keeps its option's name, in `handle`."""
    base = Path(settings.BASE_DIR)
    named_today = [
        f"{path.relative_to(base)}:{line} {name}"
        for path in product_modules()
        for line, name in parameters_named_today(path)
        if name != "handle"
    ]
    assert named_today == []


SERVICE_MODULES = [
    f"{app}/{name}.py"
    for app in ["core", "membership", "voting", "governance"]
    for name in ["services", "selectors"]
] + ["governance/lifecycle.py"]


def positional_beyond_the_subject(path):
    """Public functions of one module taking more than one argument by position: (line, name)."""
    return [
        (node.lineno, node.name)
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and (len(node.args.posonlyargs + node.args.args) > 1 or node.args.vararg)
    ]


def test_services_and_selectors_take_only_their_subject_by_position():
    """`f(subject, *, actor=..., reason=...)`: a call names what it passes after the subject."""
    base = Path(settings.BASE_DIR)
    modules = [base / name for name in SERVICE_MODULES if (base / name).exists()]
    assert len(modules) >= 7
    positional = [
        f"{path.relative_to(base)}:{line} {name}"
        for path in modules
        for line, name in positional_beyond_the_subject(path)
    ]
    assert positional == []


def test_the_check_finds_a_second_positional_argument(tmp_path):
    module = tmp_path / "services.py"
    module.write_text(
        "def join(*, user): ...\n"
        "def adopt(page, *, user, notes=''): ...\n"
        "def reject(page, user, *, reason): ...\n"
        "def rows(queryset, *fields): ...\n"
        "def _helper(a, b): ...\n"
        "class Form:\n    def clean(self, value): ...\n"
    )
    assert positional_beyond_the_subject(module) == [(3, "reject"), (4, "rows")]
