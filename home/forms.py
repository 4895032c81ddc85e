"""Account forms that change allauth's defaults."""

from allauth.account.forms import ConfirmLoginCodeForm as AllauthConfirmLoginCodeForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.core import context, ratelimit
from django import forms

from core.ratelimits import client_address

CODE_REQUESTS_LIMITED = (
    "Several codes have already been sent to this address from your connection. "
    "Use the newest one, or wait ten minutes and ask again."
)
WRONG_CODE = "That is not the code we e-mailed you. Copy it from the newest e-mail and try again."


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """Ask for a one-time log-in code, limited per address and client together.

    allauth limits codes per address alone, so anyone who knows a voter's address
    could use up that allowance and keep them from logging in before a ballot
    closes. Counted per address and client, a stranger's requests never count
    against the voter's own, and each client may still send an address only a
    few codes (ACCOUNT_RATE_LIMITS["login_code_to_address"]).
    """

    def clean_email(self):
        email = super().clean_email()
        request = context.request
        key = f"{email.lower()}|{client_address(request)}"
        if not ratelimit.consume(request, action="login_code_to_address", key=key):
            raise forms.ValidationError(CODE_REQUESTS_LIMITED)
        return email


class ConfirmLoginCodeForm(AllauthConfirmLoginCodeForm):
    """Check a one-time log-in code, saying what to do when it is wrong."""

    def clean_code(self):
        try:
            return super().clean_code()
        except forms.ValidationError:
            raise forms.ValidationError(WRONG_CODE) from None
