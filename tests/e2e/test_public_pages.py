"""The public pages in a real browser: layout, keyboard, accessibility, screenshots."""

import json

from home.demo import DEMO_PASSWORD
from tests.e2e.conftest import accessibility_violations, assert_accessible, screenshot
from tests.site_pages import DASHBOARD, DEMO_MEMBER, public_paths, seed_demo_site

# The pages whose screenshots are kept at both widths (which also checks they fit).
SCREENSHOTS = {
    "home", "governance", "section-active-policies", "register", "login", "login-code",
}


def test_no_public_page_nor_the_member_dashboard_has_any_accessibility_violation(page):
    seed_demo_site()
    found = {}
    for name, path in public_paths():
        response = page.goto(path)
        assert response.status == 200, path
        found[path] = accessibility_violations(page)
        if name in SCREENSHOTS:
            screenshot(page, name)
    _log_in_as_demo_member(page)
    page.goto(DASHBOARD)
    found[DASHBOARD] = accessibility_violations(page)

    violations = {path: found_there for path, found_there in found.items() if found_there}
    assert not violations, json.dumps(violations, indent=2)


def _log_in_as_demo_member(page):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", DEMO_MEMBER)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_skip_link_moves_keyboard_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_log_in_form_works_with_the_keyboard_alone(page, django_user_model):
    from tests.factories import PASSWORD, UserFactory

    UserFactory(username="keyboard", email="keyboard@example.org")
    page.goto("/accounts/login/")
    page.focus("input[name=login]")
    page.keyboard.type("keyboard@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.get_by_role("button", name="Log out").is_visible()


def test_header_search_finds_a_policy_with_its_stage_by_keyboard(page):
    from tests.governance.factories import make_policy

    make_policy(title="Travel grants policy")
    page.goto("/")
    page.focus("#site-search-q")
    page.keyboard.type("travel grants")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=travel+grants")
    result = page.locator(".proposal-list__item").first
    assert "Travel grants policy" in result.inner_text()
    assert "Active policies" in result.inner_text()
    assert_accessible(page)
    screenshot(page, "search")


def test_a_member_logs_in_with_an_e_mailed_code_by_keyboard(page):
    from tests.factories import UserFactory
    from tests.home.test_login_by_code import code_sent_to

    UserFactory(username="coded", email="coded@example.org")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="E-mail me a log-in code").click()
    page.focus("input[name=email]")
    page.keyboard.type("coded@example.org")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/code/confirm/")
    assert_accessible(page)
    screenshot(page, "login-code-confirm")
    page.focus("input[name=code]")
    page.keyboard.type(code_sent_to("coded@example.org"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.get_by_role("button", name="Log out").is_visible()


def test_the_header_keeps_one_row_at_1280_px_when_logged_in(page, browser, live_server):
    from tests.e2e.conftest import log_in
    from tests.membership.factories import voting_member

    header_height = "document.querySelector('.site-header').getBoundingClientRect().height"
    page.goto("/")
    anonymous = page.evaluate(header_height)
    member = voting_member()
    logged_in = log_in(browser, live_server, member.user.email)
    logged_in.goto("/members/")

    assert logged_in.evaluate(header_height) == anonymous
    screenshot(logged_in, "member-dashboard")
