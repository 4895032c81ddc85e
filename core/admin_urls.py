"""Admin addresses the apps' `wagtail_hooks` share."""

from typing import Any

from django.urls import URLPattern, path


def report_urls(address: str, view_class: Any, name: str) -> list[URLPattern]:
    """A Wagtail report's page, and the results-only page its filters refresh."""
    return [
        path(address, view_class.as_view(), name=name),
        path(f"{address}results/", view_class.as_view(results_only=True), name=f"{name}_results"),
    ]
