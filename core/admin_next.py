"""A `next` address posted to the Wagtail admin is used only when it is a path.

Wagtail's admin views redirect to `next` as it was sent, once Django has checked it
names no other host; Django's `redirect` reads a value without a slash or a dot as the
name of a view, and fails with a server error when there is none (NoReverseMatch). The
admin's own `next` is always a path, so any other is dropped: the view then goes where
it goes without one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponseBase, QueryDict

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

ADMIN_PREFIX = "/admin/"


def _paths_only(query: _ImmutableQueryDict) -> _ImmutableQueryDict:
    sent = query.getlist("next")
    paths = [address for address in sent if address.startswith("/")]
    if paths == sent:
        return query
    kept = query.copy()
    kept.setlist("next", paths)
    return QueryDict(kept.urlencode(), encoding=query.encoding)  # read-only, as Django's


class AdminNextIsAPathMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        if not request.path.startswith(ADMIN_PREFIX):
            return
        request.GET = _paths_only(request.GET)
        if request.method == "POST":
            request.POST = _paths_only(request.POST)
