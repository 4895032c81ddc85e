"""The editor's co-author chooser in a real browser: found by member name, saved as chosen."""

from membership.services import join
from tests.e2e.conftest import log_in, screenshot
from tests.factories import UserFactory
from tests.governance.factories import make_proposal


def _member(username, name):
    user = UserFactory(username=username, first_name="", last_name="", groups=["Members"])
    join(user=user, name=name, country="UK", code_of_conduct_version="1.0")
    return user


def test_a_member_adds_a_co_author_by_searching_their_name(browser, live_server, site):
    author = _member("author", "Grace Hopper")
    co_author = _member("zq-secret-login", "Ada Lovelace")
    draft = make_proposal(owner=author, title="Open the books", live=False)
    page = log_in(browser, live_server, author.email)
    page.goto(f"/admin/pages/{draft.pk}/edit/")
    page.fill("[data-co-author-chooser] [data-search]", "lovel")
    page.wait_for_selector("text=Add Ada Lovelace")
    screenshot(page, "co-author-search")
    page.click("text=Add Ada Lovelace")
    assert page.is_checked(f"[data-chosen] input[value='{co_author.pk}']")
    screenshot(page, "co-author-chosen")
    content = page.content()
    assert "zq-secret-login" not in content and co_author.email not in content
    page.click("button[type=submit]:has-text('Save draft')")
    page.wait_for_selector("text=has been updated")
    draft.refresh_from_db()
    assert list(draft.get_latest_revision_as_object().co_authors.all()) == [co_author]
