"""The minimum discussion period (GovernanceRules): the Board waits for it, and pages show it."""

import datetime

import pytest
from django.utils import timezone

from core.page_cache import HIT_HEADER
from governance import lifecycle
from governance.models import GovernanceRules, Stage
from governance.roles import TransitionError
from governance.views import transitions_for
from tests.governance.factories import make_proposal, published_on

pytestmark = pytest.mark.django_db

REFUSED = (
    "This proposal has been in discussion since 3 March 2027; the Board may move it to "
    "resolution from 17 March 2027."
)
SHOWN = (
    'In discussion since <time datetime="2027-03-03">3 March 2027</time> · '
    'earliest decision <time datetime="2027-03-17">17 March 2027</time>'
)


def moment(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def clock(monkeypatch):
    """Set the site's clock to noon (or `hour`) of a day, so no test depends on today."""
    def set_to(day, hour=12):
        monkeypatch.setattr(timezone, "now", lambda: moment(day, hour))
    return set_to


@pytest.fixture
def proposal(author):
    """A proposal first published for discussion on 3 March 2027, in the morning."""
    return published_on(make_proposal(owner=author), moment(datetime.date(2027, 3, 3), 9))


def set_minimum(days):
    rules = GovernanceRules.load()
    rules.minimum_discussion_days = days
    rules.save()


def test_the_board_cannot_move_a_proposal_before_the_minimum_and_is_told_when_it_may(
    proposal, director, clock
):
    clock(datetime.date(2027, 3, 16), hour=23)
    with pytest.raises(TransitionError) as refused:
        lifecycle.move_to_resolution(proposal, user=director)
    assert refused.value.messages == [REFUSED]
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DISCUSSION


def test_the_board_may_move_it_on_the_first_day_after_the_minimum(proposal, director, clock):
    clock(datetime.date(2027, 3, 17), hour=0)
    lifecycle.move_to_resolution(proposal, user=director)
    assert proposal.stage == Stage.RESOLUTION


def test_the_admin_offers_no_move_before_the_minimum_and_says_when(
    proposal, director, clock, client
):
    clock(datetime.date(2027, 3, 16))
    assert "move-to-resolution" not in dict(transitions_for(proposal, director))
    client.force_login(director)
    edit = client.get(f"/admin/pages/{proposal.pk}/edit/").content.decode()
    assert f"/admin/governance/{proposal.pk}/move-to-resolution/" not in edit
    assert "In discussion since 3 March 2027 · earliest decision 17 March 2027." in edit

    client.post(f"/admin/governance/{proposal.pk}/move-to-resolution/", {})
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DISCUSSION

    clock(datetime.date(2027, 3, 17))
    assert "move-to-resolution" in dict(transitions_for(proposal, director))


def test_returning_to_discussion_starts_the_minimum_again(proposal, director, clock):
    clock(datetime.date(2027, 4, 1))
    lifecycle.move_to_resolution(proposal, user=director)
    lifecycle.return_to_discussion(proposal, user=director, reason="The members need more time.")

    clock(datetime.date(2027, 4, 14))
    with pytest.raises(TransitionError) as refused:
        lifecycle.move_to_resolution(proposal, user=director)
    assert refused.value.messages == [
        "This proposal has been in discussion since 1 April 2027; the Board may move it to "
        "resolution from 15 April 2027."
    ]

    clock(datetime.date(2027, 4, 15))
    lifecycle.move_to_resolution(proposal, user=director)
    assert proposal.stage == Stage.RESOLUTION


def test_no_minimum_lets_the_board_move_a_proposal_the_day_it_is_published(
    proposal, director, clock, client
):
    set_minimum(0)
    clock(datetime.date(2027, 3, 3))
    page = client.get(proposal.url).content.decode()
    assert "In discussion since" in page and "earliest decision" not in page
    lifecycle.move_to_resolution(proposal, user=director)
    assert proposal.stage == Stage.RESOLUTION


def test_the_public_page_shows_when_discussion_started_and_the_earliest_decision(
    proposal, director, clock, client
):
    clock(datetime.date(2027, 3, 5))
    assert SHOWN in client.get(proposal.url).content.decode()

    clock(datetime.date(2027, 3, 20))
    lifecycle.move_to_resolution(proposal, user=director)
    assert "In discussion since" not in client.get(proposal.url).content.decode()


@pytest.mark.usefixtures("page_cache_on")
def test_a_longer_minimum_set_in_settings_reaches_cached_pages(
    proposal, client, clock, django_capture_on_commit_callbacks
):
    clock(datetime.date(2027, 3, 5))
    assert client.get(proposal.url)[HIT_HEADER] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        set_minimum(21)
    response = client.get(proposal.url)
    assert response[HIT_HEADER] == "miss" and "24 March 2027" in response.content.decode()


def test_the_editor_stops_explaining_once_the_board_may_move_it(proposal, director, clock, client):
    clock(datetime.date(2027, 3, 17))
    client.force_login(director)
    edit = client.get(f"/admin/pages/{proposal.pk}/edit/").content.decode()
    assert "earliest decision 17 March 2027" not in edit
