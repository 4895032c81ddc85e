"""Site-wide protections: the Content-Security-Policy, the Permissions-Policy, and a second
factor for everyone who decides.

The public pages run no inline script or style. The Wagtail admin needs inline
script and style, so only paths under /admin/ get them added to the policy.
"""

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from core.roles import is_board_officer
from core.second_factor import with_next

ADMIN_ALLOWANCES = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:", "blob:", "https:"],
}


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's allowances on admin paths only."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> Any:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_PATH_PREFIX):
            parts.update = {**ADMIN_ALLOWANCES, **(parts.update or {})}
        return parts


class PermissionsPolicyMiddleware:
    """Turn off browser features the site never uses (camera, microphone, location...)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


# Shown on whichever page comes next: allauth's password check or the set-up itself.
MFA_REQUIRED = (
    "Directors, Officers and staff need a second factor, an authenticator app, before "
    "they can use the admin. Once it is set up you go on to the page you asked for."
)
MFA_EXEMPT_PREFIXES = ("/accounts/",)


def needs_mfa(user: AbstractUser | AnonymousUser) -> bool:
    """Whether a user decides things (Director, Officer, staff) and has no second factor yet."""
    if not user.is_authenticated:
        return False
    decides = user.is_staff or is_board_officer(user)
    return decides and not Authenticator.objects.filter(user=user).exists()


class RequireMFAForBoardMiddleware:
    """Send those who decide to set up a second factor before any admin page or action.

    Every Director action (transitions, ballots, elections, nominations) lives under
    the admin, so guarding the admin guards them all; the services check roles too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            settings.MFA_REQUIRED_FOR_BOARD
            and request.path_info.startswith(settings.ADMIN_PATH_PREFIX)
            and needs_mfa(request.user)
        ):
            messages.warning(request, MFA_REQUIRED)
            return redirect(with_next(reverse("mfa_activate_totp"), destination(request)))
        return self.get_response(request)


def destination(request: HttpRequest) -> str:
    """Where a Director was going: the page asked for, or the admin's home after a form."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return reverse("wagtailadmin_home")
