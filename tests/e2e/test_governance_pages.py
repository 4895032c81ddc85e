"""The policy register and a proposal's poll in a real browser: accessible at every width."""

import datetime

from governance import services
from governance.models import Position, Stage
from tests.e2e.conftest import VIEWPORTS, assert_accessible, screenshot
from tests.factories import UserFactory
from tests.governance.factories import make_policy, make_proposal


def test_register_and_poll_have_no_serious_accessibility_violations(page):
    make_policy(title="Travel grants", review_date=datetime.date.today())
    proposal = make_proposal(Stage.DISCUSSION, title="Sense of the room")
    member = UserFactory(username="voice", groups=["Members"])
    services.record_stance(
        proposal, user=member, position=Position.BLOCK, reason="Needs a budget first."
    )
    for path, name in [("/governance/register/", "register-filled"), (proposal.url, "poll")]:
        assert page.goto(path).status == 200
        assert_accessible(page)
        page.set_viewport_size(VIEWPORTS["phone"])
        assert_accessible(page)
        page.set_viewport_size(VIEWPORTS["desktop"])
        screenshot(page, name)
