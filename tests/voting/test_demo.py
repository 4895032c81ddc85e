"""seed_demo leaves an open ballot the demo voters have not voted on, and a closed one."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from voting import elections
from voting.demo import CLOSED_BALLOT_TITLE, OPEN_BALLOT_TITLE
from voting.models import Ballot, Election, FellowshipNomination, Participation

User = get_user_model()

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_gives_one_open_and_one_closed_ballot(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    open_ballot = Ballot.objects.get(title=OPEN_BALLOT_TITLE)
    closed = Ballot.objects.get(title=CLOSED_BALLOT_TITLE)
    assert open_ballot.status == Ballot.Status.OPEN
    assert not Participation.objects.filter(ballot=open_ballot).exists()
    roll = set(open_ballot.roll.values_list("enrolment__member__user__username", flat=True))
    assert roll == {"member", "director", "officer", "fellow"}
    assert closed.status == Ballot.Status.CLOSED and closed.passed
    settings.DEBUG = False
    assert "4 of 4 on the roll voted" in client.get(f"/vote/{closed.pk}/results/").content.decode()


def test_seed_demo_leaves_an_election_taking_nominations_and_a_fellowship_nomination(
    settings, client
):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)

    election = Election.objects.get()
    assert elections.nominations_open(election)
    standing = election.nominations.get(accepted_at__isnull=False)
    assert standing.nominee.user.username == "director"
    assert FellowshipNomination.objects.get().nominee.user.username == "officer"
    client.force_login(User.objects.get(username="member"))
    assert "You are nominated for" in client.get("/members/").content.decode()
