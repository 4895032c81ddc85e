"""A member locked out of the password form can still log in with a code e-mailed to them."""

import re

import pytest
from django.test import Client

from core.models import OutgoingEmail
from home.forms import CODE_REQUESTS_LIMITED, WRONG_CODE
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

VOTER = "voter@example.org"
VOTER_ADDRESS = "198.51.100.7"
STRANGER_ADDRESS = "203.0.113.20"


def lock_password_form(email):
    """Five wrong passwords for `email`, typed by a stranger somewhere else."""
    stranger = Client(REMOTE_ADDR=STRANGER_ADDRESS)
    for _ in range(5):
        stranger.post("/accounts/login/", {"login": email, "password": "wrong"})


def request_code(client, email=VOTER):
    return client.post("/accounts/login/code/", {"email": email})


def stranger_requests_codes(count):
    """Each from a fresh session, as one pending code per session is all allauth keeps."""
    return [request_code(Client(REMOTE_ADDR=STRANGER_ADDRESS)) for _ in range(count)]


def code_sent_to(email):
    # allauth's mail waits in the outbox for the worker (core/accounts.py).
    message = OutgoingEmail.objects.filter(to=[email]).latest("pk")
    return re.search(r"^[A-Z]{4}-[A-Z]{4}$", message.body, re.MULTILINE).group()


def enter_code(client, code):
    return client.post("/accounts/login/code/confirm/", {"code": code})


@pytest.fixture
def voter():
    return UserFactory(email=VOTER)


@pytest.fixture
def voter_client():
    return Client(REMOTE_ADDR=VOTER_ADDRESS)


def test_a_locked_account_logs_in_with_an_e_mailed_code(voter, voter_client):
    lock_password_form(VOTER)
    refused = voter_client.post("/accounts/login/", {"login": VOTER, "password": PASSWORD})
    assert "Too many failed login attempts" in refused.content.decode()

    assert request_code(voter_client).url == "/accounts/login/code/confirm/"
    response = enter_code(voter_client, code_sent_to(VOTER))

    assert response.status_code == 302
    assert voter_client.session["_auth_user_id"] == str(voter.pk)


def test_a_wrong_code_is_refused_with_what_to_do(voter, voter_client):
    request_code(voter_client)

    response = enter_code(voter_client, "BBBB-BBBB")

    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert "_auth_user_id" not in voter_client.session


def test_three_wrong_codes_end_the_attempt(voter, voter_client):
    request_code(voter_client)
    code = code_sent_to(VOTER)
    for _ in range(3):
        enter_code(voter_client, "BBBB-BBBB")

    response = enter_code(voter_client, code)

    assert response.url == "/accounts/login/code/"
    assert "_auth_user_id" not in voter_client.session


def test_a_stranger_asking_for_codes_does_not_stop_the_voter_getting_one(voter, voter_client):
    stranger_requests_codes(10)

    assert request_code(voter_client).url == "/accounts/login/code/confirm/"
    enter_code(voter_client, code_sent_to(VOTER))
    assert voter_client.session["_auth_user_id"] == str(voter.pk)


def test_one_client_may_send_an_address_only_three_codes(voter):
    *_, response = stranger_requests_codes(4)

    assert CODE_REQUESTS_LIMITED in response.content.decode()
    assert OutgoingEmail.objects.count() == 3


def test_the_log_in_page_offers_a_code_by_e_mail(client):
    html = client.get("/accounts/login/").content.decode()

    assert "E-mail me a log-in code" in html
    assert 'href="/accounts/login/code/"' in html
