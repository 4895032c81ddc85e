"""allauth's e-mail links start with the site's root URL, like every other e-mail's, not
with whatever host the request named.

Its e-mail goes through the outbox like all mail (`EMAIL_BACKEND`, core/mail.py), so a
sign-up, a log-in code or a password reset never waits for the mail server.
"""

from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from core.addresses import absolute_url


class SiteAddressAccountAdapter(DefaultAccountAdapter):
    """allauth as it is, except that its e-mails link to the site's root URL."""

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))
