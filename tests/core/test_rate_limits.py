"""Each rate limit lets its allowance through, then answers 429 and saves nothing."""

import runpy

import pytest
from django.core.cache import cache
from django.test import override_settings

from config.settings import base as base_settings
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


# Behind site/nginx.conf.example every request reaches the site from 127.0.0.1 and
# nginx appends the client's address to X-Forwarded-For.
CLIENT_A = "198.51.100.7"
CLIENT_B = "203.0.113.20"


@pytest.fixture
def behind_one_proxy(monkeypatch):
    """The settings a deployment gets from TRUSTED_PROXY_COUNT=1, its one setting for this."""
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    base = runpy.run_path(base_settings.__file__)
    names = ("ALLAUTH_TRUSTED_PROXY_COUNT", "RATELIMIT_IP_META_KEY")
    with override_settings(**{name: base[name] for name in names}):
        yield


def through_proxy(client_address, forged=None):
    """Request headers as nginx passes them on: anything the client sent, then its address."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": chain}


def fail_log_ins(client, count, **headers):
    """Wrong passwords for made-up addresses, so only the per-address limit counts them."""
    for attempt in range(count):
        client.post(
            "/accounts/login/",
            {"login": f"nobody{attempt}@example.org", "password": "wrong"},
            **headers,
        )


def test_failed_log_ins_from_one_client_do_not_lock_out_another_behind_the_proxy(
    client, behind_one_proxy
):
    UserFactory(email="voter@example.org")
    fail_log_ins(client, 10, **through_proxy(CLIENT_A))

    response = client.post(
        "/accounts/login/", {"login": "voter@example.org", "password": PASSWORD},
        **through_proxy(CLIENT_B),
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_forged_forwarded_for_does_not_free_a_client_from_its_own_limit(
    client, behind_one_proxy
):
    UserFactory(email="voter@example.org")
    for attempt in range(10):
        fail_log_ins(client, 1, **through_proxy(CLIENT_A, forged=f"192.0.2.{attempt}"))

    response = client.post(
        "/accounts/login/", {"login": "voter@example.org", "password": PASSWORD},
        **through_proxy(CLIENT_A, forged=CLIENT_B),
    )

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client):
    UserFactory(email="voter@example.org")
    fail_log_ins(client, 10, **through_proxy(CLIENT_A))

    response = client.post(
        "/accounts/login/", {"login": "voter@example.org", "password": PASSWORD},
        **through_proxy(CLIENT_B),
    )

    assert "Too many failed login attempts" in response.content.decode()


def check_receipt(client, **headers):
    return client.post("/vote/verify/", {"ballot": "", "code": "x"}, **headers)


def test_the_receipt_check_limits_each_client_behind_the_proxy_apart(
    client, behind_one_proxy
):
    for _ in range(2):
        check_receipt(client, **through_proxy(CLIENT_A))

    assert_limited(check_receipt(client, **through_proxy(CLIENT_A)))
    assert check_receipt(client, **through_proxy(CLIENT_B)).status_code == 200


def test_a_forged_forwarded_for_does_not_free_a_client_from_the_receipt_limit(
    client, behind_one_proxy
):
    for attempt in range(2):
        check_receipt(client, **through_proxy(CLIENT_A, forged=f"192.0.2.{attempt}"))

    assert_limited(check_receipt(client, **through_proxy(CLIENT_A, forged=CLIENT_B)))
