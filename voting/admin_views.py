"""Admin actions on a ballot (schedule, open now, close now); each calls one service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from voting import services
from voting.models import Ballot

ACTIONS = {
    "schedule": (services.schedule_ballot, "Schedule", "It will open by itself at its opening "
                 "time; until then you can still change it.", "Ballot “{}” scheduled."),
    "open": (services.open_ballot, "Open now", "Voting starts now and the roll is fixed from the "
             "voters enrolled this period; the questions can no longer change.",
             "Ballot “{}” is open."),
    "close": (services.close_ballot, "Close now", "Voting ends now; the ballot is tallied, the "
              "results are published and missed binding votes are counted.",
              "Ballot “{}” is closed and tallied."),
}


@require_http_methods(["GET", "POST"])
def ballot_action(request, pk, action):
    """Confirm, then run one state change on a ballot through its service."""
    if not services.can_manage_ballots(request.user):
        raise PermissionDenied(services.NOT_ALLOWED_TO_MANAGE)
    ballot = get_object_or_404(Ballot, pk=pk)
    service, label, consequence, done = ACTIONS[action]
    if request.method == "POST":
        try:
            service(ballot, user=request.user)
        except services.VotingError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, done.format(ballot))
        return redirect("voting_ballots:index")
    return TemplateResponse(request, "voting/admin/confirm_action.html", {
        "ballot": ballot, "label": label, "consequence": consequence,
        "action_url": reverse("voting_ballot_action", args=[pk, action]),
        "cancel_url": reverse("voting_ballots:index"),
    })
