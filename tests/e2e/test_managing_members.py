"""The yearly roll of Managing Members, the dashboard's recognition line and the pro-forma
charter form, in a real browser at desktop and phone widths."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from membership import services
from tests.e2e.conftest import assert_accessible, log_in, screenshot
from tests.membership.factories import MemberFactory, WorkingGroupFactory

LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def managing_member(site):
    member = MemberFactory(name="Ada Organiser", country="Kenya")
    group = WorkingGroupFactory(name="PyCon Africa organisers", slug="pycon-africa")
    services.certify_managing(
        member=member, working_groups=[group], affirms_hours=True,
        on=datetime.date(LAST_YEAR, 3, 1),
    )
    services.set_managing_recognition(member=member, year=LAST_YEAR, listed=True)
    services.submit_pro_forma_charter(
        member=member, organisation="NumFOCUS", role="Conference organiser",
        link="https://numfocus.org/community", affirms_hours=True,
    )
    return member


def test_the_roll_names_the_member_with_their_group(page, managing_member):
    page.goto("/membership/managing-members/")
    page.get_by_role("link", name=f"Managing Members {LAST_YEAR}").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Managing Members {LAST_YEAR}"
    row = page.get_by_role("row", name="Ada Organiser")
    assert "PyCon Africa organisers" in row.inner_text()
    assert_accessible(page)
    screenshot(page, "managing-members-roll")


def test_the_dashboard_says_the_years_and_opts_into_this_years_roll(
    browser, live_server, managing_member
):
    page = log_in(browser, live_server, managing_member.user.email)
    page.goto("/members/")
    this_year = LAST_YEAR + 1
    assert f"Managing Member in {LAST_YEAR}, {this_year}." in page.inner_text("#recognition")
    page.get_by_role("button", name=f"List me on the {this_year} roll").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"You are on the Managing Members {this_year} roll"
    )
    assert "Waiting for the Board's review" in page.inner_text("#pro-forma-charter")
    assert_accessible(page)
    screenshot(page, "managing-dashboard")


def test_a_director_approves_a_pro_forma_charter_with_a_reason(
    browser, live_server, managing_member
):
    director = MemberFactory(name="Dana Director", user__groups=["Members", "Directors"])
    page = log_in(browser, live_server, director.user.email)
    page.goto("/admin/membership/pro-forma-charters/")
    page.fill("textarea[name=reason]", "Board meeting of 3 March: NumFOCUS work counts.")
    screenshot(page, "pro-forma-charters-review")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Latest decisions")).to_be_visible()
    assert "is approved" in page.inner_text("body")
    assert "NumFOCUS work counts" in page.inner_text("body")
