"""Nominating: Fellows nominate Fellows at /fellows/nominate/; members nominate Directors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core import ratelimits
from voting import elections, fellowship
from voting.forms import AcceptNominationForm, BoardNominationForm, FellowNominationForm
from voting.models import CRITERION_STATEMENTS, BoardNomination, Criterion, Election
from voting.services import VotingError

NOMINATION_RECEIVED = (
    "Thank you: the nomination of {nominee} is recorded. It does not record who you are, "
    "and {nominee} is not told."
)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimits.limit(ratelimits.NOMINATE)
def nominate_fellow(request):
    """The Fellowship nomination form; only Fellows see it."""
    if not fellowship.is_fellow(request.user):
        return render(request, "voting/nominate_fellow.html", {"not_a_fellow": True}, status=403)
    form = FellowNominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = fellowship.nominate(user=request.user, **form.cleaned_data)
        except VotingError as refusal:
            form.add_error(getattr(refusal, "field", None), str(refusal))
        else:
            messages.success(request, NOMINATION_RECEIVED.format(nominee=nomination.nominee))
            return redirect("fellows_nominate")
    criteria = [(criterion.label, CRITERION_STATEMENTS[criterion]) for criterion in Criterion]
    return render(request, "voting/nominate_fellow.html", {"form": form, "criteria": criteria})


def election_list(request):
    """Elections taking nominations, being voted on, and decided."""
    now = timezone.now()
    taking_nominations, others = [], []
    for election in Election.objects.select_related("ballot")[:50]:
        open_now = elections.nominations_open(election, now)
        (taking_nominations if open_now else others).append(election)
    return render(request, "voting/elections.html", {
        "taking_nominations": taking_nominations, "others": others,
    })


@require_http_methods(["GET", "POST"])
@ratelimits.limit(ratelimits.NOMINATE)
def election_detail(request, pk):
    """An election: its candidates and their statements, and the nomination form."""
    election = get_object_or_404(Election.objects.select_related("ballot"), pk=pk)
    form = BoardNominationForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        if form.is_valid():
            try:
                nomination = elections.nominate(
                    election=election, user=request.user, nominee=form.cleaned_data["nominee"]
                )
            except (VotingError, PermissionDenied) as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"{nomination.nominee} is nominated and is asked "
                                 "by e-mail to accept.")
                return redirect("voting:election", pk=election.pk)
    nominations = election.nominations.select_related("nominee").order_by("nominee__name")
    return render(request, "voting/election.html", {
        "election": election,
        "form": form,
        "nominations_open": elections.nominations_open(election),
        "candidates": [n for n in nominations if n.accepted_at],
        "waiting": [n for n in nominations if not n.accepted_at],
    })


@login_required
@require_POST
def accept_nomination(request, pk):
    """The nominee accepts from their dashboard, with a statement for the voters."""
    nomination = get_object_or_404(BoardNomination, pk=pk, nominee__user=request.user)
    form = AcceptNominationForm(request.POST)
    if not form.is_valid():
        messages.error(request, elections.STATEMENT_REQUIRED)
        return redirect("membership:dashboard")
    try:
        elections.accept(nomination=nomination, user=request.user, **form.cleaned_data)
    except VotingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"You stand in “{nomination.election}”: your statement "
                         "will be on the ballot.")
    return redirect("membership:dashboard")
