"""Voting's part of the `housekeeping` command: safe to run as often as cron likes."""

import logging

from django.utils import timezone

from voting import elections, services
from voting.models import Ballot, Election, VotingPeriod

logger = logging.getLogger("foundation")


def run(today=None, now=None):
    """Send period invitations once, open ballots and elections' votes, close those due.

    Returns what was done, by name, for the command to report.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    done = {
        "invitations_sent": 0, "ballots_opened": 0, "election_votes_started": 0,
        "ballots_closed": 0, "refused": [],
    }
    for period in VotingPeriod.objects.covering(today).filter(invitations_sent_at__isnull=True):
        done["invitations_sent"] += services.send_period_invitations(period, today=today)
    for ballot in Ballot.objects.due_to_open(now):
        try:
            services.open_ballot(ballot)
        except services.VotingError as refusal:
            # Left scheduled so that a Director sees it; the next run tries again.
            logger.warning("Ballot %s could not be opened: %s", ballot.pk, refusal)
            done["refused"].append(f"{ballot}: {refusal}")
        else:
            done["ballots_opened"] += 1
    for election in Election.objects.filter(ballot__isnull=True, nominations_close_at__lte=now):
        try:
            elections.start_vote(election, now=now)
        except services.VotingError as refusal:
            logger.warning("The vote for election %s could not start: %s", election.pk, refusal)
            done["refused"].append(f"{election}: {refusal}")
        else:
            done["election_votes_started"] += 1
    for ballot in Ballot.objects.due_to_close(now):
        services.close_ballot(ballot)
        done["ballots_closed"] += 1
    return done
