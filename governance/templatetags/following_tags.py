"""{% follow_button page %}: the logged-in member's follow or unfollow button.

Personal, so it never goes inside a `public_fragment`; the page cache serves whole
pages only to visitors without a session, who see no button.
"""

from django import template

from core.roles import is_member
from governance import following
from governance.models import BaseProposalPage, SectionPage
from governance.roles import is_author

register = template.Library()


@register.inclusion_tag("governance/includes/follow_button.html", takes_context=True)
def follow_button(context, page):
    user = context["request"].user
    if not is_member(user):
        return {"shown": False}
    author = isinstance(page, BaseProposalPage) and is_author(page, user)
    return {
        "shown": True,
        "page": page,
        "author": author,
        "following": author or following.follows(page, user),
        "is_section": isinstance(page, SectionPage),
    }
