"""E-mail through an outbox: queued in the transaction that causes it, sent by the worker.

The outbox is the worker's only source of mail (docs/architecture.md, section 5): a
change writes its e-mails here and, once it commits, enqueues `deliver_mail`, which
the task worker runs. `EMAIL_BACKEND` is `OutboxBackend`, so mail sent any other way
(Wagtail's workflow notices, allauth) is queued here too; only `deliver_mail` talks
to the mail server, through `MAIL_DELIVERY_BACKEND`. If the mail server fails, the
change still stands; the e-mail waits and is tried again after a delay that doubles
each time, up to MAX_ATTEMPTS tries. After the last one it stays unsent, with its
error, in the "Failed background work" report.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.models import OutgoingEmail

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger("foundation")
MAX_ATTEMPTS = 5
FIRST_RETRY_AFTER = datetime.timedelta(minutes=1)
KEEP_SENT = datetime.timedelta(days=30)


def queue_mail(
    messages: Iterable[tuple[StrOrPromise, StrOrPromise, str | None, Sequence[str]]],
) -> int:
    """Queue (subject, body, from_email, recipients) tuples, as `send_mass_mail` takes them.

    Once the change commits, one `deliver_mail` task sends them all, however many: a
    whole roll's e-mails are one task for the worker, never work for the request.
    """
    rows = [
        OutgoingEmail(subject=subject[:255], body=body,  # type: ignore[misc]
                      from_email=from_email or settings.DEFAULT_FROM_EMAIL, to=list(recipients))
        for subject, body, from_email, recipients in messages
        if recipients
    ]
    if rows:
        OutgoingEmail.objects.bulk_create(rows)
        transaction.on_commit(deliver_mail.enqueue)
    return len(rows)


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long an e-mail that failed `attempts` times waits: 1, 2, 4, 8 minutes..."""
    return FIRST_RETRY_AFTER * 2 ** (attempts - 1)


@task()
def deliver_mail() -> int:
    """Send every e-mail whose try is due; one that fails waits for its next try."""
    due = OutgoingEmail.objects.due(now=timezone.now(), max_attempts=MAX_ATTEMPTS)
    sent, retries = 0, []
    for pk in due.values_list("pk", flat=True):
        email = _try_to_send(pk)
        if email is None:
            continue
        if email.sent_at is not None:
            sent += 1
        elif email.next_attempt_at is not None:
            retries.append(email.next_attempt_at)
    if retries:
        _schedule_retry(min(retries))
    return sent


def _schedule_retry(run_after: datetime.datetime) -> None:
    """Enqueue one `deliver_mail` for the earliest retry this run left, if the backend can wait.

    Only the run whose tries failed schedules, so one outage keeps one chain of
    retries however many runs saw it. The immediate backend (tests) cannot wait;
    there `housekeeping` sends the retries.
    """
    if deliver_mail.get_backend().supports_defer:
        deliver_mail.using(run_after=run_after).enqueue()


def _try_to_send(pk: int) -> OutgoingEmail | None:
    """Try one e-mail; return it as it now stands, or None if another worker has it."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(
            pk=pk, sent_at__isnull=True
        ).first()
        if email is None:  # another worker has it, or sent it
            return None
        email.attempts += 1
        email.last_attempt_at = timezone.now()
        try:
            EmailMessage(email.subject, email.body, email.from_email, email.to,
                         connection=get_connection(settings.MAIL_DELIVERY_BACKEND)).send()
        except Exception as error:  # any backend failure: keep it for the next try
            _record_failure(email, error)
            return email
        email.sent_at = email.last_attempt_at
        email.next_attempt_at = None
        email.save(update_fields=["sent_at", "attempts", "last_attempt_at", "next_attempt_at"])
        return email


def _record_failure(email: OutgoingEmail, error: Exception) -> None:
    """Keep the error; set the next try, or none after the last (the staff report shows it)."""
    email.last_error = f"{type(error).__name__}: {error}"[:255]
    email.next_attempt_at = (
        email.last_attempt_at + retry_delay(email.attempts)  # type: ignore[operator, assignment]
        if email.attempts < MAX_ATTEMPTS else None
    )
    email.save(update_fields=["attempts", "last_attempt_at", "last_error", "next_attempt_at"])
    logger.warning("E-mail %s not sent (attempt %s of %s): %s", email.pk, email.attempts,
                   MAX_ATTEMPTS, type(error).__name__)


def forget_sent_mail(now: datetime.datetime | None = None) -> int:
    """Delete e-mails sent more than KEEP_SENT ago: the outbox is not an archive."""
    cutoff = (now or timezone.now()) - KEEP_SENT
    deleted, _ = OutgoingEmail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


class OutboxBackend(BaseEmailBackend):
    """The site's `EMAIL_BACKEND`: each message is queued in the outbox, not sent.

    The outbox keeps plain text: the subject, the body, the sender and the addresses.
    `to` and `cc` share one e-mail; each `bcc` address gets its own, so that no one
    sees another's address. An HTML alternative is left out (Wagtail's notices are
    plain text here: WAGTAILADMIN_NOTIFICATION_USE_HTML is off).
    """

    def send_messages(self, email_messages: Iterable[EmailMessage]) -> int:
        try:
            return queue_mail(
                queued for message in email_messages for queued in _as_queued(message)
            )
        except Exception:
            if not self.fail_silently:
                raise
            return 0


def _as_queued(
    message: EmailMessage,
) -> list[tuple[StrOrPromise, StrOrPromise, str | None, Sequence[str]]]:
    shown = [*message.to, *message.cc]
    hidden = [[address] for address in message.bcc]
    return [(message.subject, message.body, message.from_email, to) for to in [shown, *hidden]]
