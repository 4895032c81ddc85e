"""Conflicts of interest: a Director who declares one cannot decide the proposal."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from governance import lifecycle
from governance.models import ConflictOfInterest, Resolution, Stage
from governance.views import transitions_for
from tests.factories import UserFactory
from tests.governance.test_admin import transition_url

pytestmark = pytest.mark.django_db

REASON = "My employer would receive the grant."


@pytest.fixture
def conflicted(in_resolution, director):
    lifecycle.declare_conflict(in_resolution, user=director, reason=REASON)
    return in_resolution


@pytest.fixture
def other_director(db):
    return UserFactory(username="second-director", groups=["Members", "Directors"])


def test_declaring_a_conflict_is_recorded_and_logged(conflicted, director):
    from wagtail.models import PageLogEntry

    conflict = ConflictOfInterest.objects.get()
    assert (conflict.page_id, conflict.director, conflict.reason) == (
        conflicted.pk, director, REASON,
    )
    entry = PageLogEntry.objects.get(page=conflicted, action="governance.declare_conflict")
    assert entry.user == director and entry.data["reason"] == REASON


@pytest.mark.parametrize("decide", [
    lambda page, user: lifecycle.adopt(page, user=user, notes="Carried."),
    lambda page, user: lifecycle.reject(page, user=user, reason="No"),
    lambda page, user: lifecycle.refer_to_member_vote(page, user=user),
], ids=["adopt", "reject", "refer"])
def test_conflicted_director_cannot_decide_and_nothing_changes(conflicted, director, decide):
    with pytest.raises(PermissionDenied, match=lifecycle.CONFLICTED):
        decide(conflicted, director)
    resolution = conflicted.resolutions.get()
    assert resolution.is_pending and resolution.method == Resolution.Method.BOARD
    assert conflicted.stage == Stage.RESOLUTION


def test_another_director_still_decides(conflicted, other_director):
    lifecycle.adopt(conflicted, user=other_director, notes="Carried.")
    assert conflicted.stage == Stage.ACTIVE


def test_declaring_a_conflict_twice_is_refused(conflicted, director):
    with pytest.raises(lifecycle.TransitionError, match=lifecycle.CONFLICT_ALREADY_DECLARED):
        lifecycle.declare_conflict(conflicted, user=director, reason="Again")
    assert ConflictOfInterest.objects.count() == 1


def test_declaring_a_conflict_outside_resolution_is_refused(discussed, director):
    with pytest.raises(lifecycle.TransitionError, match="needs it in"):
        lifecycle.declare_conflict(discussed, user=director, reason=REASON)
    assert not ConflictOfInterest.objects.exists()


def test_declaring_a_conflict_needs_a_reason(in_resolution, director):
    with pytest.raises(lifecycle.TransitionError, match=lifecycle.REASON_REQUIRED):
        lifecycle.declare_conflict(in_resolution, user=director, reason=" ")
    assert not ConflictOfInterest.objects.exists()


def test_resolution_task_offers_no_decision_to_a_conflicted_director(
    conflicted, director, other_director
):
    task = conflicted.current_workflow_task.specific
    assert task.get_actions(conflicted, director) == []
    assert len(task.get_actions(conflicted, other_director)) == 3


def test_a_conflicted_director_cannot_act_on_the_page_through_the_admin(
    client, conflicted, director
):
    client.force_login(director)
    assert transitions_for(conflicted, director) == []
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[conflicted.pk]))
    assert editor.status_code == 302
    for name in ("adopt", "reject", "refer-to-member-vote", "return-to-discussion", "withdraw"):
        assert client.post(transition_url(conflicted, name), {"reason": "x"}).status_code == 403


@pytest.mark.parametrize("name", ["adopt", "reject", "refer-to-member-vote"])
def test_conflicted_director_deciding_by_url_gets_403(client, conflicted, director, name):
    client.force_login(director)
    response = client.post(transition_url(conflicted, name), {"reason": "x"})
    assert response.status_code == 403
    assert lifecycle.CONFLICTED in response.content.decode()
    assert conflicted.resolutions.get().is_pending


def test_conflicted_director_using_the_workflow_action_by_url_is_refused(
    client, conflicted, director
):
    client.force_login(director)
    task_state = conflicted.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[conflicted.pk, "adopt", task_state.pk]
    )
    response = client.post(url, {"minutes_url": "", "notes": ""})
    assert response.status_code in (302, 403)
    assert conflicted.resolutions.get().is_pending
    assert conflicted.stage == Stage.RESOLUTION


def test_director_declares_a_conflict_through_the_admin(client, in_resolution, director):
    client.force_login(director)
    confirmation = client.get(transition_url(in_resolution, "declare-conflict")).content.decode()
    assert "You recuse from deciding" in confirmation
    response = client.post(transition_url(in_resolution, "declare-conflict"), {"reason": REASON})
    assert response.status_code == 302
    assert ConflictOfInterest.objects.filter(page=in_resolution, director=director).exists()


def test_decision_confirmation_and_public_page_list_the_recusals(
    client, conflicted, director, other_director
):
    client.force_login(other_director)
    confirmation = client.get(transition_url(conflicted, "adopt")).content.decode()
    assert "Recusals" in confirmation and REASON in confirmation
    lifecycle.adopt(conflicted, user=other_director, notes="Carried.")
    client.logout()
    content = client.get(conflicted.url).content.decode()
    assert "Recusals" in content and REASON in content
    assert director.get_full_name() in content
