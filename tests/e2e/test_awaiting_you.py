"""A Director's "Awaiting you" in the browser: first on the dashboard, counted in the header."""

import datetime

import pytest
from django.utils import timezone

from governance import lifecycle
from governance.models import Stage
from tests.e2e.conftest import assert_accessible, log_in, screenshot
from tests.governance.factories import make_proposal
from tests.voting.factories import make_ballot
from voting.models import Ballot, OutcomeStatus

HEADER_HEIGHT = "document.querySelector('.site-header').getBoundingClientRect().height"


def outcome_not_applied(title):
    ballot = make_ballot(title=title)
    Ballot.objects.filter(pk=ballot.pk).update(
        status=Ballot.Status.CLOSED, outcome_status=OutcomeStatus.NOT_APPLIED,
        outcome_note="What it decided is no longer possible.",
        closed_at=timezone.now() - datetime.timedelta(days=1),
    )


@pytest.fixture
def board_business(site, officer):
    author = officer
    ready = make_proposal(Stage.DISCUSSION, owner=author, title="Publish the minutes monthly")
    lifecycle.request_withdrawal(ready, user=author, reason="The Board already does.")
    pending = make_proposal(Stage.DISCUSSION, title="A code of conduct for sprints")
    lifecycle.move_to_resolution(pending, user=officer)
    outcome_not_applied("Admit Example Corp as a Sponsor Member")
    counting = make_ballot(title="Board election 2027")
    Ballot.objects.filter(pk=counting.pk).update(
        status=Ballot.Status.AWAITING_TELLERS, tellers_needed=2, votes_closed_at=timezone.now()
    )


def test_a_director_sees_what_awaits_them_first_and_counted_in_the_header(
    page, browser, live_server, board_business, director
):
    page.goto("/")
    anonymous_header = page.evaluate(HEADER_HEIGHT)
    dashboard = log_in(browser, live_server, director.email)
    dashboard.goto("/members/")

    first_section = dashboard.locator("main h2").first
    assert first_section.inner_text() == "Awaiting you"
    assert dashboard.get_by_role("link", name="Decide").is_visible()
    assert dashboard.get_by_role("link", name="Withdraw it").is_visible()
    counted = dashboard.get_by_role("link", name="Dashboard: 5 things await you", exact=True)
    assert counted.inner_text() == "Dashboard 5"
    assert dashboard.evaluate(HEADER_HEIGHT) == anonymous_header
    assert_accessible(dashboard)
    screenshot(dashboard, "awaiting-you")

    for number in range(7):
        outcome_not_applied(f"Renew working group {number}")
    dashboard.reload()
    assert dashboard.get_by_role("link", name="Dashboard: 12 things await you").is_visible()
    assert dashboard.evaluate(HEADER_HEIGHT) == anonymous_header
