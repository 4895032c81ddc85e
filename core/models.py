"""The outbox: e-mail the site must send, kept until it is sent."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def due(self, *, now: datetime.datetime, max_attempts: int) -> OutgoingEmailQuerySet:
        """Unsent e-mails with tries left whose next try has come."""
        return self.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            sent_at__isnull=True, attempts__lt=max_attempts,
        )

    def given_up(self, *, max_attempts: int) -> OutgoingEmailQuerySet:
        """Unsent e-mails whose last try failed: staff see them in "Failed background work"."""
        return self.filter(sent_at__isnull=True, attempts__gte=max_attempts)


class OutgoingEmail(models.Model):
    """An e-mail the site must send; kept until it is sent, so a mail outage loses nothing.

    Notifications never carry a ballot choice or a nominator, so nothing secret waits here.
    """

    subject = models.CharField(max_length=255)
    body = models.TextField()
    from_email = models.CharField(max_length=255, blank=True)
    to = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        # Moved from home without moving the table (core/migrations/0001_initial.py).
        db_table = "home_outgoingemail"
        indexes = [
            models.Index(fields=["sent_at", "attempts"], name="home_outgoi_sent_at_c12914_idx"),
        ]

    def __str__(self) -> str:
        return self.subject
