"""Signals for notifications only; what a ballot decides is carried out through `outcomes`.

ballot_closed: sent once by `services.close_ballot`, after the close has committed and
    after the outcome's handler (see `voting.outcomes`) has run. A receiver's failure
    is logged and changes nothing: no decision may depend on a receiver.
    sender   the Ballot class
    ballot   the closed Ballot (`ballot.outcome_status` says whether its outcome was applied)
    outcome  a `selectors.BallotOutcome`: `.passed` (every binding question met its
             threshold) and `.questions`, one `QuestionOutcome` per question
"""

from django.dispatch import Signal

ballot_closed = Signal()
