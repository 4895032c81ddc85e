"""Membership in the Wagtail admin: snippets for the words, modeladmin listings for the records."""

import datetime

from django import forms
from django.contrib.admin import SimpleListFilter
from django.contrib.admin import display as admin_display
from django.db.models import Exists, Max, OuterRef
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from membership import services
from membership.admin_views import (
    DelegationEndView,
    PaymentImportView,
    ServiceCreateView,
    SponsorOrganisationInspectView,
    SponsorRenewView,
    pro_forma_charters,
)
from membership.models import (
    Affiliate,
    BoardSeat,
    CategoryGrant,
    Contribution,
    Member,
    MembershipCategory,
    SponsorDelegate,
    SponsorLevel,
    SponsorOrganisation,
    WorkingGroup,
)


class MembershipCategoryViewSet(SnippetViewSet):
    model = MembershipCategory
    icon = "group"
    menu_label = "Membership categories"
    list_display = ["name", "code", "term", "suggested_fee", "voting_eligible"]


class SponsorLevelViewSet(SnippetViewSet):
    model = SponsorLevel
    icon = "pick"
    list_display = ["name", "yearly_fee", "delegate_seats"]


class AffiliateViewSet(SnippetViewSet):
    """Affiliates (new-membership-model.md, "Transition"): national and regional associations."""

    model = Affiliate
    icon = "site"
    list_display = ["name", "country", "website"]
    search_fields = ["name", "country"]


register_snippet(MembershipCategoryViewSet)
register_snippet(SponsorLevelViewSet)
register_snippet(AffiliateViewSet)


class ExpiryFilter(SimpleListFilter):
    """Grants by when they end, relative to today."""

    title = "expiry"
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [
            ("30", "Ends within 30 days"),
            ("ended", "Ended"),
            ("life", "For life"),
        ]

    def grants(self, queryset):
        today = timezone.localdate()
        return {
            "30": queryset.filter(ends__gte=today, ends__lte=today + datetime.timedelta(days=30)),
            "ended": queryset.filter(ends__lt=today),
            "life": queryset.filter(ends__isnull=True),
        }.get(self.value(), queryset)

    def queryset(self, request, queryset):
        return self.grants(queryset)


class MemberExpiryFilter(ExpiryFilter):
    """Members by when one of their grants ends."""

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        grants = self.grants(CategoryGrant.objects.filter(member=OuterRef("pk")))
        return queryset.filter(Exists(grants))


class CategoryFilter(SimpleListFilter):
    """A choice of membership category, by code (Django admin's related-field filter needs
    django.contrib.admin)."""

    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [(category.code, category.name) for category in MembershipCategory.objects.all()]


class GrantCategoryFilter(CategoryFilter):
    """Grants by category."""

    title = "category"

    def queryset(self, request, queryset):
        return queryset if self.value() is None else queryset.of(self.value())


class HeldCategoryFilter(CategoryFilter):
    """Members holding a category today."""

    title = "category held today"

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        held = CategoryGrant.objects.active_on(timezone.localdate()).of(self.value())
        return queryset.filter(Exists(held.filter(member=OuterRef("pk"))))


class SponsorLevelFilter(SimpleListFilter):
    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [(str(level.pk), level.name) for level in SponsorLevel.objects.all()]

    def queryset(self, request, queryset):
        return queryset if self.value() is None else queryset.filter(level_id=self.value())


class ListOnlyPermissionHelper(PermissionHelper):
    """History is written by services: staff add through one, then list and export, never edit."""

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ReadOnlyPermissionHelper(ListOnlyPermissionHelper):
    def user_can_create(self, user):
        return False


class MemberAdmin(ModelAdmin):
    model = Member
    menu_icon = "user"
    list_display = ["name", "email", "country", "joined"]
    list_filter = [HeldCategoryFilter, MemberExpiryFilter, "country"]
    search_fields = ["name", "user__email"]
    list_select_related = ["user"]
    list_export = [
        "name", "email", "country", "joined", "code_of_conduct_version",
        "code_of_conduct_agreed_at", "declines_supporter_gifts",
    ]
    export_filename = "members"
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper


class CategoryGrantAdmin(ModelAdmin):
    model = CategoryGrant
    menu_label = "Category grants"
    menu_icon = "list-ul"
    list_display = ["member", "category", "starts", "ends", "source"]
    list_filter = [GrantCategoryFilter, ExpiryFilter, "source"]
    search_fields = ["member__name", "member__user__email"]
    list_select_related = ["member", "category"]
    list_export = ["member", "member__user__email", "category", "starts", "ends", "source", "note"]
    export_filename = "category-grants"
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper


class ContributionForm(WagtailAdminModelForm):
    organisation = forms.CharField(
        required=False, label="Paid by an organisation",
        help_text="Its name, if an organisation paid. Organisations cannot be Supporting Members.",
    )


class ContributionAdmin(ModelAdmin):
    model = Contribution
    menu_icon = "tag"
    list_display = ["member", "amount", "received_on", "reference"]
    list_filter = ["received_on"]
    search_fields = ["member__name", "member__user__email", "reference"]
    list_select_related = ["member"]
    list_export = ["member", "member__user__email", "amount", "received_on", "reference"]
    export_filename = "contributions"
    create_view_class = ServiceCreateView
    permission_helper_class = ListOnlyPermissionHelper
    edit_handler = ObjectList(
        [FieldPanel("member"), FieldPanel("amount"), FieldPanel("received_on"),
         FieldPanel("reference"), FieldPanel("organisation")],
        base_form_class=ContributionForm,
    )

    def create_through_service(self, data):
        return services.record_contribution(**data)


