"""`{% governance_url %}` and `{% section_url "active" %}`: the menu's and breadcrumbs'
links to the governance pages, found by type and stage, so an editor who changes a
slug in the promote tab never leaves every page linking to nothing."""

from django import template

from core.page_addresses import remembered_page_url
from governance.models import GovernanceIndexPage, SectionPage, Stage

register = template.Library()


@register.simple_tag(takes_context=True)
def governance_url(context: template.Context) -> str | None:
    """The address of the governance index."""
    return remembered_page_url(
        context, name="governance", find=lambda: GovernanceIndexPage.objects.first()
    )


@register.simple_tag(takes_context=True)
def section_url(context: template.Context, stage: str) -> str | None:
    """The address of the section of this stage ("discussion", "active", ...)."""
    stage = Stage(stage)
    return remembered_page_url(
        context, name=f"section:{stage}",
        find=lambda: SectionPage.objects.filter(stage=stage).first(),
    )
