"""Admin view where the Board sends waiting Sponsor Member applications to a member vote."""

import re
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.tables import Column, Table

from core.roles import is_board_officer
from core.tables import TemplateColumn
from governance.member_votes import refer_sponsor_application
from membership.models import SponsorOrganisation
from voting.models import Ballot

REFERRED = "The application of {name} is now a member vote, open until {closes}."


class WaitingApplication(NamedTuple):
    """An organisation that applied, and the member vote on its application if there is one."""

    organisation: SponsorOrganisation
    ballot: Ballot | None


COLUMNS = [
    TemplateColumn("organisation", cell_template_name="governance/admin/cells/organisation.html"),
    Column("level", accessor="organisation.level"),
    TemplateColumn("ballot", label="Member vote",
                   cell_template_name="governance/admin/cells/member_vote.html"),
]


@require_http_methods(["GET", "POST"])
def sponsor_applications(request):
    """List waiting applications; POST sends one to the members."""
    if not is_board_officer(request.user):
        return HttpResponseForbidden("Only a Director or Officer may send applications to a vote.")
    if request.method == "POST":
        return _refer(request)
    waiting = SponsorOrganisation.objects.filter(
        status=SponsorOrganisation.Status.APPLIED
    ).select_related("level")
    ballots = {
        ballot.subject_id: ballot
        for ballot in Ballot.objects.about_any(
            SponsorOrganisation, [organisation.pk for organisation in waiting]
        ).order_by("opens_at")
    }
    rows = [
        WaitingApplication(organisation, _ballot_on(organisation, ballots))
        for organisation in waiting
    ]
    return TemplateResponse(request, "governance/admin/sponsor_applications.html", {
        "applications": Table(COLUMNS, rows),
    })


def _ballot_on(organisation, ballots):
    # An organisation that applies again after its term lapsed has its first vote behind it.
    ballot = ballots.get(organisation.pk)
    return ballot if ballot and ballot.opens_at >= organisation.applied_at else None


def _refer(request):
    organisation_id = request.POST.get("organisation", "")
    if not re.fullmatch(r"[0-9]{1,18}", organisation_id):
        raise Http404("No such application.")
    organisation = get_object_or_404(SponsorOrganisation, pk=organisation_id)
    try:
        ballot = refer_sponsor_application(organisation, request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            REFERRED.format(name=organisation.name, closes=f"{ballot.closes_at:%d %B %Y %H:%M}"),
        )
    return redirect(reverse("governance_sponsor_applications"))
