"""Decisions the members vote on: a proposal referred by the Board, a sponsor's admission.

Governance owns these subjects, so it opens their ballots through voting's
services and applies the outcome when voting sends `ballot_closed`
(DESIGN.md section 2: voting never imports the apps above it).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from governance.lifecycle import TransitionError, apply_vote_outcome, is_board_officer
from governance.models import Resolution
from membership import services as membership_services
from membership.models import SponsorOrganisation
from voting import services as voting_services
from voting.models import Electorate

VOTE_DAYS = 14
NOT_APPLIED = "Only an organisation whose application is waiting can go to a member vote."
NOT_BOARD = "Only a Director or Officer may send an application to a member vote."


def _open_member_vote(*, title, question, subject, days, description=""):
    now = timezone.now()
    ballot = voting_services.create_ballot(
        title=title,
        description=description,
        electorate=Electorate.VOTING_MEMBERS,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=days),
        questions=[{"text": question, "binding": True}],
        subject=subject,
    )
    try:
        voting_services.open_ballot(ballot)
    except voting_services.VotingError as error:
        raise TransitionError(str(error)) from error
    return ballot


def open_ballot_on_referral(sender, page, resolution, revision, ballot_options, **kwargs):
    """A referral to a member vote opens a binding ballot on the pinned revision."""
    _open_member_vote(
        title=f"Adopt “{page.title}”?",
        question=f"Should the foundation adopt “{page.title}” as referred by the Board?",
        description=(
            f"A binding vote of the voting members on the text the Board referred "
            f"(revision {revision.pk}): {page.full_url}"
        ),
        subject=resolution,
        days=int(ballot_options.get("days", VOTE_DAYS)),
    )


@transaction.atomic
def refer_sponsor_application(organisation, user, *, days=VOTE_DAYS):
    """Send an organisation's application to the members, who admit new Sponsor Members."""
    if not is_board_officer(user):
        raise PermissionDenied(NOT_BOARD)
    if organisation.status != SponsorOrganisation.STATUS_APPLIED:
        raise TransitionError(NOT_APPLIED)
    return _open_member_vote(
        title=f"Admit {organisation.name} as a Sponsor Member?",
        question=f"Should {organisation.name} be admitted as a Sponsor Member "
        f"at the {organisation.level} level?",
        subject=organisation,
        days=days,
    )


def apply_ballot_outcome(sender, ballot, outcome, **kwargs):
    """When a ballot about a governance subject closes, carry out what the members decided."""
    subject = ballot.subject
    if isinstance(subject, Resolution):
        # An edit during the vote supersedes the resolution; the new text needs a new vote.
        if subject.outcome == Resolution.OUTCOME_PENDING:
            apply_vote_outcome(subject.page.specific, outcome.passed)
    elif (
        isinstance(subject, SponsorOrganisation)
        and subject.status == SponsorOrganisation.STATUS_APPLIED
    ):
        membership_services.admit_sponsor(organisation=subject, admitted=outcome.passed)


def connect():
    from governance.signals import member_vote_requested
    from voting.signals import ballot_closed

    member_vote_requested.connect(open_ballot_on_referral, dispatch_uid="governance-referral")
    ballot_closed.connect(apply_ballot_outcome, dispatch_uid="governance-ballot-closed")
