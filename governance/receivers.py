"""Signal receivers that keep governance's invariants whatever code saves a page."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from governance.models import Resolution


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
