"""Board elections ("Nominations to the Board"): nominations, acceptance, an approval vote.

Any member may nominate a member, themselves included; a nominee stands once they
accept with a statement. The ballot has one approval question with as many marks
as seats. Winners are seated for the term through `membership.services`; a tie
at the last seat is reported to the Directors and that seat is left to them.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from membership import services as membership_services
from membership.models import Member
from voting import notifications, services, tellers
from voting.models import BoardNomination, Election, Electorate, Question, TallyResult

NOT_A_MEMBER = "Only members can nominate: join the foundation first."
NOMINEE_NOT_A_MEMBER = "Only members can be nominated: {nominee} is not a member."
NOMINATIONS_CLOSED = "Nominations for “{election}” closed on {closed}."
ALREADY_NOMINATED = "{nominee} is already nominated for “{election}”."
NOT_THE_NOMINEE = "Only the person nominated can accept a nomination."
ALREADY_ACCEPTED = "You already accepted this nomination; your statement stands."
STATEMENT_REQUIRED = "Write a statement for the voters: it is shown on the ballot."
NOMINATIONS_STILL_OPEN = "Nominations are open until {closes}; the vote starts after that."
VOTE_ALREADY_STARTED = "The vote for “{election}” has already started."
NO_CANDIDATES = "Nobody has accepted a nomination for “{election}”, so there is nothing to vote on."


@dataclass(frozen=True)
class ElectionResult:
    """Who was seated and, when the last seat was tied, who tied for it."""

    seated: tuple
    tied: tuple
    seats_left: int


def _now(now):
    return now or timezone.now()


def nominations_open(election, now=None):
    return election.ballot_id is None and _now(now) < election.nominations_close_at


def _require_open(election, now):
    if not nominations_open(election, now):
        closed = timezone.localtime(election.nominations_close_at).strftime("%d %B %Y, %H:%M")
        raise services.VotingError(NOMINATIONS_CLOSED.format(election=election, closed=closed))


@transaction.atomic
def open_election(*, user, title, seats, nominations_close_at, term_starts, term_ends,
                  voting_days=14):
    """A Director opens nominations for an election of `seats` Directors."""
    services.require_manager(user)
    election = Election(
        title=title, seats=seats, nominations_close_at=nominations_close_at,
        term_starts=term_starts, term_ends=term_ends, voting_days=voting_days, created_by=user,
    )
    election.full_clean()
    election.save()
    log(election, "wagtail.create", user=user)
    return election


def nominate(*, election, user, nominee, now=None):
    """A member nominates a member (themselves included); the nominee is asked to accept."""
    if getattr(user, "member", None) is None:
        raise PermissionDenied(NOT_A_MEMBER)
    if not isinstance(nominee, Member):
        raise services.VotingError(NOMINEE_NOT_A_MEMBER.format(nominee=nominee))
    _require_open(election, now)
    nomination = BoardNomination(election=election, nominee=nominee, nominated_by=user)
    try:
        with transaction.atomic():
            nomination.save()
            log(nomination, "voting.election.nominate", user=user)
            notifications.board_nomination(nomination)
    except IntegrityError:
        raise services.VotingError(
            ALREADY_NOMINATED.format(nominee=nominee.name, election=election)
        ) from None
    return nomination


@transaction.atomic
def accept(*, nomination, user, statement, now=None):
    """The nominee accepts, with a statement for the voters, while nominations are open."""
    nomination = BoardNomination.objects.select_for_update().select_related(
        "election", "nominee"
    ).get(pk=nomination.pk)
    if nomination.nominee.user_id != user.pk:
        raise PermissionDenied(NOT_THE_NOMINEE)
    if nomination.accepted_at is not None:
        raise services.VotingError(ALREADY_ACCEPTED)
    _require_open(nomination.election, now)
    if not statement.strip():
        raise services.VotingError(STATEMENT_REQUIRED)
    nomination.statement = statement.strip()
    nomination.accepted_at = _now(now)
    nomination.save(update_fields=["statement", "accepted_at"])
    log(nomination, "voting.election.accept", user=user)
    return nomination


@transaction.atomic
def start_vote(election, user=None, now=None):
    """Once nominations close, put the accepted nominees to an approval vote and open it."""
    services.require_manager(user)
    election = Election.objects.select_for_update().get(pk=election.pk)
    now = _now(now)
    if election.ballot_id is not None:
        raise services.VotingError(VOTE_ALREADY_STARTED.format(election=election))
    if now < election.nominations_close_at:
        closes = timezone.localtime(election.nominations_close_at).strftime("%d %B %Y, %H:%M")
        raise services.VotingError(NOMINATIONS_STILL_OPEN.format(closes=closes))
    candidates = list(
        election.nominations.filter(accepted_at__isnull=False).select_related("nominee")
    )
    if not candidates:
        raise services.VotingError(NO_CANDIDATES.format(election=election))
    ballot = services.create_ballot(
        title=election.title,
        description=_ballot_description(election, candidates),
        electorate=Electorate.VOTING_MEMBERS,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=election.voting_days),
        user=user,
    )
    question = services.add_question(
        ballot, user=user, kind=Question.Kind.APPROVAL, seats=election.seats,
        text=f"Elect up to {election.seats} Director(s)",
        options=[candidate.nominee.name for candidate in candidates],
    )
    options = question.options.order_by("sort_order")
    for candidate, option in zip(candidates, options, strict=True):
        candidate.option = option
        candidate.save(update_fields=["option"])
    election.ballot = ballot
    election.save(update_fields=["ballot"])
    named = list(election.tellers.all())
    if not named:
        return services.open_ballot(ballot, user=user, now=now)
    # Housekeeping opens it once every teller holds their share (voting.tellers).
    tellers.name_tellers(ballot, named, election.tellers_needed)
    return services.schedule_ballot(ballot, user=user)


def _ballot_description(election, candidates):
    statements = "\n\n".join(
        f"{candidate.nominee.name}: {candidate.statement}" for candidate in candidates
    )
    return (
        f"Approval voting for {election.seats} seat(s) on the Board, for the term "
        f"{election.term_starts:%d %B %Y} to {election.term_ends:%d %B %Y}: mark every "
        f"candidate you approve of, up to {election.seats}. The most-marked win.\n\n"
        f"The candidates' statements:\n\n{statements}"
    )


def election_result(election):
    """Who won and who tied for the last seat, from the stored tally."""
    tallies = list(
        TallyResult.objects.filter(question__ballot=election.ballot_id, count__gt=0)
        .select_related("option__board_nomination__nominee")
        .order_by("-count")
    )
    seats = election.seats
    if len(tallies) <= seats or tallies[seats - 1].count != tallies[seats].count:
        seated = tallies[:seats]
        tied = []
    else:
        last = tallies[seats - 1].count
        seated = [tally for tally in tallies if tally.count > last]
        tied = [tally for tally in tallies if tally.count == last]
    return ElectionResult(
        seated=tuple(tally.option.board_nomination.nominee for tally in seated),
        tied=tuple((tally.option.board_nomination.nominee, tally.count) for tally in tied),
        seats_left=seats - len(seated) if tied else 0,
    )


def is_election_ballot(ballot):
    """Whether a ballot is the vote of a Board election."""
    return Election.objects.filter(ballot=ballot).exists()


def apply_election_outcome(ballot, outcome):
    """Seat the winners for the term; report a tie at the last seat to the Directors."""
    election = Election.objects.get(ballot=ballot)
    result = election_result(election)
    for member in result.seated:
        membership_services.record_board_seat(
            member=member, starts=election.term_starts, ends=election.term_ends
        )
    if result.tied:
        notifications.election_tie(election, result)
