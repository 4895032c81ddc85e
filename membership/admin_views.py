"""Staff-side views in the Wagtail admin: payments, sponsor renewals, creating through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogContext
from wagtail_modeladmin.views import CreateView, InspectView

from core.tables import DayColumn, TemplateColumn
from membership import selectors, services
from membership.csv_import import CsvImportError
from membership.forms import (
    CsvUploadForm,
    DelegationEndForm,
    ProFormaCharterReviewForm,
    SponsorRenewalForm,
)
from membership.models import ProFormaCharter, SponsorDelegate, SponsorOrganisation
from membership.payments import PAYMENT_COLUMNS, import_payments

MESSAGE_PAYMENTS_IMPORTED = "{count} contributions recorded."
MESSAGE_RENEWED = "{name} is renewed: its term runs from {starts} to {ends}."
MESSAGE_DELEGATION_ENDED = "{member} is no longer a delegate of {organisation}; the seat is free."
MESSAGE_PRO_FORMA_DECIDED = "The pro-forma charter of {member} for {organisation} is {status}."


class PaymentImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a payment export; every row is checked first and a bad row saves nothing."""

    form_class = CsvUploadForm
    template_name = "membership/admin/payment_import.html"
    page_title = "Import payments"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("membership.add_contribution"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=",".join(PAYMENT_COLUMNS), **kwargs)

    def form_valid(self, form):
        try:
            contributions = import_payments(form.cleaned_data["file"])
        except CsvImportError as error:
            return self.render_to_response(self.get_context_data(form=form, errors=error.errors))
        messages.success(self.request, MESSAGE_PAYMENTS_IMPORTED.format(count=len(contributions)))
        return redirect(self.request.path)


class ServiceCreateView(CreateView):
    """A modeladmin create view whose save goes through a membership service (which logs it)."""

    def form_valid(self, form):
        try:
            self.instance = self.model_admin.create_through_service(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(self.instance))
        return redirect(self.get_success_url())


class SponsorOrganisationInspectView(InspectView):
    """A Sponsor Member's page: its details, every term and every delegation."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            history=selectors.sponsor_history(self.instance), **kwargs
        )


class ServiceFormView(WagtailAdminTemplateMixin, FormView):
    """A staff form about one record; the service it calls checks the permission again."""

    model = None
    permission = ""
    template_name = "membership/admin/service_form.html"

    def dispatch(self, request, *args, pk, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.object = get_object_or_404(self.model, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def form_valid(self, form):
        try:
            message = self.act(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.success_url())


class SponsorRenewView(ServiceFormView):
    """Staff record the payment that renews a Sponsor Member for another year."""

    model = SponsorOrganisation
    permission = services.PERMISSION_RENEW_SPONSOR
    form_class = SponsorRenewalForm
    page_title = "Renew Sponsor Membership"
    header_icon = "pick"
    submit_label = "Record payment and renew"

    def act(self, *, payment_reference):
        term = services.renew_sponsorship(
            organisation=self.object, payment_reference=payment_reference, user=self.request.user
        )
        return MESSAGE_RENEWED.format(
            name=self.object.name, starts=f"{term.starts_on:%d %B %Y}",
            ends=f"{term.ends_on:%d %B %Y}",
        )

    def success_url(self):
        return sponsor_page_url(self.object)


class DelegationEndView(ServiceFormView):
    """Staff end a Sponsor Delegate's delegation at once, giving the reason."""

    model = SponsorDelegate
    permission = services.PERMISSION_END_DELEGATION
    form_class = DelegationEndForm
    page_title = "End delegation early"
    header_icon = "user"
    submit_label = "End the delegation now"

    def act(self, *, reason):
        services.end_delegation_early(delegation=self.object, reason=reason, user=self.request.user)
        return MESSAGE_DELEGATION_ENDED.format(
            member=self.object.member, organisation=self.object.organisation
        )

    def success_url(self):
        return sponsor_page_url(self.object.organisation)


def sponsor_page_url(organisation):
    return reverse("membership_sponsororganisation_modeladmin_inspect", args=[organisation.pk])


CHARTERS_WAITING = [
    Column("member", accessor="member.name"),
    TemplateColumn("organisation", label="Organisation and role",
                   cell_template_name="membership/admin/cells/charter_organisation.html"),
    DayColumn("submitted_on", label="Submitted"),
    TemplateColumn("decision", cell_template_name="membership/admin/cells/charter_review.html"),
]
CHARTERS_DECIDED = [
    Column("member", accessor="member.name"),
    Column("organisation"),
    TemplateColumn("decision", cell_template_name="membership/admin/cells/charter_decision.html"),
    Column("reason"),
]


@require_http_methods(["GET", "POST"])
def pro_forma_charters(request):
    """The Board's review of pro-forma charters: approve or refuse each, with a reason."""
    if not services.may_review_pro_forma_charters(request.user):
        raise PermissionDenied(services.ERROR_NOT_A_REVIEWER)
    form = ProFormaCharterReviewForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and _decide(request, form.cleaned_data):
            return redirect(reverse("membership_pro_forma_charters"))
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return TemplateResponse(request, "membership/admin/pro_forma_charters.html", {
        "waiting": Table(CHARTERS_WAITING, selectors.pro_forma_charters_waiting()),
        "decided": Table(CHARTERS_DECIDED, selectors.pro_forma_charters_decided()),
    })


def _decide(request, data):
    charter = get_object_or_404(ProFormaCharter, pk=data["charter"])
    try:
        with LogContext(user=request.user):
            charter = services.decide_pro_forma_charter(
                charter=charter, reviewer=request.user,
                approved=data["decision"] == ProFormaCharterReviewForm.APPROVE,
                reason=data["reason"],
            )
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return False
    messages.success(request, MESSAGE_PRO_FORMA_DECIDED.format(
        member=charter.member.name, organisation=charter.organisation,
        status=charter.get_status_display().lower(),
    ))
    return True
