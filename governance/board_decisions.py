"""The Board's workflow task (`ResolutionTask`): which decisions it offers and how it takes them.

Who may decide is asked of `governance.roles` and the decision is carried out by
`governance.lifecycle`, as for the admin's buttons, so the task never offers a
step the lifecycle would refuse (docs/architecture.md section 2).
"""

from django.core.exceptions import PermissionDenied, ValidationError

from governance import lifecycle, roles
from governance.forms import AdoptForm, ReasonForm
from governance.roles import Step

# The steps the task offers, each named by its step's value, and whether Wagtail asks
# for a form in a modal before taking it.
TASK_STEPS = {Step.ADOPT: True, Step.REJECT: True, Step.REFER: False}


def actions(page, user):
    """Wagtail's (name, label, modal) for each decision `user` may take on `page` now."""
    asked = roles.Asked(page, user)
    return [
        (step.value, step.label, modal) for step, modal in TASK_STEPS.items()
        if roles.may(step, page, user, asked)
    ]


def form_for(action):
    """The form a decision's modal asks: the record of an adoption, or a reason."""
    return AdoptForm if action == Step.ADOPT else ReasonForm


def decide(page, user, action, **data):
    """Take the decision `action` on `page` through the lifecycle."""
    steps = {
        Step.ADOPT: lambda: lifecycle.adopt(
            page, user=user, minutes_url=data.get("minutes_url", ""), notes=data.get("notes", ""),
        ),
        Step.REJECT: lambda: lifecycle.reject(page, user=user, reason=data.get("reason", "")),
        Step.REFER: lambda: lifecycle.refer_to_member_vote(page, user=user),
    }
    try:
        steps[action]()
    except (KeyError, ValidationError) as error:
        # Wagtail's workflow views answer a refusal with a message, not a 500.
        raise PermissionDenied(" ".join(getattr(error, "messages", []))) from error
