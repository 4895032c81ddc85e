"""The last step of an approved Wagtail workflow, for every page on the site.

Wagtail's default publishes the page's *latest* revision. For a proposal in
resolution that would be any draft saved since the text was pinned, so the
lifecycle publishes the decided revision itself and this step publishes
nothing for it (strategic decision-making: the text decided is the text
discussed). Every other page is published as Wagtail would.

Named by the WAGTAIL_FINISH_WORKFLOW_ACTION setting, which Wagtail imports
while its models load: so nothing here is imported at module level.
"""


def finish_workflow(workflow_state, user=None):
    """Publish an approved page, unless the lifecycle publishes its decided text."""
    from wagtail.workflows import publish_workflow_state

    from governance.models import BaseProposalPage

    page = workflow_state.content_object.specific
    if not isinstance(page, BaseProposalPage):
        publish_workflow_state(workflow_state, user=user)
    elif not page.text_is_frozen():
        # The task's approval is the authority here: moderators approve submissions but
        # may not publish anything themselves (governance.permissions).
        page.get_latest_revision().publish(user=user, skip_permission_checks=True)
