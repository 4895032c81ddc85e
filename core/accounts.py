"""allauth's e-mail through the outbox, so a sign-up never waits for the mail server.

A sign-up, a log-in code or a password reset writes its e-mail to the outbox in the
request; the worker sends it, and retries while the mail server is down
(docs/architecture.md, section 5).
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail.backends.base import BaseEmailBackend

from core.mail import queue_mail


class OutboxBackend(BaseEmailBackend):
    """An e-mail connection that queues each message in the outbox instead of sending it.

    allauth's messages are plain text to their `to` addresses only: the outbox keeps
    the subject, the body, the sender and those addresses.
    """

    def send_messages(self, email_messages):
        return queue_mail(
            (message.subject, message.body, message.from_email, message.to)
            for message in email_messages
        )


class OutboxAccountAdapter(DefaultAccountAdapter):
    """allauth as it is, except that its e-mail goes through the outbox."""

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        message.connection = OutboxBackend()
        return message
