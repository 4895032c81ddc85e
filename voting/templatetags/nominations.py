"""The member dashboard's nominations panel, kept in voting so membership never imports it."""

from django import template
from django.utils import timezone

from voting import elections, fellowship
from voting.models import BoardNomination

register = template.Library()


@register.inclusion_tag("voting/includes/nominations_panel.html", takes_context=True)
def nominations_panel(context, member):
    """Board nominations waiting for the member's answer, and the Fellows' nomination link."""
    now = timezone.now()
    nominations = BoardNomination.objects.filter(nominee=member).select_related("election")
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "to_accept": [n for n in nominations if not n.accepted_at
                      and elections.nominations_open(n.election, now)],
        "standing": [n for n in nominations if n.accepted_at],
        "is_fellow": fellowship.is_fellow(member.user),
    }
