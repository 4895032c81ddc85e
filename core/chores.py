"""Housekeeping runs each chore and each item on its own: a failure is reported, never fatal.

One repeated address or one proposal that could not move once stopped every later
ballot and every e-mail of the run (project issue 17); so each item is tried by
itself, its failure is collected, and the command reports them all at the end.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

logger = logging.getLogger("foundation")
_Result = TypeVar("_Result")


@dataclass(frozen=True)
class Failure:
    """One item of a chore that failed, and why."""

    chore: str
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.chore}: {self.item}: {self.message}"


def readable(error: BaseException) -> str:
    """A refusal's own words; for anything else its kind and text."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, PermissionDenied):
        return str(error)
    return f"{type(error).__name__}: {error}"


def attempt(
    failures: list[Failure], chore: str, item: Any, call: Callable[[], _Result]
) -> _Result | None:
    """Return `call()`; if it raises, log it, add a Failure to `failures` and return None.

    `call` runs in its own transaction (the services are atomic), so a failure
    leaves nothing half-done and the next item starts clean.
    """
    try:
        return call()
    except Exception as error:  # one failing item must not stop the others
        logger.exception("housekeeping: %s: %s failed", chore, item)
        failures.append(Failure(chore, str(item), readable(error)))
        return None


def chore_clock(
    on: datetime.date | None = None, now: datetime.datetime | None = None
) -> tuple[datetime.date, datetime.datetime]:
    """The one (today, now) that every chore of a run uses.

    `housekeeping --today D` runs as at the last moment of D in the site's time zone,
    so whatever falls due on D (a grant's last day, a ballot's opening or closing
    time) is done by D's run, and a missed day can be caught up by running it later.
    For the real today it is the real time, so nothing opens or closes before it is due.
    """
    if now is not None:
        return on or timezone.localdate(now), now
    real_now = timezone.now()
    if on is None or on == timezone.localdate(real_now):
        return timezone.localdate(real_now), real_now
    last_moment = datetime.datetime.combine(on, datetime.time.max)
    return on, timezone.make_aware(last_moment)
