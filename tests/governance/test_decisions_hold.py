"""Decisions that hold (issue 17): the text decided is the text discussed, a member vote
binds, and Wagtail's own page views never go around the lifecycle.

Each test reproduces one way a Director, an author or a moderator bent the rules
through the ordinary admin, and checks that the rule now holds.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Page

from governance import lifecycle
from governance.models import ProposalPage, Resolution, Stage, text_fingerprint
from tests.governance.conftest import vote
from tests.governance.factories import make_policy, make_proposal, section
from tests.governance.test_admin import editor_post_data
from voting import services as voting_services
from voting.models import Ballot, Miss

pytestmark = pytest.mark.django_db

DRAFT_SUMMARY = "A draft nobody discussed."


def save_a_draft(page, user, summary=DRAFT_SUMMARY):
    """What the editor's "Save draft" does to a live page: a revision, nothing published."""
    page.summary = summary
    return page.save_revision(user=user)


@pytest.fixture
def drafted_then_moved(discussed, author, director):
    """Case 1: the author saves a draft after publication; a Director moves it on."""
    save_a_draft(discussed, author)
    lifecycle.move_to_resolution(discussed, user=director)
    discussed.refresh_from_db()
    return discussed


# Case 1: the text decided is the text published for discussion.


def test_move_to_resolution_pins_the_live_revision_not_a_later_draft(discussed, author, director):
    published = discussed.live_revision
    save_a_draft(discussed, author)
    lifecycle.move_to_resolution(discussed, user=director)
    assert discussed.resolutions.get().revision == published


def test_board_adoption_publishes_the_pinned_text_whatever_drafts_exist(
    drafted_then_moved, director, client
):
    pinned = drafted_then_moved.resolutions.get().revision
    assert DRAFT_SUMMARY not in client.get(drafted_then_moved.url).content.decode()
    lifecycle.adopt(drafted_then_moved, user=director, notes="Carried.")
    drafted_then_moved.refresh_from_db()
    assert drafted_then_moved.live_revision == pinned
    assert drafted_then_moved.summary == "What Open the books asks for."
    page = client.get(drafted_then_moved.url).content.decode()
    assert DRAFT_SUMMARY not in page and text_fingerprint(pinned) in page


def test_members_vote_on_the_pinned_text_shown_in_full_and_adopt_exactly_it(
    drafted_then_moved, director, voters, client
):
    lifecycle.refer_to_member_vote(drafted_then_moved, user=director)
    resolution = drafted_then_moved.resolutions.get()
    ballot = Ballot.objects.about(resolution).get()
    client.force_login(voters[0].user)
    ballot_page = client.get(f"/vote/{ballot.pk}/").content.decode()
    assert "What Open the books asks for." in ballot_page
    assert "The text of Open the books." in ballot_page
    assert DRAFT_SUMMARY not in ballot_page
    assert resolution.fingerprint in ballot_page
    vote(ballot, voters, "Yes")
    voting_services.close_ballot(ballot)
    drafted_then_moved.refresh_from_db()
    assert drafted_then_moved.stage == Stage.ACTIVE
    assert drafted_then_moved.live_revision == resolution.revision
    assert drafted_then_moved.summary != DRAFT_SUMMARY
    assert resolution.fingerprint in client.get(f"/vote/{ballot.pk}/results/").content.decode()


def test_the_decision_screen_shows_the_pinned_text_and_its_fingerprint(
    drafted_then_moved, director, client
):
    client.force_login(director)
    url = reverse("governance_transition", args=[drafted_then_moved.pk, "adopt"])
    screen = client.get(url).content.decode()
    assert drafted_then_moved.resolutions.get().fingerprint in screen
    assert "What Open the books asks for." in screen and DRAFT_SUMMARY not in screen


# Case 2: a member vote binds.


@pytest.fixture
def referred(in_resolution, director, voters):
    lifecycle.refer_to_member_vote(in_resolution, user=director)
    return in_resolution


def test_no_one_edits_a_proposal_under_member_vote_in_the_editor(referred, director, client):
    revisions = referred.revisions.count()
    client.force_login(director)
    data = editor_post_data(referred, summary="Changed during the vote.")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[referred.pk]), data)
    assert response.status_code == 200
    assert "could not be saved as it is locked" in response.content.decode()
    assert referred.revisions.count() == revisions
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[referred.pk])).content.decode()
    ballot = Ballot.objects.about(referred.resolutions.get()).get()
    assert f"the ballot “{ballot.title}” is open until" in editor


