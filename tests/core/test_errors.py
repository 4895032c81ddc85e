"""Every app's refusal derives from one base, and a refusal no view handles is a 400 page."""

import pytest
from django.core.exceptions import ValidationError

from core.errors import Refusal
from governance.amendments import AmendmentConflict
from governance.roles import TransitionError
from membership import services as membership_services
from membership.errors import MembershipError
from membership.models import WorkingGroup
from tests.membership.factories import WorkingGroupFactory
from voting.errors import VotingError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "error", [VotingError, TransitionError, AmendmentConflict, MembershipError]
)
def test_each_apps_refusal_is_a_refusal(error):
    assert issubclass(error, Refusal)


def test_a_membership_rule_refuses_with_a_refusal_forms_can_still_show():
    group = WorkingGroupFactory(status=WorkingGroup.Status.DISSOLVED)

    with pytest.raises(Refusal) as refused:
        membership_services.dissolve_working_group(working_group=group)

    assert isinstance(refused.value, ValidationError)
    assert refused.value.messages == [membership_services.ERROR_WORKING_GROUP_DISSOLVED]


@pytest.mark.parametrize("refusal", [
    VotingError("This ballot is not open."),
    MembershipError("This working group is already dissolved."),
    TransitionError("This proposal is not in discussion."),
])
def test_a_refusal_no_view_handles_is_a_400_page_that_says_why(
    client, member, monkeypatch, refusal
):
    group = WorkingGroupFactory()

    def refuse(**kwargs):
        raise refusal

    monkeypatch.setattr(membership_services, "leave_working_group", refuse)
    client.force_login(member)

    response = client.post(f"/members/working-groups/{group.slug}/leave/")

    assert response.status_code == 400
    assert response.context["refusals"] == [str(refusal.args[0])]
    assert str(refusal.args[0]) in response.content.decode()
