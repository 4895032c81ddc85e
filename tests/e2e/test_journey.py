"""The main journey in a real browser, from joining to a policy the members adopted.

A visitor joins and agrees to the Code of Conduct (confirming the address from the
development mailbox), writes a proposal from the dashboard's "Write a proposal" and
submits it; a moderator publishes it for discussion; a member follows it and comments,
the author replies; the Director finds it under "Awaiting you", moves it to resolution
and refers it to a member vote; the follower reads the e-mail in the mailbox; two
enrolled members vote; the ballot closes and its results are published; the policy is
listed under Active policies and its old URL redirects there; a voter checks their
receipt. Every step is screenshotted at desktop and phone widths.
"""

import re
from urllib.parse import urlsplit

import pytest

from governance.models import GovernanceRules, ProposalPage, Stage
from tests.e2e.conftest import (
    assert_accessible,
    log_in,
    new_page,
    screenshot,
    submit_log_in,
    write_over_outline,
)
from tests.factories import PASSWORD
from tests.membership.factories import voting_member
from tests.voting.factories import VotingPeriodFactory
from voting import services
from voting.models import Ballot

TITLE = "Childcare grants at sprints"
OUR_TEXT = [
    "Parents of young children cannot come to sprints.",
    "Pay for childcare at every sprint the foundation runs.",
    "A creche at PyCon only: it leaves out the sprints.",
]


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
    confirmation = letter(page, "grace@example.org", "Confirm")
    link = confirmation.locator("a[href*='/accounts/confirm-email/']").get_attribute("href")
    page.goto(urlsplit(link).path)  # the site root of the test settings, not the live server
    page.get_by_role("button", name="Confirm").click()
    submit_log_in(page, "grace@example.org")


def letter(page, to, subject):
    """The newest e-mail to `to` whose subject has `subject`, in the development mailbox."""
    page.goto("/dev/mail/")
    return page.locator("article.dev-letter").filter(has_text=to).filter(
        has=page.get_by_role("heading", name=re.compile(subject))).first


def draft_and_submit(page):
    """From the dashboard's entry point, write the proposal over the editor's outline and
    submit it; the author lands on the site, told a moderator is next."""
    page.get_by_role("link", name="Write a proposal", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/add/governance/proposalpage/\d+/"))
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Pay for childcare so that parents can come to sprints.")
    write_over_outline(page, OUR_TEXT)
    screenshot(page, "editor")
    page.get_by_role("button", name="More actions").click()
    page.click("button[name='action-submit']")
    page.get_by_text("Your proposal awaits a moderator").wait_for()
    screenshot(page, "submitted")


def discuss(browser, live_server, people, proposal):
    """A member follows the proposal and asks a question; its author answers."""
    follower = log_in(browser, live_server, people["voters"][0].user.email)
    follower.goto(proposal.url)
    follower.get_by_role("button", name="Follow this proposal").click()
    follower.get_by_text(f"You follow “{TITLE}”").wait_for()
    follower.fill("#comment-text", "Would the grants cover carers, not only parents?")
    follower.get_by_role("button", name="Post the comment").click()
    follower.get_by_text("Your comment is posted.").wait_for()
    return follower


def reply(author, proposal):
    author.goto(proposal.url)
    author.get_by_role("link", name="Reply").first.click()
    author.fill("textarea[name=text]", "Yes: any carer of a child.")
    author.get_by_role("button", name="Post the reply").click()
    author.get_by_text("Your reply is posted.").wait_for()
    assert author.locator(".comments--replies .comment__badge").inner_text() == "Author"
    assert_accessible(author)
    screenshot(author, "discussion")


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
    """The Director finds the proposal awaiting them, moves it to resolution, then refers
    it to the members."""
    page.goto("/members/")
    awaiting = page.locator("section", has=page.get_by_role("heading", name="Awaiting you"))
    assert awaiting.get_by_role("link", name="Move it to resolution").is_visible()
    assert page.locator(".site-header").get_by_role(
        "link", name=re.compile(r"Dashboard: \d+ things? awaits? you")).is_visible()
    screenshot(page, "awaiting-you")
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
def people(site, moderator, director, mailbox):
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
    follower = discuss(browser, live_server, people, proposal)
    reply(author, proposal)

    decide(log_in(browser, live_server, people["director"].email), proposal)
    told = letter(follower, people["voters"][0].user.email, f"“{TITLE}” moved to resolution")
    assert f"/{proposal.slug}/" in told.inner_text()  # a link to the proposal where it is now
    ballot = Ballot.objects.get(status=Ballot.Status.OPEN)
    codes = [vote(log_in(browser, live_server, voter.user.email), ballot)
             for voter in people["voters"]]
    services.close_ballot(ballot)

    visitor = new_page(browser, live_server)
    visitor.goto(f"/vote/{ballot.pk}/results/")
    assert visitor.get_by_text("Turnout").first.is_visible()
    assert_accessible(visitor)
    screenshot(visitor, "results")
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