def test_an_unchanged_draft_cannot_cancel_a_binding_vote_the_board_then_overrides(
    referred, director, voters
):
    resolution = referred.resolutions.get()
    ballot = Ballot.objects.about(resolution).get()
    vote(ballot, voters, "No")
    with pytest.raises(Exception, match="returns it to discussion"):
        referred.save_revision(user=director)
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.adopt(referred, user=director, notes="We know better.")
    voting_services.close_ballot(ballot)
    referred.refresh_from_db()
    assert referred.stage == Stage.ARCHIVED
    assert not referred.resolutions.filter(outcome=Resolution.Outcome.ADOPTED).exists()


def test_return_to_discussion_cancels_the_vote_without_misses_and_redirects(
    referred, director, voters, client, django_capture_on_commit_callbacks
):
    resolution_url = referred.url
    ballot = Ballot.objects.about(referred.resolutions.get()).get()
    vote(ballot, voters[:1], "Yes")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.return_to_discussion(referred, user=director, reason="Needs a budget line.")
    referred.refresh_from_db()
    ballot.refresh_from_db()
    assert referred.stage == Stage.DISCUSSION and referred.live
    assert ballot.status == Ballot.Status.CANCELLED
    assert ballot.cancelled_reason == "Needs a budget line."
    assert not Miss.objects.filter(ballot=ballot).exists()
    assert referred.resolutions.get().outcome == Resolution.Outcome.RETURNED
    response = client.get(resolution_url)
    assert response.status_code == 301 and response["Location"].endswith(referred.url)
    told = {address for message in mail.outbox for address in message.to}
    assert {"author@example.org", "co-author@example.org"} <= told
    assert {voter.user.email for voter in voters} <= told
    # Back in discussion the authors may change the text again.
    save_a_draft(referred, referred.owner, "Now with a budget line.")


def test_only_an_unconflicted_board_member_returns_a_proposal(referred, author, director):
    with pytest.raises(lifecycle.PermissionDenied):
        lifecycle.return_to_discussion(referred, user=author, reason="I changed my mind.")
    lifecycle.declare_conflict(referred, user=director, reason="My employer is named.")
    with pytest.raises(lifecycle.PermissionDenied):
        lifecycle.return_to_discussion(referred, user=director, reason="x")
    assert referred.stage == Stage.RESOLUTION


# Case 3: Wagtail's own move, copy, add, unpublish and delete go around nothing.


def test_a_director_cannot_move_a_proposal_into_active_policies(discussed, director, client):
    client.force_login(director)
    active = section(Stage.ACTIVE)
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[discussed.pk, active.pk]))
    assert Page.objects.get(pk=discussed.pk).specific.stage == Stage.DISCUSSION
    choose = client.get(reverse("wagtailadmin_pages:move", args=[discussed.pk]))
    assert choose.status_code == 302


def test_a_director_cannot_copy_a_proposal_into_a_section(discussed, director, client):
    client.force_login(director)
    before = Page.objects.count()
    client.post(reverse("wagtailadmin_pages:copy", args=[discussed.pk]), {
        "new_title": "Copied", "new_slug": "copied", "new_parent_page": section(Stage.ACTIVE).pk,
        "publish_copies": "on",
    })
    assert Page.objects.count() == before


@pytest.mark.parametrize("stage", [Stage.RESOLUTION, Stage.ACTIVE, Stage.RETIRED, Stage.ARCHIVED])
def test_no_one_but_the_lifecycle_adds_a_page_outside_discussion(stage, director, client):
    client.force_login(director)
    url = reverse("wagtailadmin_pages:add", args=["governance", "proposalpage", section(stage).pk])
    response = client.post(url, editor_post_data(
        ProposalPage(title="Sneaked in", slug="sneaked-in", summary="x"),
        **{"action-publish": "Publish"},
    ))
    assert response.status_code == 302
    assert not Page.objects.filter(slug="sneaked-in").exists()


