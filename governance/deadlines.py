"""How long a proposal has been in discussion, and when the Board may first decide it.

A proposal's discussion starts when it is first published for discussion, and starts
again each time it is returned to discussion; `GovernanceRules` sets how many days it
lasts at least before a Director or Officer may move it to resolution.
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import PageLogEntry

from governance.models import BaseProposalPage, GovernanceRules

DAY = "j F Y"
TOO_EARLY = (
    "This proposal has been in discussion since {since}; the Board may move it to "
    "resolution from {earliest}."
)


def discussion_started(page: BaseProposalPage) -> datetime.date | None:
    """The day the proposal's discussion started, or None if it was never published."""
    return _started([page])[page.pk]


def discussion_dates(page: BaseProposalPage) -> tuple[datetime.date | None, datetime.date | None]:
    """The day the discussion started and the earliest decision: the first day the proposal
    may move to resolution, None when no minimum holds it back."""
    return discussion_dates_of([page])[page.pk]


def discussion_dates_of(
    pages: Iterable[BaseProposalPage],
) -> dict[int, tuple[datetime.date | None, datetime.date | None]]:
    """`discussion_dates` for each page by id, in two queries however many pages."""
    started = _started(pages)
    days = GovernanceRules.load().minimum_discussion_days
    return {
        pk: (since, since + datetime.timedelta(days=days) if since and days else None)
        for pk, since in started.items()
    }


def _started(pages: Iterable[BaseProposalPage]) -> dict[int, datetime.date | None]:
    pages = list(pages)
    returned = dict(
        PageLogEntry.objects.filter(
            page_id__in=[page.pk for page in pages], action="governance.return_to_discussion"
        )
        .order_by("timestamp", "pk")
        .values_list("page_id", "timestamp")
    )
    started = {page.pk: returned.get(page.pk) or page.first_published_at for page in pages}
    return {pk: timezone.localdate(when) if when else None for pk, when in started.items()}


def discussed_enough(earliest: datetime.date | None, *, on: datetime.date) -> bool:
    """Whether a discussion whose earliest decision is `earliest` has run its minimum `on`."""
    return earliest is None or on >= earliest


def too_early(page: BaseProposalPage, *, on: datetime.date | None = None) -> str | None:
    """Why the proposal may not move to resolution `on` (default today), or None if it may."""
    started, earliest = discussion_dates(page)
    if started is None or earliest is None:  # never published, or no minimum holds it back
        return None
    if discussed_enough(earliest, on=on or timezone.localdate()):
        return None
    return TOO_EARLY.format(since=date_format(started, DAY), earliest=date_format(earliest, DAY))
