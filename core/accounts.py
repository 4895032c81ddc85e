"""allauth's e-mail through the outbox, so a sign-up never waits for the mail server.

A sign-up, a log-in code or a password reset writes its e-mail to the outbox in the
request; the worker sends it, and retries while the mail server is down
(docs/architecture.md, section 5). Its links start with the site's root URL, like
every other e-mail's, not with whatever host the request named.
"""

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.http import HttpRequest
from django.urls import reverse

from core.addresses import absolute_url
from core.mail import queue_mail


class OutboxBackend(BaseEmailBackend):
    """An e-mail connection that queues each message in the outbox instead of sending it.

    allauth's messages are plain text to their `to` addresses only: the outbox keeps
    the subject, the body, the sender and those addresses.
    """

    def send_messages(self, email_messages: Iterable[EmailMessage]) -> int:
        return queue_mail(
            (message.subject, message.body, message.from_email, message.to)
            for message in email_messages
        )


class OutboxAccountAdapter(DefaultAccountAdapter):
    """allauth as it is, except that its e-mail goes through the outbox with the site's links."""

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def render_mail(
        self,
        template_prefix: str,
        email: str,
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        message = super().render_mail(template_prefix, email, context, headers=headers)
        message.connection = OutboxBackend()
        return message
