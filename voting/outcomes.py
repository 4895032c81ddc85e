"""Who carries out a closed ballot's outcome: the app that owns its subject says so here.

Voting never imports the apps above it (docs/architecture.md section 1), so each app registers
a handler, `handler(ballot, outcome)`, for the model its ballots are about;
`services.close_ballot` runs it once, after the tally has committed. A handler may
return a short note on what it did. Ballots without a subject (the Fellows' vote, a
Board election) are recognised by a test on the ballot instead.
"""

HANDLERS = {}  # subject model class -> handler
KINDS = []  # (recognises(ballot) -> bool, handler), for ballots without a subject


def register(model_class, handler):
    """Carry out the outcome of ballots about `model_class` with `handler(ballot, outcome)`."""
    HANDLERS[model_class] = handler


def register_kind(recognises, handler):
    """Carry out the outcome of ballots without a subject for which `recognises(ballot)`."""
    if (recognises, handler) not in KINDS:
        KINDS.append((recognises, handler))


def handler_for(ballot):
    """The handler for a ballot's outcome, or None when no app acts on it."""
    if ballot.subject_type_id is not None:
        return HANDLERS.get(ballot.subject_type.model_class())
    return next((handler for recognises, handler in KINDS if recognises(ballot)), None)
