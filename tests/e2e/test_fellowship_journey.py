"""A Fellow nominates a member, the Fellows vote, and the new Fellow is on the roll."""

import re

import pytest

from membership.models import CategoryCode
from tests.e2e.conftest import VIEWPORTS, assert_accessible, log_in, screenshot
from tests.membership.factories import MemberFactory, voting_member
from tests.voting.factories import EnrolmentFactory, VotingPeriodFactory
from voting import services
from voting.models import Ballot


@pytest.fixture
def people(site, director):
    period = VotingPeriodFactory()
    fellows = [voting_member(CategoryCode.FELLOW, name=f"Fellow {n}") for n in "ABC"]
    for fellow in fellows:
        EnrolmentFactory(member=fellow, period=period)
    return {
        "fellows": fellows,
        "nominee": MemberFactory(name="Ada Lovelace"),
        "director": director,
    }


def nominate(page):
    page.goto("/fellows/nominate/")
    assert_accessible(page)
    page.fill("input[name=nominee]", "Ada Lovelace")
    page.get_by_label("Creating").check()
    page.fill("textarea[name=description]", "Wrote the first published program.")
    page.fill("textarea[name=urls]", "https://example.com/notes\nhttps://example.com/engine")
    screenshot(page, "fellowship-nomination")
    page.get_by_role("button", name="Send the nomination").click()
    page.get_by_text("nomination of Ada Lovelace is recorded").wait_for()


def gather(page):
    page.goto("/admin/voting/fellowship-nominations/")
    page.get_by_role("button", name=re.compile("Gather into a Fellowship ballot")).click()
    page.get_by_text("is open to the Fellows").wait_for()


def vote_yes(page, ballot):
    page.goto(f"/vote/{ballot.pk}/")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Cast my ballot").click()
    page.get_by_text("receipt", exact=False).first.wait_for()


def test_a_fellow_nominates_the_fellows_elect_and_the_roll_shows_the_new_fellow(
    browser, live_server, people
):
    fellow_pages = [log_in(browser, live_server, f.user.email) for f in people["fellows"]]
    nominate(fellow_pages[0])
    gather(log_in(browser, live_server, people["director"].email))
    ballot = Ballot.objects.get()

    for page in fellow_pages:
        vote_yes(page, ballot)
    services.close_ballot(ballot)

    roll = fellow_pages[1]
    roll.goto("/membership/fellows/")
    assert roll.get_by_text("Ada Lovelace").is_visible()
    assert_accessible(roll)
    roll.set_viewport_size(VIEWPORTS["phone"])
    assert_accessible(roll)
    screenshot(roll, "fellows-roll")
