"""Browser tests: Playwright driving Debian's Chromium against a live test server."""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed: run `apt-get install -y chromium` (CI does).")
    if not AXE_SCRIPT.exists():
        pytest.skip("axe-core is not installed: run `npm ci` in the project root (CI does).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the
    # tests make are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site(transactional_db):
    """The site tree, rebuilt because transactional tests start from a flushed database."""
    call_command("setup_site", verbosity=0)


@pytest.fixture
def mailbox(settings, tmp_path):
    """Mail in files read at /dev/mail/, as under `make run`."""
    settings.DEBUG = True
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    return tmp_path


@pytest.fixture
def page(browser, live_server, site):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name):
    """Save a full-page screenshot at every width the site must read well at.

    Each of the site's own pages must fit those widths: no sideways scrolling.
    """
    SCREENSHOTS.mkdir(exist_ok=True)
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
        if "/admin/" not in page.url:
            assert_no_sideways_scrolling(page)
    page.set_viewport_size(VIEWPORTS["desktop"])


def assert_no_sideways_scrolling(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    width = page.viewport_size["width"]
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"


def accessibility_violations(page):
    """Run axe-core on the page; return every violation, minor ones too."""
    # Evaluated through the DevTools protocol, which the site's CSP does not govern.
    page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in results["violations"]
    ]


def serious_accessibility_violations(page):
    """Run axe-core on the page; return serious and critical violations."""
    return [v for v in accessibility_violations(page) if v["impact"] in ("serious", "critical")]


def assert_accessible(page):
    violations = serious_accessibility_violations(page)
    assert not violations, json.dumps(violations, indent=2)


def new_page(browser, live_server):
    """A page in a browser context of its own, so each person has their own cookies."""
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["desktop"])
    return context.new_page()


def submit_log_in(page, email):
    """Log in through the form, with the test accounts' password."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def log_in(browser, live_server, email):
    """A new person's page, logged in through the log-in form."""
    page = new_page(browser, live_server)
    submit_log_in(page, email)
    return page


def write_over_outline(page, paragraphs):
    """Replace each of the editor's outline questions (its rich-text paragraphs, in order)
    with the given text, and wait until the editor holds it."""
    from playwright.sync_api import expect

    for number, text in enumerate(paragraphs):
        editor = page.locator("[contenteditable=true]").nth(number)
        editor.click()
        editor.press("Control+a")
        editor.press_sequentially(text)
        expect(editor).to_have_text(text)
