"""The outbox: e-mail the site must send, kept until it is sent."""

from django.db import models


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

    class Meta:
        # Moved from home without moving the table (core/migrations/0001_initial.py).
        db_table = "home_outgoingemail"
        indexes = [
            models.Index(fields=["sent_at", "attempts"], name="home_outgoi_sent_at_c12914_idx"),
        ]

    def __str__(self):
        return self.subject
