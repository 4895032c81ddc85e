"""The admin's "Failed background work" report, under Reports, for staff."""

from django.http import HttpRequest
from django.urls import URLPattern, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.admin_urls import report_urls
from core.reports import FailedBackgroundWorkView


@hooks.register("register_admin_urls")
def register_failed_background_work_urls() -> list[URLPattern]:
    return report_urls(
        "reports/failed-background-work/", FailedBackgroundWorkView, "core_failed_background_work"
    )


class StaffMenuItem(MenuItem):
    """A menu item only staff see."""

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.is_staff


@hooks.register("register_reports_menu_item")
def register_failed_background_work_menu_item() -> MenuItem:
    return StaffMenuItem(
        "Failed background work",
        reverse("core_failed_background_work"),
        name="failed-background-work",
        icon_name="warning",
        order=1300,
    )
