"""Voting pages: the dashboard, casting, the one-time receipt, results, verification, enrolment."""

import logging
import re
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods

from core import ratelimits
from membership.models import SponsorOrganisation
from voting import selectors, services, tellers
from voting.forms import CastForm, VerifyReceiptForm
from voting.models import Ballot, CastBallot, Enrolment

RECEIPT_HASHES_PER_PAGE = 500
ENROLLED = "You are enrolled to vote in this period. Thank you."
ENROLLED_BY_THEN = "everyone enrolled by then is on its roll."
RECEIPT_CODES_SESSION_KEY = "voting_receipt_codes"
RESULTS_STATUSES = [
    Ballot.Status.OPEN, Ballot.Status.AWAITING_TELLERS, Ballot.Status.COUNTING,
    Ballot.Status.CLOSED, Ballot.Status.CANCELLED,
]
CAST_INTERRUPTED = (
    "Your ballot could not be recorded: the connection to the database was lost. Please vote "
    "again in a moment. If you are then told you have already voted, your first ballot was "
    "recorded just before the connection dropped, and it is counted."
)
logger = logging.getLogger("foundation")


def _member(request):
    return getattr(request.user, "member", None) if request.user.is_authenticated else None


def dashboard(request):
    """Ballots open to the voter in each role, their enrolment, and closed ballots' results."""
    member = _member(request)
    period = selectors.current_period()
    open_ballots = list(
        selectors.visible_ballots(request.user, ballots=Ballot.objects.open()).order_by("closes_at")
    )
    entries = defaultdict(list)
    enrolments = []
    if member is not None:
        for entry in selectors.roll_entries_for(member, ballots=open_ballots):
            entries[entry.ballot_id].append(entry)
        enrolments = list(
            Enrolment.objects.filter(member=member, period=period).select_related("delegate_for")
        )
    context = {
        "open_ballots": [
            {"ballot": ballot, "entries": entries[ballot.pk]} for ballot in open_ballots
        ],
        "closed_ballots": selectors.visible_ballots(
            request.user, ballots=Ballot.objects.closed()
        ).order_by("-closed_at")[:20],
        "member": member,
        "period": period,
        "enrolments": enrolments,
        "late_enrolment": selectors.late_enrolment(request.user) if member else None,
    }
    return render(request, "voting/dashboard.html", context)


def _role(delegate_for_id):
    if delegate_for_id is None:
        return None
    # ASCII digits only: "²".isdigit() is true, but no id is written with it.
    if not re.fullmatch(r"[0-9]{1,18}", str(delegate_for_id)):
        raise Http404("No such organisation.")
    return get_object_or_404(SponsorOrganisation, pk=delegate_for_id)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimits.limit(ratelimits.CAST)
def cast_ballot(request, ballot_id, delegate_for_id=None):
    """Show the ballot form; on POST cast it and send the voter to their receipt code."""
    ballots = Ballot.objects.prefetch_related("questions__options")
    ballot = get_object_or_404(
        selectors.visible_ballots(request.user, ballots=ballots), pk=ballot_id
    )
    delegate_for = _role(delegate_for_id)
    form = CastForm(request.POST or None, ballot=ballot)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            code = services.cast(
                ballot, user=request.user, answers=form.answers(), delegate_for=delegate_for
            )
        except services.VotingError as refusal:
            error = str(refusal)
        except DatabaseError:
            # The database went away mid-cast (a restart, a failover): the transaction
            # was rolled back, or committed just before the connection dropped.
            logger.warning("A cast on ballot %s lost its database connection.", ballot.pk)
            return _cast_interrupted(request, ballot, form, delegate_for)
        else:
            _keep_receipt_code(request, ballot, delegate_for, code)
            return _see_other(_receipt_url(ballot, delegate_for))
    status = 400 if request.method == "POST" else 200
    context = {
        "ballot": ballot, "form": form, "delegate_for": delegate_for, "error": error,
        "roll_entry": _roll_entry_of(request, ballot, delegate_for),
    }
    return render(request, "voting/cast.html", context, status=status)


