"""Admin posts made readable before a form reads them: what hand-made posts leave out.

modelcluster's child formsets (a ballot's questions and their options, a page's
comments) read `<prefix>-<n>-id` for every form the post calls initial, and fail with
a server error when it is missing or not a number. Wagtail's InlinePanel sorts the
forms of a valid formset by `<prefix>-<n>-ORDER`, which its script posts with every
form it adds, and fails with a server error on an added form posted without one.
Used by every app's admin forms, so it lives in core.
"""

import re
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

MOST_FORMS = 1000  # Django's own cap on the forms a formset builds is higher; none has more
INITIAL_FORMS = re.compile(r"(.*)-INITIAL_FORMS")
TOTAL_FORMS = re.compile(r"(.*)-TOTAL_FORMS")
COUNT_FIELD = forms.IntegerField()  # the field Django's ManagementForm reads each count with


def with_form_counts_capped(
    data: dict[str, str], most_by_relation: Mapping[str, int]
) -> dict[str, str]:
    """A copy of `data` in which no formset asks for more than one form past its most.

    Django builds every form a post's TOTAL_FORMS asks for, up to 2,000, before it
    validates; a ballot's questions each carry options, so a hand-made count kept a
    worker busy for minutes. One past the most is enough for the formset's own
    `validate_max` to say so. A count Django cannot read is left as posted: Django
    refuses it and builds no forms, where one past the most would build and render
    them all. `most_by_relation` maps a relation name (a prefix's last part:
    "questions", "options") to the most forms it may have.
    """
    data = data.copy()
    for key in list(data):
        match = TOTAL_FORMS.fullmatch(key)
        most = match and most_by_relation.get(match.group(1).rsplit("-", 1)[-1])
        count = _count(data[key]) if most else None
        if most and count is not None and count > most:
            data[key] = str(most + 1)
    return data


def with_formset_ids(data: dict[str, str]) -> dict[str, str]:
    """A copy of `data` in which each initial form's missing or malformed id is blank, so the
    formset treats that form as a new row and validates it like any other.

    A formset cannot have more initial forms than forms: a post claiming so (a count of
    forty nines) is read as having as many initial forms as forms.
    """
    data = data.copy()
    for key in list(data):
        match = INITIAL_FORMS.fullmatch(key)
        initial = _count(data.get(key, ""))
        if match is None or initial is None:
            continue
        total = _count(data.get(f"{match.group(1)}-TOTAL_FORMS", ""))
        if total is not None and initial > total:
            initial = total
            data[key] = str(total)
        for index in range(min(initial, MOST_FORMS)):
            id_key = f"{match.group(1)}-{index}-id"
            if not re.fullmatch(r"[0-9]{1,18}", data.get(id_key, "")):
                data[id_key] = ""
    return data


def _count(text: str) -> int | None:
    """A posted form count read as Django's management form reads it (" 7", "-2" and "7.0"
    are numbers), or None when Django refuses it and so builds no forms."""
    try:
        return COUNT_FIELD.to_python(text)
    except ValidationError:
        return None


def with_added_forms_ordered(data: dict[str, str]) -> dict[str, str]:
    """A copy of `data` in which each added form without an order comes after the others, as
    the admin's script would have placed it; the form is then validated like any other."""
    data = data.copy()
    for key in list(data):
        match = TOTAL_FORMS.fullmatch(key)
        if not match:
            continue
        prefix = match.group(1)
        initial = _count(data.get(f"{prefix}-INITIAL_FORMS", ""))
        total = _count(data.get(key, ""))
        if initial is None or total is None:
            continue
        # A negative initial count (Django reads "-5" as a number) adds no forms before the first.
        for index in range(max(initial, 0), min(total, MOST_FORMS)):
            if not data.get(f"{prefix}-{index}-ORDER"):
                data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    return data
