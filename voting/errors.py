"""The one error the voting services raise: a refusal fit to show the person who asked."""


class VotingError(Exception):
    """A refusal with a message fit to show the person who asked."""
