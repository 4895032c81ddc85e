"""The member dashboard's proposals panel, kept in governance so that membership never
imports governance (docs/architecture.md section 1)."""

from django import template

from governance.models import CharterPage, ProposalPage, SectionPage, Stage
from governance.selectors import proposal_standings

register = template.Library()

PANEL_LENGTH = 10


@register.inclusion_tag("governance/includes/proposals_panel.html")
def proposals_panel(member):
    """The member's newest proposals and charters with their state, and where to write one.

    A fixed number of queries however many the member wrote: each page type, then
    what `proposal_standings` reads.
    """
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
    standings = proposal_standings(written[:PANEL_LENGTH])
    return {
        "standings": standings,
        "discussion": SectionPage.objects.get(stage=Stage.DISCUSSION),
        "user": member.user,
    }


@register.inclusion_tag("governance/includes/writing_links.html")
def writing_links(section, user):
    """Where to write a proposal or a charter in `section`, straight into the editor for
    that page type, for a user who may add pages there."""
    may_write = section.stage == Stage.DISCUSSION and section.permissions_for_user(
        user
    ).can_add_subpage()
    return {"section": section, "may_write": may_write}
