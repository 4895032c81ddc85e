"""Writes about proposals that are not lifecycle transitions: members' stances and the
discussion (comments, replies, hiding, reports)."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from core.addresses import absolute_url
from core.errors import Refusal
from core.mail import queue_mail
from core.page_cache import purge_page_on_commit
from core.roles import MODERATORS_GROUP, is_member, is_moderator
from governance.models import (
    COMMENT_MAX_LENGTH,
    BaseProposalPage,
    Comment,
    CommentReport,
    Position,
    Stage,
    Stance,
)
from membership.selectors import director_addresses

NOT_A_MEMBER = "Only a member may record a stance; join the foundation first."
POLL_CLOSED = "The poll is closed: this proposal is no longer in discussion."
BLOCK_NEEDS_REASON = "A block needs a reason: say what would have to change for you to agree."
UNKNOWN_POSITION = "Choose agree, abstain, disagree or block."


@transaction.atomic
def record_stance(
    page: BaseProposalPage, *, user: User, position: str, reason: str = ""
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


# The discussion on a proposal (issue 21): comments, replies, hiding and reports.

NOT_A_MEMBER_COMMENT = "Only a member may take part in the discussion; join the foundation first."
NOT_A_MODERATOR = "Only a moderator may hide a comment."
EMPTY_COMMENT = "Write something before you post."
COMMENT_TOO_LONG = f"A comment can be at most {COMMENT_MAX_LENGTH:,} characters."
DISCUSSION_CLOSED = (
    "The discussion is closed: this proposal is no longer in discussion. "
    "The thread stays here to read."
)
REPLY_TO_HIDDEN = "A moderator hid this comment, so it takes no replies."
REPLY_ELSEWHERE = "A reply must answer a comment on the same proposal."
HIDING_NEEDS_REASON = "Say why the comment is hidden: the reason is shown in its place."
ALREADY_HIDDEN = "A moderator has already hidden this comment."
REPORT_OWN_COMMENT = "You cannot report your own comment."
REPORT_HIDDEN = "A moderator has already hidden this comment; there is nothing left to report."


class DiscussionError(Refusal, ValidationError):
    """A comment, reply, hiding or report the discussion's rules refuse; nothing was saved."""


@transaction.atomic
def post_comment(
    page: BaseProposalPage, *, author: User, text: str, reply_to: Comment | None = None
) -> Comment:
    """A member comments on a proposal in discussion, or replies to a comment on it.

    Threads are one level deep: a reply to a reply answers the comment that starts its thread.
    """
    if not is_member(author):
        raise PermissionDenied(NOT_A_MEMBER_COMMENT)
    text = _required_text(text, EMPTY_COMMENT)
    if len(text) > COMMENT_MAX_LENGTH:
        raise DiscussionError(COMMENT_TOO_LONG)
    _lock_open_discussion(page)
    if reply_to is not None:
        # Read afresh: a moderator may have hidden it since the form was shown.
        reply_to = _thread_start(page, Comment.objects.get(pk=reply_to.pk))
    comment = Comment(page=page, author=author, text=text, reply_to=reply_to)
    comment.full_clean()
    comment.save()
    purge_page_on_commit(page)
    return comment


@transaction.atomic
def hide_comment(comment: Comment, *, moderator: User, reason: str) -> Comment:
    """A moderator hides a comment; the reason is shown in its place for good."""
    if not is_moderator(moderator):
        raise PermissionDenied(NOT_A_MODERATOR)
    reason = _required_text(reason, HIDING_NEEDS_REASON)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_hidden:
        raise DiscussionError(ALREADY_HIDDEN)
    comment.hidden_at, comment.hidden_by, comment.hiding_reason = timezone.now(), moderator, reason
    comment.full_clean()
    comment.save(update_fields=["hidden_at", "hidden_by", "hiding_reason"])
    purge_page_on_commit(comment.page)
    return comment


@transaction.atomic
def report_comment(comment: Comment, *, reporter: User, reason: str = "") -> CommentReport:
    """A member reports a comment under the Code of Conduct; the moderators are e-mailed.

    A second report of the same comment by the same member changes nothing.
    """
    if not is_member(reporter):
        raise PermissionDenied(NOT_A_MEMBER_COMMENT)
    if comment.author_id == reporter.pk:
        raise DiscussionError(REPORT_OWN_COMMENT)
    if comment.is_hidden:
        raise DiscussionError(REPORT_HIDDEN)
    report, created = CommentReport.objects.get_or_create(
        comment=comment, reporter=reporter, defaults={"reason": (reason or "").strip()}
    )
    if created:
        report.full_clean()
        _tell_moderators(report)
    return report


def _required_text(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DiscussionError(message)
    return text


def _lock_open_discussion(page: BaseProposalPage) -> None:
    # Locked as the lifecycle locks it: no comment lands after the proposal moves on.
    list(Page.objects.select_for_update().filter(pk=page.pk).values_list("pk"))
    page.refresh_from_db()
    if not (page.live and page.stage == Stage.DISCUSSION):
        raise DiscussionError(DISCUSSION_CLOSED)


def _thread_start(page: BaseProposalPage, reply_to: Comment) -> Comment:
    if reply_to.page_id != page.pk:
        raise DiscussionError(REPLY_ELSEWHERE)
    if reply_to.is_hidden:
        raise DiscussionError(REPLY_TO_HIDDEN)
    if reply_to.reply_to_id is None:
        return reply_to
    return _thread_start(page, Comment.objects.get(pk=reply_to.reply_to_id))


def _tell_moderators(report: CommentReport) -> None:
    comment = report.comment
    page = comment.page.specific
    subject = f"[Governance] A comment on “{page.title}” was reported"
    body = (
        f"A member reported a comment on “{page.title}” under the Code of Conduct.\n\n"
        f"The comment, by {comment.author_name}:\n{comment.text}\n\n"
        f"Their reason: {report.reason or '(none given)'}\n\n"
        f"Read it in its thread: {page.full_url}#comment-{comment.pk}\n"
        f"Hide it: {absolute_url(reverse('governance_hide_comment', args=[comment.pk]))}\n"
    )
    moderators = director_addresses(groups=[MODERATORS_GROUP])
    queue_mail([(subject, body, None, [address]) for address in moderators])
