"""The development mailbox: every e-mail the site sent, readable at /dev/mail/ (DEBUG only).

Development settings write mail to files in EMAIL_FILE_PATH (Django's file backend)
instead of printing it, so `seed_demo` prints only the log-ins and a developer can
follow a link in a sign-up or notification e-mail from the browser.
"""

import email
import email.policy
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

SEPARATOR = b"-" * 79
NEWEST = 50


@dataclass(frozen=True)
class Letter:
    subject: str
    to: str
    sent: str
    body: str


def letters(folder, limit=NEWEST):
    """The newest `limit` e-mails in the backend's files, newest first."""
    files = sorted(Path(folder).glob("*.log"), key=lambda path: path.stat().st_mtime,
                   reverse=True) if Path(folder).is_dir() else []
    found = []
    for path in files:
        for raw in reversed(path.read_bytes().split(SEPARATOR)):
            if raw.strip():
                found.append(_letter(raw.strip()))
        if len(found) >= limit:
            break
    return found[:limit]


def _letter(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html"))
    return Letter(
        subject=str(message["Subject"] or ""), to=str(message["To"] or ""),
        sent=str(message["Date"] or ""), body=part.get_content() if part else "",
    )


@never_cache
def mailbox(request):
    """The development mailbox; a 404 anywhere DEBUG is off."""
    if not settings.DEBUG or not getattr(settings, "EMAIL_FILE_PATH", None):
        raise Http404
    return render(request, "home/dev_mailbox.html", {
        "letters": letters(settings.EMAIL_FILE_PATH), "folder": settings.EMAIL_FILE_PATH,
    })
