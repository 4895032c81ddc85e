"""Governance's part of the daily `housekeeping` command: reviews, sunsets, group evaluations.

`run(today=None)` is idempotent and safe to call from cron: a reminder is sent
once per policy and review date (a `ReviewReminder` row records it), and a
policy retires once, through `governance.lifecycle.retire`.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from governance import lifecycle, member_votes
from governance.models import ReviewReminder
from governance.selectors import active_policies
from home.mail import queue_mail
from membership.selectors import director_addresses

REVIEW_SUBJECT = "[Governance] “{title}” is due for review on {date}"
REVIEW_BODY = (
    "The policy “{title}” is due for review by the Board on {date}.\n\n"
    "Read it at {url}\nAdopt an amendment, retire it, or set its next review date.\n"
)


@dataclass
class HousekeepingReport:
    """What one run did: reviews announced, policies retired, working-group evaluations."""

    reminded: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    evaluations: list = field(default_factory=list)
    refused: list = field(default_factory=list)


logger = logging.getLogger("foundation")


def run(today=None):
    """Remind the Directors of policies due for review, and retire policies past sunset."""
    today = today or timezone.localdate()
    report = HousekeepingReport()
    # A restricted policy still retires and is still reviewed.
    for policy in active_policies(order="sunset", include_restricted=True):
        if policy.sunset_date and policy.sunset_date <= today:
            lifecycle.retire(policy, None, today=today)
            report.retired.append(policy)
    due = active_policies(
        due_for_review=True, order="review", today=today, include_restricted=True
    )
    for policy in due:
        if _remind_directors(policy):
            report.reminded.append(policy)
    try:
        report.evaluations = member_votes.open_working_group_evaluations(today)
    except lifecycle.TransitionError as refusal:
        # No voting period today, say: the next run tries again.
        logger.warning("Working-group evaluations could not open: %s", refusal)
        report.refused.append(str(refusal))
    return report


def _remind_directors(policy):
    with transaction.atomic():
        _reminder, created = ReviewReminder.objects.get_or_create(
            page=policy, review_date=policy.review_date
        )
        if not created:
            return False
        subject = REVIEW_SUBJECT.format(title=policy.title, date=policy.review_date)
        body = REVIEW_BODY.format(title=policy.title, date=policy.review_date, url=policy.full_url)
        messages = [(subject, body, None, [address]) for address in director_addresses()]
        queue_mail(messages)
    return True

