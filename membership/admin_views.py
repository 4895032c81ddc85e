"""Staff-side views in the Wagtail admin: importing a payment export, creating through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.views import CreateView

from membership.csv_import import CsvImportError
from membership.forms import CsvUploadForm
from membership.payments import PAYMENT_COLUMNS, import_payments

MESSAGE_PAYMENTS_IMPORTED = "{count} contributions recorded."


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
