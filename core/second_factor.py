"""Setting up a second factor without losing the page the Director was going to.

`RequireMFAForBoardMiddleware` sends a Director to set up an authenticator app with the
page they asked for as `next`; allauth keeps it through the password check. These views
keep it through the set-up itself: the app's activation goes on to the recovery codes
with the same `next`, and the recovery codes page continues to it.
"""

from typing import Any
from urllib.parse import urlencode

from allauth.account.utils import get_next_redirect_url
from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.views import ActivateTOTPView
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse


def with_next(url: str, destination: str | None) -> str:
    """The url with `next` set to the destination, if there is one."""
    return f"{url}?{urlencode({'next': destination})}" if destination else url


class ActivateAuthenticatorApp(ActivateTOTPView):
    """allauth's authenticator app activation, going on to where the Director was going."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "next": get_next_redirect_url(self.request)}

    def get_success_url(self) -> str:
        destination = get_next_redirect_url(self.request)
        if self.did_generate_recovery_codes:
            return with_next(reverse("mfa_view_recovery_codes"), destination)
        return destination or reverse("mfa_index")


class RecoveryCodes(ViewRecoveryCodesView):
    """allauth's recovery codes page, with a Continue button to where the member was going."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["continue_url"] = get_next_redirect_url(self.request) or resolve_url(
            settings.LOGIN_REDIRECT_URL
        )
        return context
