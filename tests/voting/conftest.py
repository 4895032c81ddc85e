"""The voting tests' own guard: nothing secret in logs or mail."""

import logging

import pytest


@pytest.fixture(autouse=True)
def secrets_stay_out_of_logs_and_mail(caplog, monkeypatch):
    """No log line or e-mail names a Fellowship nominator or repeats a ballot choice.

    Every nomination and every cast in the voting tests passes through here: what is
    logged or e-mailed while they run is searched for the nominator's names and for
    the labels of the options cast.
    """
    from django.core import mail

    from voting import fellowship, services
    from voting.models import Option

    caplog.set_level(logging.DEBUG)
    nominate, cast = fellowship.nominate, services.cast

    def said_during(call, secrets):
        logged, sent = len(caplog.records), len(mail.outbox)
        try:
            return call()
        finally:
            text = " ".join(record.getMessage() for record in caplog.records[logged:])
            text += " ".join(f"{m.subject} {m.body}" for m in mail.outbox[sent:])
            leaked = [secret for secret in secrets if secret and secret in text]
            assert not leaked, f"{leaked} appeared in a log line or an e-mail"

    def checked_nominate(*, user, **fields):
        member = getattr(user, "member", None)
        secrets = [user.username, user.email, member.name if member else ""]
        return said_during(lambda: nominate(user=user, **fields), secrets)

    def checked_cast(ballot, *, user, answers, **kwargs):
        ids = [pk for marks in answers.values() if isinstance(marks, list) for pk in marks]
        labels = Option.objects.filter(pk__in=[pk for pk in ids if isinstance(pk, int)])
        secrets = list(labels.values_list("label", flat=True))
        return said_during(lambda: cast(ballot, user=user, answers=answers, **kwargs), secrets)

    monkeypatch.setattr(fellowship, "nominate", checked_nominate)
    monkeypatch.setattr(services, "cast", checked_cast)