@pytest.mark.parametrize("view", ["unpublish", "delete"])
def test_a_moderator_or_director_cannot_take_down_a_published_proposal(
    view, discussed, moderator, director, client
):
    for user in (moderator, director):
        client.force_login(user)
        client.post(reverse(f"wagtailadmin_pages:{view}", args=[discussed.pk]))
        page = Page.objects.filter(pk=discussed.pk).first()
        assert page is not None and page.live


def test_a_published_policy_cannot_be_unpublished_or_deleted_in_bulk(director, client):
    policy = make_policy(title="Code of conduct")
    client.force_login(director)
    for action in ("unpublish", "delete"):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        client.post(f"{url}?id={policy.pk}")
    policy.refresh_from_db()
    assert policy.live and policy.stage == Stage.ACTIVE


def test_a_moderator_approves_but_cannot_publish_an_edit_of_someone_elses_proposal(
    author, moderator, client
):
    page = make_proposal(owner=author, live=False, title="Childcare at sprints")
    lifecycle.submit_for_discussion(page, user=author)
    client.force_login(moderator)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = editor_post_data(page, summary="The moderator's words.", **{"action-publish": "1"})
    response = client.post(edit_url, data)
    assert "only its authors" in response.content.decode()
    page.refresh_from_db()
    assert not page.live and page.summary != "The moderator's words."
    task_state = page.current_workflow_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action",
                        args=[page.pk, "approve", task_state.pk]))
    page.refresh_from_db()
    assert page.live and page.summary == "What Childcare at sprints asks for."


def test_a_conflicted_director_cannot_move_or_edit_the_page_they_recused_from(
    in_resolution, director, client
):
    lifecycle.declare_conflict(in_resolution, user=director, reason="My employer is named.")
    assert not in_resolution.permissions_for_user(director).can_edit()
    client.force_login(director)
    archived = section(Stage.ARCHIVED)
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[in_resolution.pk, archived.pk]))
    assert Page.objects.get(pk=in_resolution.pk).specific.stage == Stage.RESOLUTION


# Board adoption leaves a record; existing policies are recorded, not added.


def test_adoption_without_minutes_or_a_note_is_refused(in_resolution, director):
    with pytest.raises(lifecycle.TransitionError, match="minutes or a note"):
        lifecycle.adopt(in_resolution, user=director)
    assert in_resolution.stage == Stage.RESOLUTION


def test_record_existing_policy_places_it_in_active_with_its_resolution(director, client):
    page = make_proposal(owner=director, live=False, title="Conference code of conduct")
    adopted_on = datetime.date(2012, 3, 1)
    lifecycle.record_existing_policy(
        page, user=director, adopted_on=adopted_on, minutes_url="https://example.org/minutes/2012"
    )
    page.refresh_from_db()
    assert page.stage == Stage.ACTIVE and page.live
    resolution = page.resolutions.get()
    assert (resolution.method, resolution.outcome, resolution.decided_on) == (
        Resolution.Method.EXISTING, Resolution.Outcome.ADOPTED, adopted_on,
    )
    assert "https://example.org/minutes/2012" in client.get(page.url).content.decode()


def test_only_the_board_records_an_existing_policy(member):
    page = make_proposal(owner=member, live=False)
    with pytest.raises(lifecycle.PermissionDenied):
        lifecycle.record_existing_policy(
            page, user=member, adopted_on=datetime.date(2012, 3, 1),
            minutes_url="https://example.org/minutes",
        )


def messages_of(response):
    from django.contrib.messages import get_messages

    return [str(message) for message in get_messages(response.wsgi_request)]


def test_each_refused_wagtail_action_says_why_and_what_to_do_instead(
    discussed, director, moderator, client
):
    client.force_login(director)
    active = section(Stage.ACTIVE)
    refused = {
        reverse("wagtailadmin_pages:move", args=[discussed.pk]): "lifecycle steps",
        reverse("wagtailadmin_pages:copy", args=[discussed.pk]): "not copied",
        reverse("wagtailadmin_pages:add", args=["governance", "proposalpage", active.pk]):
            "Record an existing policy",
        reverse("wagtailadmin_pages:delete", args=[active.pk]): "stay where they are",
    }
    for path, reason in refused.items():
        response = client.post(path)
        assert response.status_code == 302, path
        assert any(reason in message for message in messages_of(response)), path
    client.force_login(moderator)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[discussed.pk]))
    assert any("stays readable" in message for message in messages_of(response))
    assert Page.objects.get(pk=discussed.pk).live
