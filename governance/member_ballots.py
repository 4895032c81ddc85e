"""Opening the binding ballots governance puts to the voting members.

The lifecycle calls `open_referral_ballot` directly when the Board refers a proposal
to a member vote, in the referral's own transaction: a ballot that cannot open undoes
the referral, and there is no signal between two parts of one app
(docs/architecture.md, section 1).
"""

import datetime

from django.utils import timezone

from governance.roles import TransitionError
from voting import services as voting_services
from voting.models import Electorate

VOTE_DAYS = 14


def open_member_vote(*, title, question, subject, days, description="", user=None, now=None):
    """A binding yes/no ballot of the voting members about `subject`, open from now."""
    now = now or timezone.now()
    ballot = voting_services.create_ballot(
        title=title,
        description=description,
        electorate=Electorate.VOTING_MEMBERS,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=days),
        questions=[{"text": question, "binding": True}],
        subject=subject,
        user=user,
    )
    try:
        voting_services.open_ballot(ballot, user=user, now=now)
    except voting_services.VotingError as error:
        raise TransitionError(str(error)) from error
    return ballot


def open_referral_ballot(page, resolution, *, days=VOTE_DAYS):
    """The binding ballot on a referred proposal: the pinned revision, shown in full."""
    return open_member_vote(
        title=f"Adopt “{page.title}”?",
        question=f"Should the foundation adopt “{page.title}” as referred by the Board?",
        description=(
            f"A binding vote of the voting members on the text the Board referred "
            f"(revision {resolution.revision_id}, fingerprint {resolution.fingerprint}). The "
            f"text is shown below in full; the proposal and its discussion: {page.full_url}"
        ),
        subject=resolution,
        days=days,
    )
