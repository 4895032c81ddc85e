"""The member dashboard's proposals panel, kept in governance so that membership never
imports governance (docs/architecture.md section 1)."""

from django import template
from wagtail.models import Page

from governance.models import CharterPage, ProposalPage, SectionPage, Stage

register = template.Library()

PANEL_LENGTH = 10


@register.inclusion_tag("governance/includes/proposals_panel.html")
def proposals_panel(member):
    """The member's newest proposals and charters with their stage, and where to write one.

    Three queries however many the member wrote: the sections, then each page type.
    """
    sections = {section.path: section for section in SectionPage.objects.all()}
    # Newest first: both types share the page ids, which grow as pages are created.
    written = sorted(
        (
            page
            for model in (ProposalPage, CharterPage)
            for page in model.objects.authored_by(member.user).order_by("-pk")[:PANEL_LENGTH]
        ),
        key=lambda page: page.pk,
        reverse=True,
    )
    discussion = next(s for s in sections.values() if s.stage == Stage.DISCUSSION)
    return {
        "proposals": [
            (page, sections.get(page.path[: -Page.steplen])) for page in written[:PANEL_LENGTH]
        ],
        "discussion": discussion,
        "discussion_stage": Stage.DISCUSSION,
    }
