"""Admin confirmations for the lifecycle: parse the form, call lifecycle, report."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Page

from governance import lifecycle
from governance.forms import AdoptForm, ConfirmForm, ReasonForm
from governance.models import BaseProposalPage, Stage


@dataclass(frozen=True)
class Transition:
    """How the admin offers one lifecycle function."""

    label: str
    form_class: type
    perform: Callable
    stages: tuple
    destination: Callable  # page -> Stage, or None when the page stays put
    author_may: bool = False

    def allowed(self, page, user):
        if lifecycle.is_board_officer(user):
            return True
        return self.author_may and lifecycle.is_author(page, user)


TRANSITIONS = {
    "move-to-resolution": Transition(
        "Move to resolution", ConfirmForm,
        lambda page, user, data: lifecycle.move_to_resolution(page, user),
        (Stage.DISCUSSION,), lambda page: Stage.RESOLUTION,
    ),
    "adopt": Transition(
        "Adopt by Board resolution", AdoptForm,
        lambda page, user, data: lifecycle.adopt(page, user, **data),
        (Stage.RESOLUTION,), lifecycle.adoption_stage,
    ),
    "refer-to-member-vote": Transition(
        "Refer to member vote", ConfirmForm,
        lambda page, user, data: lifecycle.refer_to_member_vote(page, user),
        (Stage.RESOLUTION,), lambda page: None,
    ),
    "reject": Transition(
        "Reject", ReasonForm,
        lambda page, user, data: lifecycle.reject(page, user, data["reason"]),
        (Stage.RESOLUTION,), lambda page: Stage.ARCHIVED,
    ),
    "withdraw": Transition(
        "Withdraw", ReasonForm,
        lambda page, user, data: lifecycle.withdraw(page, user, data["reason"]),
        (Stage.DISCUSSION, Stage.RESOLUTION), lambda page: Stage.ARCHIVED, author_may=True,
    ),
    "retire": Transition(
        "Retire", ReasonForm,
        lambda page, user, data: lifecycle.retire(page, user, data["reason"]),
        (Stage.ACTIVE,), lambda page: Stage.RETIRED,
    ),
}


def transitions_for(page, user):
    """The (name, transition) pairs the user may start on this page in its stage."""
    stage = page.stage
    return [
        (name, transition)
        for name, transition in TRANSITIONS.items()
        if stage in transition.stages and transition.allowed(page, user)
    ]


def transition_view(request, page_id, name):
    """Confirm a transition, then perform it; a clear message if the proposal cannot take it."""
    transition = TRANSITIONS.get(name)
    page = get_object_or_404(Page, pk=page_id).specific
    if transition is None or not isinstance(page, BaseProposalPage):
        raise Http404
    if not transition.allowed(page, request.user):
        # A plain 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
        refusal = lifecycle.NOT_AUTHOR if transition.author_may else lifecycle.NOT_BOARD
        return HttpResponseForbidden(refusal)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = transition.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            transition.perform(page, request.user, form.cleaned_data)
        except PermissionDenied as error:
            return HttpResponseForbidden(str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{page.title}”: {transition.label.lower()} done.")
        return redirect(edit_url)
    destination = transition.destination(page)
    return TemplateResponse(request, "governance/admin/confirm_transition.html", {
        "page": page,
        "transition": transition,
        "form": form,
        "move": lifecycle.planned_move(page, destination) if destination else None,
        "destination": Stage(destination).label if destination else None,
        "in_expected_stage": page.stage in transition.stages,
        "edit_url": edit_url,
    })