class ExtraButtonHelper(ButtonHelper):
    """Adds a record's own actions (`extra_buttons` on its ModelAdmin) after Inspect."""

    def get_buttons_for_obj(self, obj, exclude=None, **kwargs):
        buttons = super().get_buttons_for_obj(obj, exclude=exclude, **kwargs)
        return buttons + self.view.model_admin.extra_buttons(self.request.user, obj)


def _button(label, url_name, pk):
    return {
        "url": reverse(url_name, args=[pk]), "label": label, "classname": "button",
        "title": label,
    }


class SponsorOrganisationAdmin(ModelAdmin):
    model = SponsorOrganisation
    menu_label = "Sponsor Members"
    menu_icon = "pick"
    list_display = ["name", "level", "status", "paid_until"]
    list_filter = ["status", SponsorLevelFilter]
    search_fields = ["name"]
    list_export = ["name", "website", "level", "status", "paid_until"]
    export_filename = "sponsors"
    create_view_class = ServiceCreateView
    inspect_view_enabled = True
    inspect_view_class = SponsorOrganisationInspectView
    inspect_view_fields = ["name", "website", "level", "status", "contact_email", "applied_at"]
    button_helper_class = ExtraButtonHelper
    permission_helper_class = ListOnlyPermissionHelper
    # Admission is decided by the member vote (admit_sponsor), so staff only record applications.
    edit_handler = ObjectList([
        FieldPanel("name"), FieldPanel("website"), FieldPanel("level"), FieldPanel("contact_email"),
    ])

    def create_through_service(self, data):
        return services.apply_for_sponsorship(**data)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(paid_until=Max("terms__ends_on"))

    @admin_display(description="Paid until")
    def paid_until(self, organisation):
        return organisation.paid_until

    def extra_buttons(self, user, organisation):
        if organisation.status != SponsorOrganisation.Status.ADMITTED:
            return []
        if not user.has_perm(services.PERMISSION_RENEW_SPONSOR):
            return []
        return [_button("Renew", "membership_sponsor_renew", organisation.pk)]


class SponsorDelegateAdmin(ModelAdmin):
    model = SponsorDelegate
    menu_label = "Sponsor Delegates"
    menu_icon = "user"
    list_display = ["member", "organisation", "starts", "ends", "end_reason"]
    search_fields = ["member__name", "member__user__email", "organisation__name"]
    list_export = ["member", "member__user__email", "organisation", "starts", "ends", "end_reason"]
    create_view_class = ServiceCreateView
    button_helper_class = ExtraButtonHelper
    permission_helper_class = ListOnlyPermissionHelper
    edit_handler = ObjectList([FieldPanel("organisation"), FieldPanel("member")])

    def create_through_service(self, data):
        return services.name_delegate(**data)

    def extra_buttons(self, user, delegation):
        ended = delegation.ends is not None and delegation.ends < timezone.localdate()
        if ended or not user.has_perm(services.PERMISSION_END_DELEGATION):
            return []
        return [_button("End early", "membership_delegation_end", delegation.pk)]


class BoardSeatAdmin(ModelAdmin):
    model = BoardSeat
    menu_label = "Board seats"
    menu_icon = "group"
    list_display = ["member", "starts", "ends"]
    search_fields = ["member__name"]
    list_export = ["member", "starts", "ends"]
    create_view_class = ServiceCreateView
    permission_helper_class = ListOnlyPermissionHelper
    edit_handler = ObjectList([FieldPanel("member"), FieldPanel("starts"), FieldPanel("ends")])

    def create_through_service(self, data):
        return services.record_board_seat(**data)


class WorkingGroupAdmin(ModelAdmin):
    model = WorkingGroup
    menu_icon = "group"
    list_display = ["name", "status", "chartered_on", "is_local_user_group"]
    list_filter = ["status", "is_local_user_group"]
    search_fields = ["name", "purpose"]
    list_export = [
        "name", "status", "charter_url", "chartered_on", "dissolved_on", "budget_allowance",
        "is_local_user_group",
    ]
    prepopulated_fields = {"slug": ("name",)}


class MembershipAdminGroup(ModelAdminGroup):
    menu_label = "Membership"
    menu_icon = "group"
    menu_order = 250
    items = [
        MemberAdmin, CategoryGrantAdmin, ContributionAdmin, SponsorOrganisationAdmin,
        SponsorDelegateAdmin, BoardSeatAdmin, WorkingGroupAdmin,
    ]


modeladmin_register(MembershipAdminGroup)


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    for action, (label, message) in services.LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_membership_admin_urls():
    return [
        path("membership/import-payments/", PaymentImportView.as_view(),
             name="membership_import_payments"),
        path("membership/sponsors/<int:pk>/renew/", SponsorRenewView.as_view(),
             name="membership_sponsor_renew"),
        path("membership/delegates/<int:pk>/end/", DelegationEndView.as_view(),
             name="membership_delegation_end"),
        path("membership/pro-forma-charters/", pro_forma_charters,
             name="membership_pro_forma_charters"),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("membership.add_contribution")


@hooks.register("register_admin_menu_item")
def register_payment_import_menu_item():
    return StaffMenuItem(
        "Import payments", reverse("membership_import_payments"), icon_name="upload", order=260
    )


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return services.may_review_pro_forma_charters(request.user)


@hooks.register("register_admin_menu_item")
def register_pro_forma_charters_menu_item():
    return ReviewerMenuItem(
        "Pro-forma charters", reverse("membership_pro_forma_charters"), icon_name="doc-full",
        order=855,
    )
