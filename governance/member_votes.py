"""Decisions the members vote on: a referred proposal, a sponsor, a working group's renewal.

Governance owns these subjects, so it opens their ballots through voting's
services and registers a handler for each with `voting.outcomes`, which voting
runs once after a ballot's close commits (docs/architecture.md section 1: voting never
imports the apps above it).
"""


from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.roles import is_board_officer
from governance.lifecycle import (
    TransitionError,
    apply_vote_outcome,
    retire_dissolved_charter,
)
from governance.member_ballots import VOTE_DAYS, open_member_vote
from governance.models import CharterPage, Resolution, SectionPage, Stage
from membership import services as membership_services
from membership.anniversaries import add_years, latest_anniversary
from membership.models import SponsorOrganisation, WorkingGroup
from voting import outcomes, presenters
from voting.models import Ballot

NOT_APPLIED = "Only an organisation whose application is waiting can go to a member vote."
NOT_BOARD = "Only a Director or Officer may send an application to a member vote."
DISSOLVED_REASON = "The voting members did not recertify the working group this year."
SUPERSEDED = (
    "The resolution voted on was no longer pending when the vote closed (the proposal "
    "was returned to discussion); nothing was changed."
)
NO_LONGER_WAITING = "{organisation} was no longer waiting for a decision; nothing was changed."


@transaction.atomic
def refer_sponsor_application(organisation, user, *, days=VOTE_DAYS):
    """Send an organisation's application to the members, who admit new Sponsor Members."""
    if not is_board_officer(user):
        raise PermissionDenied(NOT_BOARD)
    if organisation.status != SponsorOrganisation.Status.APPLIED:
        raise TransitionError(NOT_APPLIED)
    return open_member_vote(
        title=f"Admit {organisation.name} as a Sponsor Member?",
        question=f"Should {organisation.name} be admitted as a Sponsor Member "
        f"at the {organisation.level} level?",
        subject=organisation,
        days=days,
        user=user,
    )


def _last_evaluations(groups):
    """When each group's latest evaluation ballot opened, in one query: {group id: time}."""
    return dict(
        Ballot.objects.about_any(WorkingGroup, [group.pk for group in groups])
        .values_list("subject_id").annotate(last=Max("opens_at")).order_by()
    )


def evaluation_due(group, on, last_evaluations=None):
    """A group is evaluated once in each year of its charter, from each anniversary on.

    A late evaluation does not move the next one: that is still due on the charter's
    next anniversary. A group whose charter date was never recorded is evaluated a
    year after its last evaluation.
    """
    if last_evaluations is None:
        last_evaluations = _last_evaluations([group])
    last = last_evaluations.get(group.pk)
    last_day = timezone.localdate(last) if last is not None else None
    if group.chartered_on is None:
        return last_day is None or add_years(last_day, 1) <= on
    anniversary = latest_anniversary(group.chartered_on, on)
    return anniversary is not None and (last_day is None or last_day < anniversary)


def groups_due_for_evaluation(on=None):
    """The active working groups whose yearly evaluation is due, in two queries."""
    on = on or timezone.localdate()
    groups = list(WorkingGroup.objects.filter(status=WorkingGroup.Status.ACTIVE))
    last_evaluations = _last_evaluations(groups)
    return [group for group in groups if evaluation_due(group, on, last_evaluations)]


@transaction.atomic
def open_evaluation(group, *, now=None):
    """Open a working group's evaluation ballot: recertified if most of those voting say yes.

    "Each year, the working groups would be evaluated by the voting-eligible
    Members": recertified when a majority of those voting say yes, else dissolved.
    """
    return open_member_vote(
        title=f"Recertify the {group.name} working group?",
        question=f"Should the {group.name} working group be recertified for another "
        "year? If a majority of those voting do not say yes, it is dissolved.",
        description=group.purpose,
        subject=group,
        days=VOTE_DAYS,
        now=now,
    )


def open_working_group_evaluations(on=None):
    """Open the yearly evaluation ballot of each active group that is due; returns them."""
    return [open_evaluation(group) for group in groups_due_for_evaluation(on)]


def _closed_on(ballot):
    """The day a ballot closed: its outcome takes effect that day, even when applied later."""
    return timezone.localdate(ballot.closed_at)


def _dissolve(group, on):
    membership_services.dissolve_working_group(working_group=group, on=on)
    active = SectionPage.objects.get(stage=Stage.ACTIVE)
    charter = CharterPage.objects.live().child_of(active).filter(slug=group.slug).first()
    if charter is not None:
        retire_dissolved_charter(charter, reason=DISSOLVED_REASON)


def apply_resolution_outcome(ballot, outcome):
    """A member vote on a referred proposal adopts it if it passed, archives it if not."""
    resolution = ballot.subject
    # Returning a proposal to discussion cancels its vote; a close that raced it changes nothing.
    if resolution.outcome != Resolution.Outcome.PENDING:
        return SUPERSEDED
    apply_vote_outcome(resolution.page.specific, passed=outcome.passed, on=_closed_on(ballot))
    return ""


def apply_sponsor_outcome(ballot, outcome):
    """The members admit a waiting sponsor organisation, or refuse it."""
    organisation = ballot.subject
    if organisation.status != SponsorOrganisation.Status.APPLIED:
        return NO_LONGER_WAITING.format(organisation=organisation.name)
    membership_services.admit_sponsor(
        organisation=organisation, admitted=outcome.passed, on=_closed_on(ballot)
    )
    return ""


def apply_evaluation_outcome(ballot, outcome):
    """A working group the members did not recertify is dissolved and its charter retired."""
    group = ballot.subject
    if group.status == WorkingGroup.Status.ACTIVE and not outcome.passed:
        _dissolve(group, _closed_on(ballot))
    return ""


def connect():
    outcomes.register(Resolution, apply_resolution_outcome)
    outcomes.register(SponsorOrganisation, apply_sponsor_outcome)
    outcomes.register(WorkingGroup, apply_evaluation_outcome)
    presenters.register(
        Resolution, "governance/includes/ballot_subject.html", resolution_on_ballot
    )


def resolution_on_ballot(resolution):
    """What a ballot on a referred proposal shows: the pinned text and its fingerprint."""
    return {
        "resolution": resolution,
        "text": resolution.revision.as_object(),
        "page": resolution.page.specific,
    }
