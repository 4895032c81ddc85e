"""Voting's part of the `housekeeping` command: safe to run as often as cron likes.

Each period, ballot and election is handled on its own: one that fails is reported
in `failed` and the others still open, close and have their outcomes applied.
"""

import logging
from functools import partial

from core.chores import Failure, attempt, chore_clock
from voting import closing_reminders, elections, services, tellers
from voting.models import Ballot, Election, OutcomeStatus, VotingPeriod

logger = logging.getLogger("foundation")
CHORE = "voting"


def run(on=None, now=None):
    """Send period invitations once, open ballots and elections' votes, close those due.

    Returns what was done, by name, for the command to report; `failed` lists the
    items that failed, each a `core.chores.Failure`.
    """
    on, now = chore_clock(on, now)
    done = {
        "invitations_sent": 0, "ballots_opened": 0, "election_votes_started": 0,
        "ballots_closed": 0, "ballots_awaiting_tellers": 0, "tellers_reminded": 0,
        "voters_reminded": 0, "outcomes_retried": 0, "refused": [], "failed": [],
    }
    for period in VotingPeriod.objects.covering(on).filter(invitations_sent_at__isnull=True):
        sent = attempt(done["failed"], CHORE, period,
                       partial(services.send_period_invitations, period, on=on))
        done["invitations_sent"] += sent or 0
    for ballot in Ballot.objects.due_to_open(now):
        attempt(done["failed"], CHORE, _item(ballot), partial(_open, ballot, now, done))
    for election in Election.objects.filter(ballot__isnull=True, nominations_close_at__lte=now):
        attempt(done["failed"], CHORE, election, partial(_start_vote, election, now, done))
    for ballot in Ballot.objects.due_to_close(now):
        attempt(done["failed"], CHORE, _item(ballot), partial(_close, ballot, now, done))
    for ballot in Ballot.objects.to_count():
        attempt(done["failed"], CHORE, _item(ballot), partial(_count, ballot, done))
    done["tellers_reminded"] = attempt(
        done["failed"], CHORE, "teller reminders", partial(tellers.remind, on)) or 0
    for ballot in closing_reminders.ballots_closing_soon(now):
        done["voters_reminded"] += attempt(
            done["failed"], CHORE, _item(ballot), partial(closing_reminders.remind, ballot)) or 0
    for ballot in Ballot.objects.outcome_pending():
        attempt(done["failed"], CHORE, _item(ballot), partial(_retry_outcome, ballot, done))
    return done


def _item(ballot):
    return f"ballot {ballot.pk} “{ballot}”"


def _open(ballot, now, done):
    _unless_refused(
        partial(services.open_ballot, ballot, now=now), ballot, done, "ballots_opened",
        warning="Ballot %s could not be opened: %s",
    )


def _start_vote(election, now, done):
    _unless_refused(
        partial(elections.start_vote, election, now=now), election, done,
        "election_votes_started", warning="The vote for election %s could not start: %s",
    )


def _unless_refused(step, subject, done, counter, *, warning):
    """Take a step and count it; a refused one is reported and counted as refused."""
    try:
        step()
    except services.VotingError as refusal:
        # Left as it is so that a Director sees it; the next run tries again.
        logger.warning(warning, subject.pk, refusal)
        done["refused"].append(f"{subject}: {refusal}")
    else:
        done[counter] += 1


def _close(ballot, now, done):
    services.close_ballot(ballot, now=now)
    ballot.refresh_from_db()
    if ballot.status == Ballot.Status.AWAITING_TELLERS:
        done["ballots_awaiting_tellers"] += 1
        return
    done["ballots_closed"] += 1
    _report_outcome(ballot, done)


def _count(ballot, done):
    """Count a ballot whose voting ended but whose count task did not finish, or never ran.

    A tellers ballot is counted once its tellers have entered enough shares.
    """
    try:
        counted = services.count_ballot(ballot)
    except services.VotingError as refusal:
        done["refused"].append(f"{ballot}: {refusal}")
        return
    if counted is not None:
        done["ballots_closed"] += 1
        ballot.refresh_from_db()
        _report_outcome(ballot, done)


def _retry_outcome(ballot, done):
    services.apply_outcome(ballot)
    done["outcomes_retried"] += 1
    ballot.refresh_from_db()
    _report_outcome(ballot, done)


def _report_outcome(ballot, done):
    """A closed ballot whose outcome was not applied is a failure of the run."""
    if ballot.outcome_status == OutcomeStatus.NOT_APPLIED:
        done["failed"].append(Failure(CHORE, _item(ballot), ballot.outcome_note))
