"""Each rate limit lets its allowance through, then answers 429 and saves nothing."""

import pytest
from django.core.cache import cache

from governance.models import Stage, Stance
from membership.models import CategoryCode
from tests.factories import PASSWORD, UserFactory
from tests.governance.factories import make_proposal
from tests.membership.factories import MemberFactory, voting_member
from tests.voting.factories import VotingPeriodFactory, enrolled_voter, open_ballot, yes_no
from voting.models import CastBallot, FellowshipNomination, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def low_limits(settings):
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "2/m")


def assert_limited(response):
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert "nothing was saved" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_casting_is_limited_and_the_refused_request_casts_nothing(client):
    VotingPeriodFactory()
    voter = enrolled_voter()
    ballot = open_ballot(yes_no())
    yes = ballot.questions.get().options.get(code="yes")
    client.force_login(voter.user)
    field = f"question_{ballot.questions.get().pk}"
    for _ in range(2):
        assert client.post(f"/vote/{ballot.pk}/", {field: "x"}).status_code == 400

    assert_limited(client.post(f"/vote/{ballot.pk}/", {field: yes.pk}))
    assert not Participation.objects.exists()
    assert not CastBallot.objects.exists()


def test_the_receipt_check_is_limited_per_address(client):
    for _ in range(2):
        assert client.post("/vote/verify/", {"ballot": "", "code": "x"}).status_code == 200

    assert_limited(client.post("/vote/verify/", {"ballot": "", "code": "x"}))


def test_fellowship_nominations_are_limited(client):
    fellow = voting_member(CategoryCode.FELLOW)
    nominee = MemberFactory(name="Ada Lovelace")
    client.force_login(fellow.user)
    for _ in range(2):
        client.post("/fellows/nominate/", {"nominee": "Nobody"})

    assert_limited(client.post("/fellows/nominate/", {
        "nominee": nominee.name, "criterion": "creating", "description": "Great work.",
    }))
    assert not FellowshipNomination.objects.exists()


def test_the_poll_is_limited(client, member):
    proposal = make_proposal(Stage.DISCUSSION)
    client.force_login(member)
    for _ in range(2):
        client.post(f"/governance/stances/{proposal.pk}/", {"position": "nonsense"})

    assert_limited(client.post(f"/governance/stances/{proposal.pk}/", {"position": "agree"}))
    assert not Stance.objects.exists()


def test_limits_are_per_user(client, member):
    proposal = make_proposal(Stage.DISCUSSION)
    client.force_login(member)
    for _ in range(3):
        client.post(f"/governance/stances/{proposal.pk}/", {"position": "nonsense"})
    other = MemberFactory()
    client.force_login(other.user)

    response = client.post(f"/governance/stances/{proposal.pk}/", {"position": "agree"})

    assert response.status_code == 302
    assert Stance.objects.count() == 1


def test_reading_a_page_is_never_limited(client):
    for _ in range(5):
        assert client.get("/vote/verify/").status_code == 200


def test_when_the_cache_fails_the_limits_lapse_instead_of_locking_voters_out(
    client, monkeypatch
):
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(cache, "incr", lambda *args, **kwargs: None)
    for _ in range(4):
        assert client.post("/vote/verify/", {"ballot": "", "code": "x"}).status_code == 200


def test_allauth_limits_failed_log_ins_for_an_account(client):
    UserFactory(email="someone@example.org")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "someone@example.org", "password": "wrong"})

    response = client.post(
        "/accounts/login/", {"login": "someone@example.org", "password": PASSWORD}
    )

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_allauth_limits_sign_ups_per_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for _ in range(2):
        client.post("/accounts/signup/", {"email": "not an address"})

    response = client.post("/accounts/signup/", {"email": "not an address"})

    assert response.status_code == 429
