"""Following in a real browser: a member follows a proposal, a Director moves it to
resolution, and the member reads the e-mail in the development mailbox (issue 21)."""

import re

import pytest

from governance.models import GovernanceRules, Stage
from tests.e2e.conftest import assert_accessible, log_in, screenshot
from tests.governance.factories import make_proposal

TITLE = "Quiet rooms at every sprint"


@pytest.fixture
def proposal(site, director):
    rules = GovernanceRules.load()
    rules.minimum_discussion_days = 0
    rules.save()
    return make_proposal(Stage.DISCUSSION, title=TITLE)


def test_a_member_follows_a_proposal_and_reads_the_mail(
    browser, live_server, site, member, director, proposal, mailbox
):
    reader = log_in(browser, live_server, member.email)
    reader.goto(proposal.url)
    reader.get_by_role("button", name="Follow this proposal").click()
    reader.get_by_text(f"You follow “{TITLE}”").wait_for()
    assert reader.get_by_role("button", name="Stop following").is_visible()

    reader.goto("/members/notifications/")
    assert reader.get_by_role("link", name=TITLE).is_visible()
    assert_accessible(reader)
    screenshot(reader, "preferences")

    board = log_in(browser, live_server, director.email)
    board.goto(f"/admin/governance/{proposal.pk}/move-to-resolution/")
    board.get_by_role("button", name="Move to resolution").click()
    board.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))

    reader.goto("/dev/mail/")
    letter = reader.locator("article.dev-letter").filter(
        has_text=f"“{TITLE}” moved to resolution").first
    assert member.email in letter.inner_text()
    proposal.refresh_from_db()
    assert f"{proposal.url}" in letter.inner_text()
