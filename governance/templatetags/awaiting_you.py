"""The "Awaiting you" section of the member dashboard and the count beside "Dashboard" in the
header: both read `governance.awaiting` once per request."""

from django import template

from governance.awaiting import AwaitingYou, awaiting_you

register = template.Library()


@register.simple_tag(takes_context=True)
def awaiting_for_viewer(context) -> AwaitingYou:
    """What awaits the person viewing the page, read once however often a page asks."""
    request = context.get("request")
    if request is None:
        return AwaitingYou([], [], [])
    if not hasattr(request, "awaiting_you"):
        request.awaiting_you = awaiting_you(getattr(request, "user", None))
    return request.awaiting_you


@register.inclusion_tag("governance/includes/awaiting_you.html", takes_context=True)
def awaiting_panel(context):
    return {"awaiting": awaiting_for_viewer(context)}
