"""Members find where to write a proposal, and their own proposals, on their dashboard;
the editing bar appears only on pages the reader may edit."""

import pytest
from django.urls import reverse

from governance import lifecycle
from governance.models import Stage
from tests.factories import UserFactory
from tests.governance.factories import make_policy, make_proposal, section

pytestmark = pytest.mark.django_db

USERBAR = "<wagtail-userbar"


def test_a_member_is_shown_where_to_write_a_proposal(client, member):
    client.force_login(member)
    html = client.get("/members/").content.decode()
    write = reverse(
        "wagtailadmin_pages:add", args=["governance", "proposalpage", section(Stage.DISCUSSION).pk]
    )
    assert "You have not written a proposal yet." in html and f'href="{write}"' in html
    assert client.get(write).status_code == 200  # the editor lets every member in


def test_a_member_sees_their_drafts_and_proposals_with_their_stage(client, member):
    draft = make_proposal(owner=member, title="Open the books", live=False)
    adopted = make_policy(owner=member, title="Travel grants")
    make_policy(owner=UserFactory(), title="Someone else's policy")
    client.force_login(member)
    html = client.get("/members/").content.decode()
    edit_draft = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert "Open the books" in html and "a draft" in html
    assert f'href="{edit_draft}"' in html
    assert f'<a href="{adopted.url}">Travel grants</a>' in html and "in Active policies" in html
    assert reverse("wagtailadmin_pages:edit", args=[adopted.pk]) not in html
    assert "Someone else" not in html


def test_a_reader_who_may_not_edit_the_page_gets_no_editing_bar(client, member):
    policy = make_policy(owner=UserFactory())
    assert USERBAR not in client.get(policy.url).content.decode()
    client.force_login(member)
    assert USERBAR not in client.get(policy.url).content.decode()


def test_the_author_gets_the_editing_bar_and_a_moderator_only_while_reviewing(
    client, member, moderator
):
    proposal = make_proposal(owner=member)
    client.force_login(member)
    assert USERBAR in client.get(proposal.url).content.decode()
    # Moderators approve submissions; another member's published proposal is not theirs.
    client.force_login(moderator)
    assert USERBAR not in client.get(proposal.url).content.decode()
    lifecycle.submit_for_discussion(proposal, user=member)
    assert USERBAR in client.get(proposal.url).content.decode()


def test_a_member_previews_a_proposal_before_first_saving_it(client, rf, member):
    from governance.models import ProposalPage

    make_proposal()
    discussion = section(Stage.DISCUSSION)
    # Placed as Wagtail's preview of a page being added places it: a path, no row.
    draft = ProposalPage(title="Not saved yet", summary="A new idea.", owner=member)
    draft.depth = discussion.depth + 1
    draft.path = discussion.get_last_child()._inc_path()
    draft.set_url_path(discussion)
    client.force_login(member)
    session = client.cookies["sessionid"].value
    editor_request = rf.get("/admin/pages/add/", HTTP_COOKIE=f"sessionid={session}")
    preview = draft.make_preview_request(original_request=editor_request)
    html = preview.content.decode()
    assert preview.status_code == 200 and "Not saved yet" in html and USERBAR in html


def test_a_proposal_placed_without_revisions_is_listed_with_the_rest(client, member):
    from governance.models import ProposalPage

    make_proposal(owner=member, title="Written in the editor")
    section(Stage.DISCUSSION).add_child(
        instance=ProposalPage(title="Imported", summary="Imported.", owner=member, live=True)
    )
    client.force_login(member)
    html = client.get("/members/").content.decode()
    assert html.index("Imported") < html.index("Written in the editor")  # newest first
