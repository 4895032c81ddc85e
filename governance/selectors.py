"""Reads that several governance views share."""

from wagtail.models import PageLogEntry

# The transitions the public timeline shows, besides the first publication.
TIMELINE_ACTIONS = (
    "wagtail.publish",
    "governance.submit_for_discussion",
    "governance.move_to_resolution",
    "governance.restart_decision",
    "governance.refer_to_member_vote",
    "governance.apply_vote_outcome",
    "governance.adopt",
    "governance.reject",
    "governance.withdraw",
    "governance.retire",
    "governance.amend",
)


def proposal_timeline(page):
    """Every transition of a proposal, oldest first, as (timestamp, label, message)."""
    entries = PageLogEntry.objects.filter(page=page, action__in=TIMELINE_ACTIONS).order_by(
        "timestamp", "pk"
    )
    return [(entry.timestamp, entry.label, entry.message) for entry in entries]
