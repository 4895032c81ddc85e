"""Directors, Officers and staff cannot use the admin until they have a second factor."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from governance.models import Stage
from tests.factories import PASSWORD, UserFactory
from tests.governance.factories import make_proposal
from tests.home.test_login_by_code import code_sent_to, enter_code, request_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_BOARD = True


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


def test_a_director_without_a_second_factor_is_sent_to_set_one_up(client, director):
    client.force_login(director)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0][0] == "/accounts/2fa/totp/activate/"
    assert "need a second factor" in response.content.decode()


def test_a_director_action_is_refused_without_a_second_factor(client, director):
    proposal = make_proposal(Stage.DISCUSSION)
    client.force_login(director)

    response = client.post(f"/admin/governance/{proposal.pk}/move-to-resolution/", {})

    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DISCUSSION


@pytest.mark.parametrize("user_fields", [
    {"groups": ["Members", "Officers"]},
    {"is_staff": True},
    {"is_superuser": True, "is_staff": True},
])
def test_officers_and_staff_need_a_second_factor_too(client, user_fields):
    client.force_login(UserFactory(**user_fields))

    assert client.get("/admin/").url == "/accounts/2fa/totp/activate/"


def test_with_a_second_factor_the_admin_opens(client, director):
    client.force_login(with_totp(director))

    assert client.get("/admin/").status_code == 200


def test_members_and_moderators_are_not_asked(client, moderator):
    client.force_login(moderator)

    assert client.get("/admin/").status_code == 200


def test_the_setup_page_itself_is_reachable(client, director):
    client.post("/accounts/login/", {"login": director.email, "password": PASSWORD})

    # allauth asks for the password once more before a second factor is added.
    response = client.get("/accounts/2fa/totp/activate/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert not Authenticator.objects.filter(user=director).exists()


def test_members_may_turn_on_a_second_factor_from_their_dashboard(client, member):
    client.force_login(member)

    assert "/accounts/2fa/" in client.get("/members/").content.decode()


def test_a_code_by_e_mail_does_not_skip_the_second_factor(client, director):
    with_totp(director)
    request_code(client, director.email)

    response = enter_code(client, code_sent_to(director.email))

    assert response.url == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").url.startswith("/accounts/login/")
    recovery_code = RecoveryCodes.activate(director).get_unused_codes()[0]
    client.post("/accounts/2fa/authenticate/", {"code": recovery_code})
    assert client.session["_auth_user_id"] == str(director.pk)
