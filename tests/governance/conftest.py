"""Fixtures for governance tests: e-mailed authors and a proposal at each step."""

import pytest

from governance import lifecycle
from governance.models import Stage
from tests.factories import UserFactory
from tests.governance.factories import make_proposal
from tests.voting.factories import VotingPeriodFactory, answer, enrolled_voter
from voting import services as voting_services


def vote(ballot, voters, choice):
    """Each of `voters` casts `choice` on the ballot's one question."""
    for voter in voters:
        voting_services.cast(ballot, user=voter.user, answers=answer(ballot, [choice]))


@pytest.fixture(autouse=True)
def voting_period(db):
    """This year's voting period: a referral to a member vote opens a ballot in it."""
    return VotingPeriodFactory()


@pytest.fixture
def author(db):
    return UserFactory(username="author", groups=["Members"])


@pytest.fixture
def co_author(db):
    return UserFactory(username="co-author", groups=["Members"])


@pytest.fixture
def discussed(author, co_author):
    """A proposal published for discussion, with an owner and a co-author."""
    page = make_proposal(Stage.DISCUSSION, owner=author, title="Open the books")
    page.co_authors.add(co_author)
    page.save_revision(user=author).publish(skip_permission_checks=True)
    page.refresh_from_db()
    return page


@pytest.fixture
def in_resolution(discussed, director):
    lifecycle.move_to_resolution(discussed, user=director)
    return discussed


@pytest.fixture
def voters(voting_period):
    """Three voting-eligible members enrolled in this year's period."""
    return [enrolled_voter(period=voting_period) for _ in range(3)]
