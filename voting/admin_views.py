"""Admin actions: on a ballot, on the Fellowship nominations, on an election; one service each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.tables import Column, Table

from core.tables import TemplateColumn
from voting import counting, elections, fellowship, selectors, services, tellers
from voting.forms import ShareForm
from voting.models import Ballot, Election

ACTIONS = {
    "schedule": (services.schedule_ballot, "Schedule", "It will open by itself at its opening "
                 "time; until then you can still change it.", "Ballot “{}” scheduled."),
    "open": (services.open_ballot, "Open now", "Voting starts now and the roll is fixed from the "
             "voters enrolled this period; the questions can no longer change.",
             "Ballot “{}” is open."),
    "close": (counting.close_now, "Close now", "Voting ends now and the ballot is counted in "
              "the background: its results are published and missed binding votes are counted "
              "when the count finishes. A tellers ballot waits for its tellers' shares and is "
              "counted when enough are entered.",
              "Ballot “{}” is closed and tallied."),
}
BEING_COUNTED = (
    "Voting on “{}” has ended; it is being counted and its results will be published shortly."
)
AWAITING_TELLERS = (
    "Voting on “{}” has ended. It is counted when enough of its tellers have entered their "
    "shares; they have been e-mailed."
)


UNKNOWN_ACTION = "There is no such action on a ballot."


def _carry_out(request, call, success, redirect_to):
    """Run one service call; its refusal or `success(result)` becomes the admin's message."""
    try:
        result = call()
    except services.VotingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success(result))
    return redirect(redirect_to)


@require_http_methods(["GET", "POST"])
def ballot_action(request, pk, action):
    """Confirm, then run one state change on a ballot through its service."""
    services.require_manager(request.user)
    if action not in ACTIONS:
        raise Http404(UNKNOWN_ACTION)
    ballot = get_object_or_404(Ballot, pk=pk)
    service, label, consequence, done = ACTIONS[action]
    if request.method == "POST":
        return _carry_out(
            request, lambda: service(ballot, user=request.user),
            lambda _result: _done_message(ballot, done), "voting_ballots:index",
        )
    return TemplateResponse(request, "voting/admin/confirm_action.html", {
        "ballot": ballot, "label": label, "consequence": consequence,
        "action_url": reverse("voting_ballot_action", args=[pk, action]),
        "cancel_url": reverse("voting_ballots:index"),
    })


def _done_message(ballot, done):
    ballot.refresh_from_db()
    if ballot.status == Ballot.Status.AWAITING_TELLERS:
        return AWAITING_TELLERS.format(ballot)
    if ballot.status == Ballot.Status.COUNTING:
        return BEING_COUNTED.format(ballot)
    return done.format(ballot)


def _closes(ballot):
    return f"{ballot.closes_at:%d %B %Y %H:%M}"


GATHERED = "The Fellowship ballot “{ballot}” is open to the Fellows until {closes}."
VOTE_STARTED = "The vote for “{election}” is open until {closes}."
VOTE_WAITS_FOR_TELLERS = (
    "The ballot for “{election}” is ready. Its tellers have been e-mailed to collect their "
    "shares; it opens as soon as they all have, for its full {days} days."
)


@require_http_methods(["GET", "POST"])
def fellowship_nominations(request):
    """The nominations waiting for the Fellows' vote; POST gathers them into one ballot."""
    services.require_manager(request.user)
    if request.method == "POST":
        try:
            days = int(request.POST.get("days", fellowship.VOTE_DAYS))
            if not 1 <= days <= 90:
                raise ValueError
        except ValueError:
            messages.error(request, "Give the number of days the vote stays open, 1 to 90.")
            return redirect("voting_fellowship_nominations")
        return _carry_out(
            request, lambda: fellowship.gather_into_ballot(user=request.user, days=days),
            lambda ballot: GATHERED.format(ballot=ballot, closes=_closes(ballot)),
            "voting_fellowship_nominations",
        )
    return TemplateResponse(request, "voting/admin/fellowship_nominations.html", {
        "pending": fellowship.pending_nominations(), "days": fellowship.VOTE_DAYS,
    })


def _vote_started_message(election, ballot):
    if ballot.status == Ballot.Status.SCHEDULED:
        return VOTE_WAITS_FOR_TELLERS.format(election=election, days=election.voting_days)
    return VOTE_STARTED.format(election=election, closes=_closes(ballot))


@require_http_methods(["GET", "POST"])
def start_election_vote(request, pk):
    """Confirm, then put an election's accepted nominees to the members."""
    services.require_manager(request.user)
    election = get_object_or_404(Election, pk=pk)
    if request.method == "POST":
        return _carry_out(
            request, lambda: elections.start_vote(election, user=request.user),
            lambda ballot: _vote_started_message(election, ballot),
            "voting_elections:index",
        )
    return TemplateResponse(request, "voting/admin/confirm_action.html", {
        "ballot": election, "label": "Start the vote",
        "consequence": "The accepted nominees go on an approval ballot for the voting members, "
        "open now; nominations can no longer change. Housekeeping does this by itself once "
        "nominations close.",
        "action_url": reverse("voting_start_election_vote", args=[pk]),
        "cancel_url": reverse("voting_elections:index"),
    })


SHARE_ENTERED = "Your share was entered: {entered} of the {needed} needed so far."
COUNTED = (
    "Your share completed the key: “{ballot}” is being counted and its results will be "
    "published shortly."
)
TELLER_ROLES = [
    Column("ballot", accessor="ballot.title"),
    TemplateColumn("status", cell_template_name="voting/admin/cells/ballot_status.html"),
    TemplateColumn("share", label="Your share", cell_template_name="voting/admin/cells/share.html"),
]


@login_required
def teller_ballots(request):
    """The ballots a person is a teller of, and what each needs from them now."""
    return TemplateResponse(request, "voting/admin/tellers.html", {
        "roles": Table(TELLER_ROLES, selectors.teller_roles(request.user)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def collect_share(request, pk):
    """Explain, then on POST show a teller their share's words once; the server forgets them."""
    ballot = get_object_or_404(Ballot, pk=pk)
    if request.method == "GET":
        return TemplateResponse(request, "voting/admin/collect_share.html", {"ballot": ballot})
    try:
        words = tellers.collect_share(ballot, request.user)
    except services.VotingError as refusal:
        messages.error(request, str(refusal))
        return redirect("voting_tellers")
    response = TemplateResponse(request, "voting/admin/your_share.html", {
        "ballot": ballot, "words": words.split(),
    })
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def enter_share(request, pk):
    """A teller enters their share's words; the last one needed starts the ballot's count."""
    ballot = get_object_or_404(Ballot, pk=pk)
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ready = counting.enter_share(
                ballot, user=request.user, words=form.cleaned_data["words"]
            )
        except services.VotingError as refusal:
            form.add_error("words", str(refusal))
        else:
            messages.success(request, _entered_message(ballot, ready))
            return redirect("voting_tellers")
    status = 400 if request.method == "POST" else 200
    response = TemplateResponse(request, "voting/admin/enter_share.html", {
        "ballot": ballot, "form": form,
    }, status=status)
    add_never_cache_headers(response)
    return response


def _entered_message(ballot, ready):
    if ready:
        return COUNTED.format(ballot=ballot)
    return SHARE_ENTERED.format(entered=tellers.entered_count(ballot), needed=ballot.tellers_needed)
