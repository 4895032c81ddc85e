"""Twenty requests casting for one voter at once: the database lets exactly one through."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core.management import call_command
from django.db import connection

from tests.voting.factories import answer, enrolled_voter, open_ballot, yes_no
from voting import services
from voting.models import CastBallot, Mark, Participation

ATTEMPTS = 20


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_casts_for_one_voter_record_exactly_one():
    # A transactional test starts from a flushed database: set the site up again.
    call_command("setup_site", verbosity=0)
    voter = enrolled_voter()
    ballot = open_ballot(yes_no())
    answers = answer(ballot, ["Yes"])
    start = Barrier(ATTEMPTS)

    def attempt(_):
        start.wait()
        try:
            return services.cast(ballot, user=voter.user, answers=answers)
        except services.VotingError as refusal:
            return refusal
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        results = list(pool.map(attempt, range(ATTEMPTS)))

    receipts = [result for result in results if isinstance(result, str)]
    refusals = [result for result in results if isinstance(result, services.VotingError)]
    assert len(receipts) == 1
    assert [str(refusal) for refusal in refusals] == [services.ALREADY_VOTED] * (ATTEMPTS - 1)
    assert Participation.objects.filter(ballot=ballot).count() == 1
    assert CastBallot.objects.filter(ballot=ballot).count() == 1
    assert services.verify_receipt(ballot, code=receipts[0])
    services.close_ballot(ballot)
    assert Mark.objects.filter(ballot=ballot).count() == 1
