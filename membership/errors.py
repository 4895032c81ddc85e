"""The error the membership services raise when a rule refuses what was asked."""

from django.core.exceptions import ValidationError

from core.errors import Refusal


class MembershipError(Refusal, ValidationError):
    """A refusal, per field or for the whole request; a ValidationError, so forms show it."""
