"""The Managing form turns away working-group ids no database column can hold, as a choice error."""

import pytest

from membership.forms import ManagingForm
from tests.membership.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


def managing_form(working_groups):
    return ManagingForm(data={"working_groups": working_groups, "affirms_hours": "on"})


@pytest.mark.parametrize("identifier", [str(2**63), str(-(2**63)), "9" * 40])
def test_an_id_beyond_64_bits_is_an_invalid_choice(identifier):
    form = managing_form([identifier])
    assert not form.is_valid()
    assert form.errors.as_data()["working_groups"][0].code == "invalid_choice"


def test_an_active_working_group_is_accepted():
    group = WorkingGroupFactory()
    form = managing_form([str(group.pk)])
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["working_groups"]) == [group]


def test_no_working_group_is_accepted():
    form = managing_form([])
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["working_groups"]) == []
