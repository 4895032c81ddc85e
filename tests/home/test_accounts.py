"""Accounts live at /accounts/; the admin sends anonymous visitors to log in."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import Site

from membership.forms import ERROR_MUST_AGREE
from membership.models import CodeOfConduct, Member
from membership.selectors import categories_held
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "ada@example.org",
    "password1": "a-long-pass-phrase",
    "password2": "a-long-pass-phrase",
    "name": "Ada Lovelace",
    "country": "United Kingdom",
    "agrees_to_code_of_conduct": "on",
}


def test_anonymous_visitor_to_admin_is_sent_to_log_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_up_sends_a_verification_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "ada@example.org" in mail.outbox[0].to


def test_the_sign_up_e_mail_speaks_for_the_foundation(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", SIGNUP)
    sent = mail.outbox[0]
    assert sent.subject == "Confirm your e-mail address for Python Software Foundation"
    assert "join Python Software Foundation" in sent.body
    assert "/accounts/confirm-email/" in sent.body
    assert "Hello from" not in sent.body and "testserver" not in sent.body.split("http")[0]


def test_the_account_pages_use_the_site_s_words(client):
    signup = client.get("/accounts/signup/").content.decode()
    assert "<h1>Join the foundation</h1>" in signup and "Sign Up" not in signup
    client.force_login(UserFactory())
    assert "Sign Out" not in client.get("/accounts/logout/").content.decode()


def test_sign_up_makes_a_basic_member_at_once_with_the_agreed_version(client):
    code_of_conduct = CodeOfConduct.load()
    code_of_conduct.version = "2.1"
    code_of_conduct.save()
    client.post("/accounts/signup/", SIGNUP)
    member = Member.objects.get(user__email="ada@example.org")
    assert (member.name, member.country) == ("Ada Lovelace", "United Kingdom")
    assert member.code_of_conduct_version == "2.1"
    assert member.code_of_conduct_agreed_at is not None
    assert list(categories_held(member).values_list("code", flat=True)) == ["basic"]
    assert member.user.groups.filter(name="Members").exists()


def test_sign_up_without_agreeing_to_the_code_of_conduct_is_refused(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "agrees_to_code_of_conduct": ""})
    assert response.status_code == 200
    assert ERROR_MUST_AGREE in response.content.decode()
    assert not get_user_model().objects.filter(email="ada@example.org").exists()


def test_sign_up_form_asks_for_name_country_and_links_the_code_of_conduct(client):
    html = client.get("/accounts/signup/").content.decode()
    for field in ['name="name"', 'name="country"', 'name="agrees_to_code_of_conduct"']:
        assert field in html
    assert 'href="/membership/code-of-conduct/"' in html


def test_code_of_conduct_page_shows_the_text_staff_edited(client):
    code_of_conduct = CodeOfConduct.load(request_or_site=Site.objects.get(is_default_site=True))
    code_of_conduct.text = "<p>Be excellent to each other.</p>"
    code_of_conduct.version = "3.0"
    code_of_conduct.save()
    html = client.get("/membership/code-of-conduct/").content.decode()
    assert "Be excellent to each other." in html
    assert "Version 3.0" in html


def test_log_in_and_log_out(client):
    UserFactory(username="grace", email="grace@example.org")
    response = client.post("/accounts/login/", {"login": "grace@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/members/"
    assert "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_logging_in_keeps_the_page_the_member_was_going_to(client):
    UserFactory(username="grace", email="grace@example.org")
    response = client.post("/accounts/login/?next=/vote/", {
        "login": "grace@example.org", "password": PASSWORD, "next": "/vote/",
    })
    assert response["Location"] == "/vote/"


def test_password_reset_sends_an_email(client, django_capture_on_commit_callbacks):
    UserFactory(username="linus", email="linus@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "linus@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_director_reaches_the_admin(client, director):
    client.force_login(director)
    assert client.get("/admin/").status_code == 200


def test_staff_reaches_the_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
