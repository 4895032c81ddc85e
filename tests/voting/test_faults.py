"""Fault test on PostgreSQL: the database drops every connection while 16 voters cast.

Terminating every backend is what a PostgreSQL restart or failover does to its
clients. Eight voters have cast when it happens; eight are in the middle of a
cast. Each of the first eight holds a receipt that is counted; each of the
others gets a clear 503 and leaves no half-written row.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.voting.factories import answer, enrolled_voter, open_ballot, yes_no
from voting import receipts, services
from voting.models import CastBallot, Mark, Participation
from voting.views import CAST_INTERRUPTED

CLIENTS = 16
IN_FLIGHT = CLIENTS // 2


def _terminate_other_connections():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_casts_cut_off_by_a_database_restart_are_refused_cleanly(monkeypatch):
    call_command("setup_site", verbosity=0)
    voters = [enrolled_voter() for _ in range(CLIENTS)]
    ballot = open_ballot(yes_no())
    data = {f"question_{question}": options[0]
            for question, options in answer(ballot, ["Yes"]).items()}
    in_flight = threading.local()
    stalled = threading.Barrier(IN_FLIGHT + 1)
    restarted = threading.Event()
    new_receipt_code = receipts.new_receipt_code

    def stall_mid_cast():
        # Called inside the cast's transaction, after the Participation row is written.
        if getattr(in_flight, "stall", False):
            stalled.wait(timeout=30)
            restarted.wait(timeout=30)
        return new_receipt_code()

    monkeypatch.setattr(receipts, "new_receipt_code", stall_mid_cast)

    def cast(voter, stall):
        in_flight.stall = stall
        client = Client()
        client.force_login(voter.user)
        try:
            return client.post(f"/vote/{ballot.pk}/", data, follow=True)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
        finished = list(pool.map(cast, voters[:IN_FLIGHT], [False] * IN_FLIGHT))
        cut_off = [pool.submit(cast, voter, True) for voter in voters[IN_FLIGHT:]]
        stalled.wait(timeout=30)
        _terminate_other_connections()
        restarted.set()
        cut_off = [future.result() for future in cut_off]

    codes = [response.context["code"] for response in finished]
    assert [response.redirect_chain[0][1] for response in finished] == [303] * IN_FLIGHT
    assert [response.status_code for response in finished] == [200] * IN_FLIGHT
    assert [response.status_code for response in cut_off] == [503] * IN_FLIGHT
    assert all(CAST_INTERRUPTED in response.content.decode() for response in cut_off)
    assert Participation.objects.filter(ballot=ballot).count() == IN_FLIGHT
    assert CastBallot.objects.filter(ballot=ballot).count() == IN_FLIGHT
    assert all(services.verify_receipt(ballot, code=code) for code in codes)
    services.close_ballot(ballot)
    assert Mark.objects.filter(ballot=ballot).count() == IN_FLIGHT
