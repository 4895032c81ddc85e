"""The one error base every app's rules raise, and the one place a view turns it into a page.

A service that refuses what was asked raises a subclass of `Refusal` (voting's
`VotingError`, governance's `TransitionError`, membership's `MembershipError`), with a
message fit to show the person who asked. Views that can show it beside their form
catch it; any refusal a view lets through becomes the 400 page that says why, never a
500 (`RefusalMiddleware`).
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class Refusal(Exception):
    """A rule refused what was asked; nothing was changed."""


def refusal_messages(refusal: Exception) -> list[str]:
    """The sentences to show for a refusal, whether it carries one message or several."""
    if isinstance(refusal, ValidationError):
        return list(refusal.messages)
    return [str(refusal)]


class RefusalMiddleware:
    """Turn a refusal a view did not handle into the 400 page that says why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, Refusal):
            return None
        context = {"refusals": refusal_messages(exception)}
        return render(request, "refused.html", context, status=400)
