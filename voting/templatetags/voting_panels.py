"""The member dashboard's voting and nominations panels, kept in voting so that membership
never imports voting (docs/architecture.md section 1)."""

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

from voting import elections, fellowship, selectors
from voting.models import Ballot, BoardNomination, Enrolment

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


@register.inclusion_tag("voting/includes/voting_panel.html")
def voting_panel(member):
    """Where the member stands for this year's voting, and what to do next."""
    period = selectors.current_period()
    enrolment = None
    if period is not None:
        enrolment = Enrolment.objects.filter(
            member=member, period=period, delegate_for__isnull=True
        ).first()
    open_ballots = list(Ballot.objects.open().order_by("closes_at"))
    entries = list(selectors.roll_entries_for(member, ballots=open_ballots))
    return {
        "period": period,
        "enrolment": enrolment,
        "eligible": bool(selectors.enrolment_roles(member)),
        "to_vote": [entry for entry in entries if not entry.voted],
        "voted": [entry for entry in entries if entry.voted],
    }


@register.simple_tag
def closes_in(moment, now=None):
    """ "in 2 days", "in 5 hours", "in 3 minutes": how long until `moment`, in its largest unit."""
    now = now or timezone.now()
    if moment <= now:
        return "now"
    return f"in {timeuntil(moment, now, depth=1)}"
