"""Governance's part of the daily `housekeeping` command: reviews, sunsets, group evaluations.

`run(on=None, now=None)` is idempotent and safe to call from cron: a reminder is sent
once per policy and review date (a `ReviewReminder` row records it), and a
policy retires once, through `governance.lifecycle.retire`.
"""

import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction

from core.chores import attempt, chore_clock
from core.mail import queue_mail
from governance import lifecycle, member_votes
from governance.models import ReviewReminder
from governance.selectors import active_policies
from membership.selectors import director_addresses

REVIEW_SUBJECT = "[Governance] “{title}” is due for review on {date}"
REVIEW_BODY = (
    "The policy “{title}” is due for review by the Board on {date}.\n\n"
    "Read it at {url}\nAdopt an amendment, retire it, or set its next review date.\n"
)


@dataclass
class HousekeepingReport:
    """What one run did: reviews announced, policies retired, working-group evaluations,
    and the items that failed (`core.chores.Failure`)."""

    reminded: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    evaluations: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    failed: list = field(default_factory=list)


logger = logging.getLogger("foundation")
CHORE = "governance"


def run(on=None, now=None):
    """Remind the Directors of policies due for review, retire policies past sunset, and
    open the working-group evaluations that are due; each policy and group on its own."""
    on, now = chore_clock(on, now)
    report = HousekeepingReport()
    # A restricted policy still retires and is still reviewed.
    past_sunset = [policy for policy in active_policies(order="sunset", include_restricted=True)
                   if policy.sunset_date and policy.sunset_date <= on]
    for policy in past_sunset:
        if attempt(report.failed, CHORE, policy, partial(_retire, policy, on)):
            report.retired.append(policy)
    due = active_policies(
        due_for_review=True, order="review", on=on, include_restricted=True
    )
    for policy in due:
        if attempt(report.failed, CHORE, policy, partial(_remind_directors, policy)):
            report.reminded.append(policy)
    groups = attempt(report.failed, CHORE, "working-group evaluations",
                     partial(member_votes.groups_due_for_evaluation, on)) or []
    for group in groups:
        attempt(report.failed, CHORE, group, partial(_open_evaluation, group, now, report))
    return report


def chore(*, on, now):
    """`run` as `housekeeping` reports it: what was done, by name, and what failed."""
    report = run(on=on, now=now)
    return {
        "review reminders": report.reminded, "retired": report.retired,
        "working-group evaluations opened": report.evaluations, "refused": report.refused,
        "failed": report.failed,
    }


def _retire(policy, on):
    lifecycle.retire(policy, user=None, on=on)
    return True


def _open_evaluation(group, now, report):
    try:
        report.evaluations.append(member_votes.open_evaluation(group, now=now))
    except lifecycle.TransitionError as refusal:
        # No voting period today, say: the next run tries again.
        logger.warning("The evaluation of working group %s could not open: %s", group.pk, refusal)
        report.refused.append(f"{group}: {refusal.messages[0]}")


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

