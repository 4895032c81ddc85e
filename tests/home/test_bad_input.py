"""Forged tokens, oversized uploads and HTML in text fields: a clear 4xx, nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from governance.models import Position, Stage, Stance
from governance.services import record_stance
from membership.models import Contribution, Member
from tests.factories import UserFactory
from tests.governance.factories import make_proposal
from tests.membership.factories import MemberFactory

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script>"


def test_a_forged_csrf_token_is_refused_with_a_clear_page(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    before = Member.objects.get(user=member).name

    response = client.post("/members/profile/", {
        "name": "Forged", "country": "Peru", "csrfmiddlewaretoken": "forged" * 8,
    })

    assert response.status_code == 403
    assert "nothing was saved" in response.content.decode()
    assert Member.objects.get(user=member).name == before


def test_an_oversized_csv_is_refused_by_the_form(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    MemberFactory()
    big = SimpleUploadedFile("payments.csv", b"email,amount,date\n" + b"x" * (5 * 1024 * 1024))

    response = client.post("/admin/membership/import-payments/", {"file": big})

    assert response.status_code == 200
    assert "the limit is 5 MB" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_request_body_over_the_limit_gets_the_400_page(client, member, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(member)

    response = client.post("/members/profile/", {"name": "x" * 5000, "country": "Peru"})

    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()


def test_html_typed_into_text_fields_is_shown_escaped(client, member):
    proposal = make_proposal(Stage.DISCUSSION)
    record_stance(proposal, user=member, position=Position.BLOCK, reason=SCRIPT)
    client.force_login(member)

    page = client.get(proposal.url).content.decode()

    assert SCRIPT not in page
    assert "&lt;script&gt;" in page
    assert Stance.objects.get().reason == SCRIPT
