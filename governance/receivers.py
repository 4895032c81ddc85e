"""Signal receivers that keep governance's invariants whatever code saves a page."""

from wagtail.models import Page

from governance.models import BaseProposalPage, Stage


def record_discussion_submission(sender, instance, user, **kwargs):
    """Wagtail's own "Submit to Publish for discussion" is logged and announced like ours."""
    from governance.lifecycle import record_submission_for_discussion

    page = instance.content_object
    if not isinstance(page, Page):
        return
    page = page.specific
    if isinstance(page, BaseProposalPage) and page.stage == Stage.DISCUSSION:
        record_submission_for_discussion(page, user=user)


def announce_discussion(sender, instance, user, **kwargs):
    """A moderator's approval published a proposal for discussion: its followers are told."""
    from governance.lifecycle import record_opened_for_discussion

    if not isinstance(instance.content_object, Page):
        return
    # Read again: the approval published the page through another instance of it.
    page = Page.objects.specific().get(pk=instance.content_object.pk)
    if isinstance(page, BaseProposalPage) and page.live and page.stage == Stage.DISCUSSION:
        record_opened_for_discussion(page, user=user, requested_by=instance.requested_by)
