"""Signals other apps listen to; voting never imports the apps that own a ballot's subject.

ballot_closed: sent once, inside the closing transaction, by `services.close_ballot`.
    sender   the Ballot class
    ballot   the closed Ballot (`ballot.subject` is what it decided, or None)
    outcome  a `services.BallotOutcome`: `.passed` (every binding question met its
             threshold) and `.questions`, one `QuestionOutcome` per question
"""

from django.dispatch import Signal

ballot_closed = Signal()
