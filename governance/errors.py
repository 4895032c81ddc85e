"""Governance's refusal for a proposal in the wrong state, below both the roles and the
amendments, so neither has to import the other to raise it."""

from django.core.exceptions import ValidationError

from core.errors import Refusal


class TransitionError(Refusal, ValidationError):
    """A transition asked of a proposal in the wrong state; nothing was changed."""
