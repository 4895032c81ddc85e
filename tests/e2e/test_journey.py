"""The main journey in a real browser, from joining to a policy the members adopted.

A visitor joins and agrees to the Code of Conduct, drafts a proposal in the Wagtail
editor and submits it; a moderator publishes it for discussion; a Director moves
it to resolution and refers it to a member vote; two enrolled members vote; the
ballot closes; the policy is listed under Active policies and its old URL
redirects there; a voter checks their receipt.
"""

import re

import pytest
from django.core import mail

from governance.models import GovernanceRules, ProposalPage, Stage
from tests.e2e.conftest import (
    assert_accessible,
    log_in,
    new_page,
    screenshot,
    submit_log_in,
)
from tests.factories import PASSWORD
from tests.membership.factories import voting_member
from tests.voting.factories import VotingPeriodFactory
from voting import services
from voting.models import Ballot

TITLE = "Childcare grants at sprints"


def join(page):
    """Sign up through the form, confirm the e-mail address, and log in."""
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", "grace@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=name]", "Grace Author")
    page.fill("input[name=country]", "Ghana")
    page.get_by_label("I agree to the Code of Conduct").check()
    page.get_by_role("button", name=re.compile("Sign up|Join", re.I)).click()
    page.wait_for_url(lambda url: "/accounts/signup/" not in url)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link[link.index("/accounts/"):])
    page.get_by_role("button", name="Confirm").click()
    submit_log_in(page, "grace@example.org")


def draft_and_submit(page):
    """From the dashboard, write the proposal in the Wagtail editor and submit it."""
    page.get_by_role("link", name="Write a proposal").click()
    page.get_by_role("link", name=re.compile("^Proposal")).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/add/governance/proposalpage/\d+/"))
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Pay for childcare so that parents can come to sprints.")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("Submit to Publish for discussion")).click()
    page.get_by_text("submitted for moderation").wait_for()


def moderate(page, proposal):
    """The moderator approves the submission, which publishes it for discussion."""
    page.goto(f"/admin/pages/{proposal.pk}/edit/")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("^Approve")).first.click()
    dialog = page.locator("[role=dialog]:visible")
    if dialog.count():
        dialog.get_by_role("button", name=re.compile("Approve")).click()
    page.wait_for_load_state("networkidle")


def decide(page, proposal):
    """The Director moves the proposal to resolution, then refers it to the members."""
    for name, button in [("move-to-resolution", "Move to resolution"),
                         ("refer-to-member-vote", "Refer to member vote")]:
        page.goto(f"/admin/governance/{proposal.pk}/{name}/")
        page.get_by_role("button", name=button).click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))


def vote(page, ballot):
    page.goto("/vote/")
    assert page.get_by_text(ballot.title).first.is_visible()
    page.goto(f"/vote/{ballot.pk}/")
    assert_accessible(page)
    screenshot(page, "ballot")
    page.get_by_label("Yes").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Cast my ballot").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/vote/{ballot.pk}/receipt/$"))
    code = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){4}", code)
    assert page.get_by_role("button", name="Copy the code").is_visible()
    assert_accessible(page)
    screenshot(page, "receipt")
    page.reload()
    assert page.locator("#receipt-code").inner_text() == code
    page.get_by_role("button", name="I have kept my receipt").click()
    page.get_by_text("Your receipt code is no longer shown").wait_for()
    return code


@pytest.fixture
def people(site, moderator, director):
    VotingPeriodFactory()
    # The journey moves the proposal the moment it is published: no minimum discussion.
    rules = GovernanceRules.load()
    rules.minimum_discussion_days = 0
    rules.save()
    voters = [voting_member(name=f"Voter {n}") for n in "AB"]
    for voter in voters:
        services.enrol(member=voter)
    return {"moderator": moderator, "director": director, "voters": voters}


def test_from_joining_to_an_adopted_policy(browser, live_server, people):
    author = new_page(browser, live_server)
    author.goto("/")
    screenshot(author, "home")
    join(author)
    author.goto("/members/")
    assert_accessible(author)
    screenshot(author, "member-dashboard")
    draft_and_submit(author)
    proposal = ProposalPage.objects.get(title=TITLE)

    moderate(log_in(browser, live_server, people["moderator"].email), proposal)
    proposal.refresh_from_db()
    assert proposal.live and proposal.stage == Stage.DISCUSSION
    discussion_url = proposal.url

    decide(log_in(browser, live_server, people["director"].email), proposal)
    ballot = Ballot.objects.get(status=Ballot.Status.OPEN)
    codes = [vote(log_in(browser, live_server, voter.user.email), ballot)
             for voter in people["voters"]]
    services.close_ballot(ballot)

    visitor = new_page(browser, live_server)
    visitor.goto("/governance/active-policies/")
    assert visitor.get_by_role("link", name=TITLE).is_visible()
    screenshot(visitor, "section-listing")
    response = visitor.goto(discussion_url)
    assert response.request.redirected_from is not None
    assert "/governance/active-policies/" in visitor.url
    assert_accessible(visitor)
    screenshot(visitor, "policy")

    visitor.goto("/vote/verify/")
    visitor.select_option("select[name=ballot]", str(ballot.pk))
    visitor.fill("input[name=code]", codes[0])
    visitor.get_by_role("button", name="Check").click()
    assert visitor.get_by_text("Your ballot was counted.").is_visible()
