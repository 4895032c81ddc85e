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
        record_submission_for_discussion(page, user)
