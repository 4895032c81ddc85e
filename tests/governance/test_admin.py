"""The admin reaches every transition for Directors, and refuses members with a 403."""

import pytest
from django.urls import reverse

from governance.models import ResolutionTask, Stage
from tests.governance.factories import make_policy

pytestmark = pytest.mark.django_db


def transition_url(page, name):
    return reverse("governance_transition", args=[page.pk, name])


def test_edit_page_offers_a_director_the_transitions_of_the_stage(client, director, discussed):
    client.force_login(director)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[discussed.pk]))
    assert transition_url(discussed, "move-to-resolution") in response.content.decode()


def test_confirmation_says_which_redirect_it_will_create(client, director, discussed):
    client.force_login(director)
    response = client.get(transition_url(discussed, "move-to-resolution"))
    content = response.content.decode()
    assert "/governance/proposals-for-discussion/open-the-books/" in content
    assert "/governance/proposals-for-resolution/open-the-books/" in content


def test_director_adopts_through_the_admin_form(client, director, in_resolution):
    client.force_login(director)
    response = client.post(
        transition_url(in_resolution, "adopt"), {"minutes_url": "https://example.org/m"}
    )
    assert response.status_code == 302
    in_resolution.refresh_from_db()
    assert in_resolution.stage == Stage.ACTIVE
    history = client.get(reverse("wagtailadmin_pages:history", args=[in_resolution.pk]))
    assert "Adopted by Board resolution" in history.content.decode()


def test_member_trying_a_directors_action_by_url_gets_403(client, member, discussed):
    client.force_login(member)
    response = client.post(transition_url(discussed, "move-to-resolution"))
    assert response.status_code == 403
    discussed.refresh_from_db()
    assert discussed.stage == Stage.DISCUSSION


def test_wrong_stage_in_the_admin_shows_a_message_and_changes_nothing(client, director):
    policy = make_policy()
    client.force_login(director)
    response = client.post(transition_url(policy, "move-to-resolution"), follow=True)
    assert "needs it in" in response.content.decode()
    assert policy.stage == Stage.ACTIVE


def test_resolution_task_offers_adopt_reject_and_refer_only_to_the_board(
    in_resolution, director, member
):
    task = in_resolution.current_workflow_task.specific
    assert isinstance(task, ResolutionTask)
    assert [a[0] for a in task.get_actions(in_resolution, director)] == [
        "adopt", "reject", "refer_to_member_vote",
    ]
    assert task.get_actions(in_resolution, member) == []


def test_resolution_task_action_adopts_through_lifecycle(in_resolution, director):
    task_state = in_resolution.current_workflow_task_state
    task_state.task.specific.on_action(task_state, director, "adopt", minutes_url="", notes="")
    in_resolution.refresh_from_db()
    assert in_resolution.stage == Stage.ACTIVE


def test_setup_site_links_the_workflows_to_their_sections():
    from tests.governance.factories import section

    assert section(Stage.DISCUSSION).get_workflow().name == "Publish for discussion"
    assert section(Stage.RESOLUTION).get_workflow().name == "Resolution"
