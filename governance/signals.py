"""Signals governance sends to the apps that act on its decisions (voting listens)."""

from django.dispatch import Signal

# Sent inside the transaction of `lifecycle.refer_to_member_vote`, with
# sender=Resolution and the arguments page, resolution, revision (the pinned text
# the members vote on) and ballot_options (the keyword arguments given to
# refer_to_member_vote). The voting app opens a ballot and, when it closes, calls
# `governance.lifecycle.apply_vote_outcome(page, passed)`.
member_vote_requested = Signal()
