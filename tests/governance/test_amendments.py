"""Amendments apply only what they change (issue 17; strategic decision-making,
"Active Policies"): two in a row keep both changes, and a conflict is shown, never
silently overwritten."""

import pytest
from django.urls import reverse
from wagtail.rich_text import RichText

from governance import lifecycle
from governance.amendments import AmendmentConflict
from governance.models import Kind, Stage
from tests.governance.factories import discussed_long_ago, make_policy, make_proposal

pytestmark = pytest.mark.django_db

POLICY_SUMMARY = "Grants cover travel."


@pytest.fixture
def policy():
    return make_policy(title="Travel grants", summary=POLICY_SUMMARY)


def amendment_of(policy, author, title, **changes):
    """An amendment drafted against the policy as it is now, changing only `changes`."""
    fields = {"summary": policy.summary, "body": policy.body.raw_data, **changes}
    return make_proposal(
        owner=author, title=title, kind=Kind.AMENDMENT, amends=policy, **fields
    )


def adopt(page, director):
    lifecycle.move_to_resolution(page, user=director)
    lifecycle.adopt(page, user=director, notes="Carried.")


def body_text(page):
    return str(page.body)


def test_two_amendments_adopted_in_a_row_keep_both_changes(policy, author, director):
    raise_grants = amendment_of(
        policy, author, "Raise grants", summary="Grants cover travel and lodging."
    )
    new_body = [("paragraph", RichText("<p>Apply by e-mail.</p>"))]
    how_to_apply = amendment_of(policy, author, "How to apply", body=new_body)
    adopt(raise_grants, director)
    adopt(how_to_apply, director)
    policy.refresh_from_db()
    assert policy.summary == "Grants cover travel and lodging."
    assert "Apply by e-mail." in body_text(policy)


def test_a_conflicting_amendment_is_refused_and_the_board_sees_both_versions(
    policy, author, director, client
):
    first = amendment_of(policy, author, "Lodging too", summary="Grants cover lodging too.")
    second = amendment_of(policy, author, "Meals too", summary="Grants cover meals too.")
    adopt(first, director)
    lifecycle.move_to_resolution(second, user=director)
    with pytest.raises(AmendmentConflict, match="Summary"):
        lifecycle.adopt(second, user=director, notes="Carried.")
    with pytest.raises(AmendmentConflict):
        lifecycle.refer_to_member_vote(second, user=director)
    policy.refresh_from_db()
    assert policy.summary == "Grants cover lodging too."
    client.force_login(director)
    screen = client.get(reverse("governance_transition", args=[second.pk, "adopt"]))
    content = screen.content.decode()
    assert screen.status_code == 200
    assert "Grants cover lodging too." in content and "Grants cover meals too." in content
    assert "Changed in the policy since this amendment was drafted" in content
    assert 'type="submit"' not in content


def test_an_amendment_brought_up_to_date_in_discussion_keeps_the_earlier_change(
    policy, author, director
):
    lodging = amendment_of(policy, author, "Lodging too", summary="Grants cover lodging too.")
    new_body = [("paragraph", RichText("<p>Apply by e-mail.</p>"))]
    how_to_apply = amendment_of(policy, author, "How to apply", body=new_body)
    lifecycle.move_to_resolution(how_to_apply, user=director)
    adopt(lodging, director)
    lifecycle.return_to_discussion(how_to_apply, user=director, reason="Bring it up to date.")
    how_to_apply.refresh_from_db()
    how_to_apply.save_revision(user=author).publish(skip_permission_checks=True)
    discussed_long_ago(how_to_apply)
    assert how_to_apply.summary == "Grants cover lodging too."
    adopt(how_to_apply, director)
    policy.refresh_from_db()
    assert policy.summary == "Grants cover lodging too."
    assert "Apply by e-mail." in body_text(policy)
    assert how_to_apply.stage == Stage.ARCHIVED
