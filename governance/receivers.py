"""Signal receivers that keep governance's invariants whatever code saves a page."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from governance.models import BaseProposalPage, Resolution, Stage


def _page_content_type_id():
    return ContentType.objects.get_for_model(Page).pk


def restart_decision_on_edit(sender, instance, created, **kwargs):
    """An edit to a proposal being decided restarts the decision on the new text."""
    if not created or instance.base_content_type_id != _page_content_type_id():
        return
    pending = Resolution.objects.filter(
        page_id=instance.object_id, outcome=Resolution.OUTCOME_PENDING
    ).exclude(revision=instance)
    if pending.exists():
        from governance.lifecycle import restart_decision

        restart_decision(instance.content_object.specific, instance)


def record_discussion_submission(sender, instance, user, **kwargs):
    """Wagtail's own "Submit to Publish for discussion" is logged and announced like ours."""
    from governance.lifecycle import record_submission_for_discussion

    page = instance.content_object
    if not isinstance(page, Page):
        return
    page = page.specific
    if isinstance(page, BaseProposalPage) and page.stage == Stage.DISCUSSION:
        record_submission_for_discussion(page, user)
