"""A member writes a proposal from their dashboard, submits it and is told what happens next."""

from governance.models import ProposalPage
from membership.services import join
from tests.e2e.conftest import log_in, screenshot, write_over_outline
from tests.factories import UserFactory

OUR_TEXT = [
    "Members cannot see how the foundation spends its money.",
    "Publish the accounts every quarter, within a month of its end.",
    "A yearly report only: too late to discuss the budget.",
]


def test_a_member_writes_and_submits_a_proposal_from_the_dashboard(browser, live_server, site):
    member = UserFactory(username="writer", groups=["Members"])
    join(user=member, name="Grace Hopper", country="UK", code_of_conduct_version="1.0")
    page = log_in(browser, live_server, member.email)
    page.goto("/members/")
    page.get_by_role("link", name="Write a proposal", exact=True).click()
    # Straight into the proposal editor: no page-type picker on the way.
    page.wait_for_selector("#id_title")
    assert "Proposal page" in page.content() and "Charter page" not in page.content()
    page.wait_for_selector("text=Alternatives considered")
    page.fill("#id_title", "Open the books")
    page.fill("#id_summary", "Publish the foundation's accounts every quarter.")
    write_over_outline(page, OUR_TEXT)
    screenshot(page, "writing-editor")
    page.get_by_role("button", name="More actions").click()
    page.click("button[name='action-submit']")
    page.wait_for_selector("text=Your proposal awaits a moderator")
    screenshot(page, "writing-submitted")
    assert page.is_visible("text=Back to your membership dashboard")
    assert ProposalPage.objects.get(title="Open the books").workflow_in_progress
    page.get_by_role("link", name="Back to your membership dashboard").click()
    page.wait_for_selector("text=awaiting a moderator")
    screenshot(page, "writing-dashboard")
