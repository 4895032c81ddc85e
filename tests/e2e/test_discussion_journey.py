"""The discussion on a proposal in a real browser: comment, reply, hide with a reason."""

from governance.models import Stage
from tests.e2e.conftest import VIEWPORTS, assert_accessible, log_in, screenshot
from tests.factories import UserFactory
from tests.governance.factories import make_proposal


def test_members_comment_and_reply_and_a_moderator_hides_a_comment(browser, live_server, site):
    author = UserFactory(username="ada", first_name="Ada", last_name="Author", groups=["Members"])
    UserFactory(username="carl", first_name="Carl", last_name="Commenter", groups=["Members"])
    UserFactory(username="moe", first_name="Moe", last_name="Moderator",
                groups=["Members", "Moderators"])
    proposal = make_proposal(Stage.DISCUSSION, owner=author, title="Open the books")

    commenter = log_in(browser, live_server, "carl@example.org")
    commenter.goto(proposal.url)
    commenter.fill("#comment-text", "Could the accounts be published every month?")
    commenter.get_by_role("button", name="Post the comment").click()
    commenter.wait_for_selector("text=Your comment is posted.")

    writer = log_in(browser, live_server, "ada@example.org")
    writer.goto(proposal.url)
    writer.get_by_role("link", name="Reply").first.click()
    writer.fill("textarea[name=text]", "Quarterly: monthly figures are not audited.")
    writer.get_by_role("button", name="Post the reply").click()
    writer.wait_for_selector("text=Your reply is posted.")
    assert writer.locator(".comments--replies .comment__badge").inner_text() == "Author"

    commenter.goto(proposal.url)
    commenter.fill("#comment-text", "You are hiding something, as always.")
    commenter.get_by_role("button", name="Post the comment").click()

    moderator = log_in(browser, live_server, "moe@example.org")
    moderator.goto(proposal.url)
    attack = moderator.locator(".comment", has_text="hiding something")
    attack.get_by_role("link", name="Hide").click()
    moderator.fill("textarea[name=reason]", "A personal attack, against the Code of Conduct.")
    moderator.get_by_role("button", name="Hide the comment").click()
    moderator.wait_for_selector("text=Hidden by a moderator: A personal attack")

    commenter.reload()
    assert "hiding something" not in commenter.content()
    assert_accessible(commenter)
    commenter.set_viewport_size(VIEWPORTS["phone"])
    assert_accessible(commenter)
    commenter.set_viewport_size(VIEWPORTS["desktop"])
    screenshot(commenter, "discussion")
