"""A member downloads their own data and can close their account; votes stay counted."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model

from membership.models import CategoryCode, CategoryGrant
from tests.factories import PASSWORD
from tests.membership.factories import MemberFactory, voting_member
from tests.voting.factories import (
    EnrolmentFactory,
    VotingPeriodFactory,
    answer,
    open_ballot,
    yes_no,
)
from voting import services
from voting.models import CastBallot, Mark, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def voter():
    member = voting_member(CategoryCode.SUPPORTING, name="Grace Voter")
    EnrolmentFactory(member=member, period=VotingPeriodFactory())
    ballot = open_ballot(yes_no(), title="Adopt the grants policy")
    services.cast(ballot, user=member.user, answers=answer(ballot, ["Yes"]))
    return member


def test_a_member_downloads_their_own_data_only(client, voter):
    MemberFactory(name="Someone Else")
    client.force_login(voter.user)

    response = client.get("/members/data.json")

    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["member"]["name"] == "Grace Voter"
    assert data["voted_in"] == ["Adopt the grants policy"]
    assert [grant["category__name"] for grant in data["category_grants"]] == ["Supporting Member"]
    text = response.content.decode()
    assert "Someone Else" not in text
    assert "Yes" not in text


def test_visitors_must_log_in_to_download(client):
    assert client.get("/members/data.json").status_code == 302


def test_closing_an_account_keeps_every_vote_and_forgets_the_person(client, voter):
    counts = (Participation.objects.count(), CastBallot.objects.count(), Mark.objects.count())
    user = voter.user
    client.force_login(user)

    response = client.post("/members/close/", {"confirm": "close"}, follow=True)

    assert "Your account is closed" in response.content.decode()
    assert (Participation.objects.count(), CastBallot.objects.count(),
            Mark.objects.count()) == counts
    user.refresh_from_db()
    voter.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert user.email == "" and voter.name == "Former member"
    assert not CategoryGrant.objects.active_on(datetime.date.today()).filter(
        member=voter
    ).exists()
    assert "_auth_user_id" not in client.session


def test_closing_needs_the_confirmation_and_saves_nothing_without_it(client, voter):
    client.force_login(voter.user)

    response = client.post("/members/close/", {}, follow=True)

    assert "Tick the box" in response.content.decode()
    assert get_user_model().objects.get(pk=voter.user.pk).is_active


def test_a_closed_account_cannot_log_in(client, voter):
    email = voter.user.email
    client.force_login(voter.user)
    client.post("/members/close/", {"confirm": "close"})

    client.post("/accounts/login/", {"login": email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
