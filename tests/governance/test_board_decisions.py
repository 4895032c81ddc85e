"""Who may adopt is decided in one place, governance.roles: the lifecycle, the admin's
buttons and the Board's workflow task all follow it (docs/architecture.md section 2)."""

import pytest
from django.core.exceptions import PermissionDenied

from governance import lifecycle, roles, views
from governance.roles import Step

NOT_QUORATE = "The Board is not quorate."


def refuse_everyone(asked):
    raise PermissionDenied(NOT_QUORATE)


@pytest.fixture
def adoption_refused(monkeypatch):
    """A rule added to adoption in the roles module, as a new bylaw would add one."""
    monkeypatch.setitem(roles.RULES, Step.ADOPT, [*roles.RULES[Step.ADOPT], refuse_everyone])


def offered_by_task(page, user):
    return [name for name, _label, _modal in page.current_workflow_task.specific.get_actions(
        page, user
    )]


def offered_as_buttons(page, user):
    return [transition.step for _name, transition in views.transitions_for(page, user)]


def test_a_rule_added_to_adoption_takes_the_step_from_the_task_and_the_buttons(
    in_resolution, director, adoption_refused
):
    assert Step.ADOPT not in offered_by_task(in_resolution, director)
    assert Step.ADOPT not in offered_as_buttons(in_resolution, director)
    assert Step.REJECT in offered_by_task(in_resolution, director)
    assert Step.REJECT in offered_as_buttons(in_resolution, director)


def test_a_rule_added_to_adoption_refuses_it_in_the_lifecycle_and_the_task(
    in_resolution, director, adoption_refused
):
    with pytest.raises(PermissionDenied, match=NOT_QUORATE):
        lifecycle.adopt(in_resolution, user=director, notes="Adopted at the meeting.")
    task_state = in_resolution.current_workflow_task_state
    with pytest.raises(PermissionDenied, match=NOT_QUORATE):
        task_state.task.specific.on_action(task_state, director, "adopt", notes="Adopted.")
    assert in_resolution.resolutions.get().is_pending


@pytest.mark.parametrize("who", ["member", "moderator", "director", "officer", "staff"])
def test_the_task_offers_exactly_the_decisions_the_roles_allow(in_resolution, role_users, who):
    user = role_users[who]
    allowed = set(roles.steps_for(in_resolution, user)) & {Step.ADOPT, Step.REJECT, Step.REFER}
    assert set(offered_by_task(in_resolution, user)) == allowed


def test_the_task_refuses_a_decision_it_does_not_offer(in_resolution, director):
    task_state = in_resolution.current_workflow_task_state
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, director, "publish")
    assert in_resolution.resolutions.get().is_pending
