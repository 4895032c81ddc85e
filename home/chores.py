"""The housekeeping chores as tasks: cron enqueues one per chore, the worker runs them.

Each chore runs in its own task, so one that fails stops no other; it is tried again
after a growing delay and, when its last try fails too, the task raises, and staff see
it in the "Failed background work" report (docs/architecture.md, section 5). Every
chore is idempotent, so trying one again repeats only what is still to do.
"""

import datetime
import logging
from functools import partial

from django_tasks import task

from core.chores import attempt
from core.locks import cluster_lock
from core.mail import forget_sent_mail
from core.task_retries import MAX_TRIES, try_later
from governance import following
from governance import housekeeping as governance_housekeeping
from membership import housekeeping as membership_housekeeping
from voting import housekeeping as voting_housekeeping

logger = logging.getLogger("foundation")
ALREADY_RUNNING = "already running on another server"


def forget_old_mail(*, on, now):
    """The outbox is not an archive: what was sent long ago goes."""
    return {"forgotten": forget_sent_mail(now)}


# In the order a run needs them: grants and delegations end before a ballot fixes its roll.
CHORES = {
    "governance": governance_housekeeping.chore,
    "membership": membership_housekeeping.chore,
    "voting": voting_housekeeping.run,
    # After voting: a closed ballot's outcome is news for the digests.
    "digests": following.send_digests,
    "mail": forget_old_mail,
}


class ChoreFailed(Exception):
    """A chore whose last try still failed; the message lists what failed."""


def run_chore_here(name, on, now):
    """Run one chore in this process on the run's clock: (what it did, what failed).

    A chore runs once at a time in the cluster: a retry that meets the next run's
    task, or a `--today` replay beside the worker, leaves it to the one running.
    """
    failures = []
    with cluster_lock(f"housekeeping {name}") as acquired:
        if not acquired:
            return {"skipped": ALREADY_RUNNING}, failures
        done = attempt(failures, name, "run", partial(CHORES[name], on=on, now=now)) or {}
    failures.extend(done.pop("failed", []))
    return done, failures


@task()
def run_chore(name, on, now, tries=1):
    """Run one chore in the worker on the clock of the run that enqueued it (ISO dates)."""
    done, failures = run_chore_here(
        name, datetime.date.fromisoformat(on), datetime.datetime.fromisoformat(now)
    )
    if failures:
        _try_again_or_give_up(name, on, now, tries, failures)
    return {key: str(value) for key, value in done.items()}


def _try_again_or_give_up(name, on, now, tries, failures):
    """Enqueue the next try after a growing delay; after the last one, raise."""
    failed = "; ".join(str(failure) for failure in failures)
    logger.warning("housekeeping: %s failed (try %s of %s): %s", name, tries, MAX_TRIES, failed)
    if not try_later(run_chore, name, on, now, tries=tries):
        raise ChoreFailed(failed)
