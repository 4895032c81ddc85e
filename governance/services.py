"""Writes about proposals that are not lifecycle transitions: members' stances."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.page_cache import purge_page_on_commit
from core.roles import is_member
from governance.models import BaseProposalPage, Position, Stage, Stance

NOT_A_MEMBER = "Only a member may record a stance; join the foundation first."
POLL_CLOSED = "The poll is closed: this proposal is no longer in discussion."
BLOCK_NEEDS_REASON = "A block needs a reason: say what would have to change for you to agree."
UNKNOWN_POSITION = "Choose agree, abstain, disagree or block."


@transaction.atomic
def record_stance(
    page: BaseProposalPage, user: User, position: str, reason: str = ""
) -> Stance:
    """Record or change a member's stance on a proposal while it is in discussion."""
    if not is_member(user):
        raise PermissionDenied(NOT_A_MEMBER)
    if position not in Position.values:
        raise ValidationError(UNKNOWN_POSITION)
    reason = (reason or "").strip()
    if position == Position.BLOCK and not reason:
        raise ValidationError(BLOCK_NEEDS_REASON)
    page.refresh_from_db()
    if not (page.live and page.stage == Stage.DISCUSSION):
        raise ValidationError(POLL_CLOSED)
    stance = Stance.objects.filter(page=page, member=user).first() or Stance(
        page=page, member=user
    )
    stance.position, stance.reason = position, reason
    stance.full_clean()
    stance.save()
    # The public page shows the tally, so its cached copy goes.
    purge_page_on_commit(page)
    return stance