def _see_other(url):
    """A 303 redirect, never cached: a refresh then reloads the page, never re-posts."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    add_never_cache_headers(response)
    return response


def _receipt_url(ballot, delegate_for):
    if delegate_for is None:
        return reverse("voting:receipt", args=[ballot.pk])
    return reverse("voting:receipt_as_delegate", args=[ballot.pk, delegate_for.pk])


def _receipt_slot(ballot, delegate_for):
    return f"{ballot.pk}:{delegate_for.pk if delegate_for else ''}"


def _keep_receipt_code(request, ballot, delegate_for, code):
    # Only in the voter's own session, until they say they have kept it: never in a
    # table of ours, a log line or a URL.
    codes = request.session.get(RECEIPT_CODES_SESSION_KEY, {})
    codes[_receipt_slot(ballot, delegate_for)] = code
    request.session[RECEIPT_CODES_SESSION_KEY] = codes


def _forget_receipt_code(request, ballot, delegate_for):
    codes = request.session.get(RECEIPT_CODES_SESSION_KEY, {})
    codes.pop(_receipt_slot(ballot, delegate_for), None)
    request.session[RECEIPT_CODES_SESSION_KEY] = codes


@login_required
@require_http_methods(["GET", "POST"])
def receipt(request, ballot_id, delegate_for_id=None):
    """The receipt code of a ballot just cast, shown until the voter says they have kept it."""
    ballot = get_object_or_404(selectors.visible_ballots(request.user), pk=ballot_id)
    delegate_for = _role(delegate_for_id)
    if request.method == "POST":
        _forget_receipt_code(request, ballot, delegate_for)
        return _see_other(_receipt_url(ballot, delegate_for))
    codes = request.session.get(RECEIPT_CODES_SESSION_KEY, {})
    context = {
        "ballot": ballot, "delegate_for": delegate_for,
        "code": codes.get(_receipt_slot(ballot, delegate_for)),
    }
    response = render(request, "voting/receipt.html", context)
    add_never_cache_headers(response)
    return response


def _cast_interrupted(request, ballot, form, delegate_for):
    context = {
        "ballot": ballot, "form": form, "delegate_for": delegate_for, "error": CAST_INTERRUPTED,
        "roll_entry": None, "interrupted": True,
    }
    return render(request, "voting/cast.html", context, status=503)


def _roll_entry_of(request, ballot, delegate_for):
    member = _member(request)
    if member is None:
        return None
    entries = selectors.roll_entries_for(member, ballots=[ballot])
    return entries.filter(enrolment__delegate_for=delegate_for).first()


def results(request, ballot_id):
    """Turnout while open; after close, counts, thresholds and every receipt hash.

    A cancelled ballot shows only that it was cancelled and why: it is never counted.
    """
    ballots = selectors.with_turnout(Ballot.objects.filter(status__in=RESULTS_STATUSES))
    ballot = get_object_or_404(
        selectors.visible_ballots(request.user, ballots=ballots), pk=ballot_id
    )
    context = {
        "ballot": ballot,
        "turnout_percent": selectors.percent(ballot.voted_count, whole=ballot.roll_size),
    }
    if ballot.status == Ballot.Status.AWAITING_TELLERS:
        context["tellers_entered"] = tellers.entered_count(ballot)
    if ballot.status == Ballot.Status.CLOSED:
        context["outcome"] = selectors.ballot_outcome(ballot)
        # Sorted by hash, never by storage order, so the list's order says nothing.
        hashes = CastBallot.objects.filter(ballot=ballot).order_by("receipt_hash")
        context["receipt_page"] = Paginator(
            hashes.values_list("receipt_hash", flat=True), RECEIPT_HASHES_PER_PAGE
        ).get_page(request.GET.get("page"))
    return render(request, "voting/results.html", context)


@require_http_methods(["GET", "POST"])
@ratelimits.limit(ratelimits.VERIFY)
def verify(request):
    """Tell a voter whether the ballot with their receipt code is among those counted."""
    form = VerifyReceiptForm(request.POST or None, initial={"ballot": request.GET.get("ballot")})
    listed = form.fields["ballot"]
    listed.queryset = selectors.visible_ballots(request.user, ballots=listed.queryset)
    found = None
    if request.method == "POST" and form.is_valid():
        found = services.verify_receipt(form.cleaned_data["ballot"], code=form.cleaned_data["code"])
    response = render(request, "voting/verify.html", {"form": form, "found": found})
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Affirm voting this period, as oneself and for each organisation one represents."""
    member = _member(request)
    if member is None:
        raise Http404("Only members can enrol to vote.")
    if request.method == "POST":
        organisation_id = request.POST.get("delegate_for") or None
        delegate_for = _role(organisation_id) if organisation_id else None
        try:
            services.enrol(member=member, delegate_for=delegate_for)
        except services.VotingError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _enrolled_message(selectors.late_enrolment(request.user)))
        return redirect("voting:enrol")
    period = selectors.current_period()
    enrolled = {
        enrolment.delegate_for_id: enrolment
        for enrolment in Enrolment.objects.filter(member=member, period=period)
    }
    roles = [
        (organisation, enrolled.get(organisation.pk if organisation else None))
        for organisation in selectors.enrolment_roles(member)
    ]
    context = {
        "period": period, "roles": roles, "late_enrolment": selectors.late_enrolment(request.user),
    }
    return render(request, "voting/enrol.html", context)


def _enrolled_message(late):
    """The enrolment's confirmation, saying which open ballots it comes too late for."""
    message = ENROLLED
    if not late.open_ballots:
        return message
    titles = ", ".join(f"“{ballot.title}”" for ballot in late.open_ballots)
    message += f" Rolls are fixed when a ballot opens, so you are not on {titles}."
    if late.next_ballot is None:
        return message + " No ballot is scheduled yet."
    opens_on = date_format(localtime(late.next_ballot.opens_at), "j F Y")
    return f"{message} The next ballot opens on {opens_on}; {ENROLLED_BY_THEN}"
