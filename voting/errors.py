"""The one error the voting services raise: a refusal fit to show the person who asked."""

from core.errors import Refusal


class VotingError(Refusal):
    """A refusal with a message fit to show the person who asked."""
