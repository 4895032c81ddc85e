"""Admin addresses the apps' `wagtail_hooks` share."""

from django.urls import path


def report_urls(address, view_class, name):
    """A Wagtail report's page, and the results-only page its filters refresh."""
    return [
        path(address, view_class.as_view(), name=name),
        path(f"{address}results/", view_class.as_view(results_only=True), name=f"{name}_results"),
    ]
