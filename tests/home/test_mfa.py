"""Directors, Officers and staff cannot use the admin until they have a second factor."""

from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from core.security import MFA_REQUIRED
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

    assert response.redirect_chain[0][0] == "/accounts/2fa/totp/activate/?next=%2Fadmin%2F"
    assert "need a second factor" in response.content.decode()


def test_a_director_action_is_refused_without_a_second_factor(client, director):
    proposal = make_proposal(Stage.DISCUSSION)
    client.force_login(director)

    response = client.post(f"/admin/governance/{proposal.pk}/move-to-resolution/", {})

    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/?next=%2Fadmin%2F"
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DISCUSSION


@pytest.mark.parametrize("user_fields", [
    {"groups": ["Members", "Officers"]},
    {"is_staff": True},
    {"is_superuser": True, "is_staff": True},
])
def test_officers_and_staff_need_a_second_factor_too(client, user_fields):
    client.force_login(UserFactory(**user_fields))

    assert client.get("/admin/").url == "/accounts/2fa/totp/activate/?next=%2Fadmin%2F"


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


# Set-up, as a Director meets it: the password check, the app, the recovery codes.

A_MOMENT = 1_800_000_000  # a fixed clock, so the app's code never straddles two periods


@pytest.fixture
def fixed_clock(monkeypatch):
    monkeypatch.setattr(totp_auth, "time", SimpleNamespace(time=lambda: A_MOMENT))


def app_code(secret):
    """The six digits an authenticator app with this secret shows at A_MOMENT."""
    return format_hotp_value(hotp_value(secret, A_MOMENT // 30))


def confirm_password(client, director, asked_for):
    """Log in, ask for a page, confirm the password; return the set-up page."""
    client.post("/accounts/login/", {"login": director.email, "password": PASSWORD})
    password_page = client.get(asked_for, follow=True)
    return password_page, client.post(
        password_page.redirect_chain[-1][0], {"password": PASSWORD}, follow=True
    )


def activate_app(client, director, asked_for):
    """Set up an authenticator app on the way to a page; return the recovery codes page."""
    _, set_up = confirm_password(client, director, asked_for)
    secret = set_up.context["form"].secret
    return client.post(
        set_up.redirect_chain[-1][0],
        {"code": app_code(secret), "next": set_up.context["next"] or ""},
        follow=True,
    )


def test_the_set_up_text_matches_the_password_form_it_stands_above(client, director):
    password_page, _ = confirm_password(client, director, "/admin/")
    page = password_page.content.decode()

    assert password_page.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert MFA_REQUIRED in page
    assert "below" not in MFA_REQUIRED
    assert "<h1>Confirm your password</h1>" in page


def test_the_set_up_page_says_how_to_use_the_app(client, director):
    _, set_up = confirm_password(client, director, "/admin/")
    page = set_up.content.decode()

    assert "<h1>Set up an authenticator app</h1>" in page
    assert "Scan this QR code" in page


def test_after_set_up_a_director_continues_to_the_page_they_asked_for(
    client, director, fixed_clock
):
    codes = activate_app(client, director, "/admin/pages/")

    assert codes.redirect_chain[-1][0] == "/accounts/2fa/recovery-codes/?next=%2Fadmin%2Fpages%2F"
    assert Authenticator.objects.filter(user=director, type=Authenticator.Type.TOTP).exists()
    assert '<a class="button" href="/admin/pages/">Continue</a>' in codes.content.decode()
    assert client.get("/admin/pages/", follow=True).redirect_chain == [("/admin/pages/4/", 302)]


def test_the_recovery_codes_page_continues_to_the_dashboard_by_default(
    client, director, fixed_clock
):
    codes = activate_app(client, director, "/accounts/2fa/totp/activate/")

    assert codes.redirect_chain[-1][0] == "/accounts/2fa/recovery-codes/"
    assert '<a class="button" href="/members/">Continue</a>' in codes.content.decode()


def test_the_recovery_codes_page_never_continues_off_the_site(client, director, fixed_clock):
    codes = activate_app(client, director, "/accounts/2fa/totp/activate/?next=https://evil.example/")

    assert codes.redirect_chain[-1][0] == "/accounts/2fa/recovery-codes/"
    assert "evil.example" not in codes.content.decode()
    page = client.get("/accounts/2fa/recovery-codes/?next=https://evil.example/").content.decode()
    assert "evil.example" not in page
    assert '<a class="button" href="/members/">Continue</a>' in page
