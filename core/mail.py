"""E-mail through an outbox: queued in the transaction that causes it, sent by a task.

If the mail server fails, the transition that wrote the e-mail still stands; the
e-mail stays queued and `housekeeping` tries it again, up to MAX_ATTEMPTS times.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.models import OutgoingEmail

logger = logging.getLogger("foundation")
MAX_ATTEMPTS = 5
KEEP_SENT = datetime.timedelta(days=30)


def queue_mail(messages, *, deliver_at_commit=True):
    """Queue (subject, body, from_email, recipients) tuples, as `send_mass_mail` takes them.

    Mail to a whole roll passes `deliver_at_commit=False`: it waits in the outbox for
    `housekeeping`, so a Director's request never sends a hundred thousand e-mails.
    """
    rows = [
        OutgoingEmail(subject=subject[:255], body=body,
                      from_email=from_email or settings.DEFAULT_FROM_EMAIL, to=list(recipients))
        for subject, body, from_email, recipients in messages
        if recipients
    ]
    if rows:
        OutgoingEmail.objects.bulk_create(rows)
        if deliver_at_commit:
            transaction.on_commit(deliver_mail.enqueue)
    return len(rows)


@task()
def deliver_mail():
    """Send every queued e-mail; one that fails stays queued for the next try."""
    pending = OutgoingEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    sent = 0
    for pk in pending.values_list("pk", flat=True):
        sent += _deliver(pk)
    return sent


def _deliver(pk):
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(
            pk=pk, sent_at__isnull=True
        ).first()
        if email is None:  # another worker has it, or sent it
            return 0
        try:
            EmailMessage(email.subject, email.body, email.from_email, email.to).send()
        except Exception as error:  # any backend failure: keep it for the next try
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:255]
            email.save(update_fields=["attempts", "last_error"])
            logger.warning("E-mail %s not sent (attempt %s): %s", pk, email.attempts,
                           type(error).__name__)
            return 0
        email.sent_at = timezone.now()
        email.attempts += 1
        email.save(update_fields=["sent_at", "attempts"])
        return 1


def forget_sent_mail(now=None):
    """Delete e-mails sent more than KEEP_SENT ago: the outbox is not an archive."""
    cutoff = (now or timezone.now()) - KEEP_SENT
    deleted, _ = OutgoingEmail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
