"""The public pages in a real browser: layout, keyboard, accessibility, screenshots."""

import pytest

from tests.e2e.conftest import assert_accessible, screenshot

PAGES = [
    ("/", "home"),
    ("/governance/", "governance"),
    ("/governance/active-policies/", "section-listing"),
    ("/governance/register/", "policy-register"),
    ("/accounts/login/", "login"),
]


@pytest.mark.parametrize("path,name", PAGES)
def test_public_page_has_no_serious_accessibility_violations(page, path, name):
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page)
    screenshot(page, name)


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
