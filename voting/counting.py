"""Counting in the worker: a Director's "Close now" and the last teller's share end voting
in the request and leave the count to the `count_ballot` task (docs/architecture.md, section 5).

Opening 100,000 sealed ballots takes seconds, too long for a request. The task is
enqueued once the end of voting commits; one that fails is tried again after a
growing delay and, after its last try, raises, so staff see it in the "Failed
background work" report. Should it never run, housekeeping counts every ballot left
being counted (voting/housekeeping.py).
"""

import logging
from functools import partial

from django.contrib.auth.models import User
from django.db import transaction
from django_tasks import task

from core.task_retries import MAX_TRIES, try_later
from voting import services
from voting.models import Ballot

logger = logging.getLogger("foundation")


def close_now(ballot: Ballot, *, user: User | None) -> Ballot:
    """Stop taking votes now; the count follows in the worker."""
    ballot = services.end_voting(ballot, user=user)
    _count_after_commit(ballot)
    return ballot


def enter_share(ballot: Ballot, *, user: User, words: str) -> bool:
    """Keep a teller's share; True once enough are in, and the count follows in the worker."""
    ready = services.enter_share(ballot, user=user, words=words)
    _count_after_commit(ballot)
    return ready


def _count_after_commit(ballot: Ballot) -> None:
    if ballot.status == Ballot.Status.COUNTING:
        transaction.on_commit(partial(count_ballot.enqueue, ballot.pk))


@task()
def count_ballot(ballot_id: int, tries: int = 1) -> None:
    """Count a ballot whose voting has ended; a failed try is enqueued again, the last raises.

    Counting is idempotent, so a try that meets a ballot already counted does nothing.
    The immediate backend (tests) cannot wait, so there the first try is the last.
    """
    try:
        services.count_ballot(Ballot.objects.get(pk=ballot_id))
    except Exception:
        logger.warning("Counting ballot %s failed (try %s of %s)", ballot_id, tries, MAX_TRIES)
        if not try_later(count_ballot, ballot_id, tries=tries):
            raise
