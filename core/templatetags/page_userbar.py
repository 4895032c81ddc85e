"""{% page_userbar %}: Wagtail's userbar, for those who may edit the page they are reading.

Every member may use the admin (to draft proposals), so Wagtail would give each of
them the userbar on every page: six queries and about half of a member's page
view, to offer a member reading a policy nothing they can do. Readers get the page
alone; members find the editor through "Write a proposal" on their dashboard.
"""

from django import template
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

register = template.Library()


@register.simple_tag(takes_context=True)
def page_userbar(context: template.Context) -> str:
    request, page = context.get("request"), context.get("page")
    if request is None or page is None or not request.user.is_authenticated:
        return ""
    # Only an editor previews, and a page being added has no permissions of its own yet.
    previewing = getattr(request, "is_preview", False)
    if previewing or page.permissions_for_user(request.user).can_edit():
        return wagtailuserbar(context)
    return ""
