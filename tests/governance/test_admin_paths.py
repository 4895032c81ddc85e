"""Every admin path Wagtail ships, tried against the lifecycle's rule (docs/architecture.md, 3).

Pages reach a section only through the lifecycle; outside discussion the text is
frozen and only the lifecycle publishes it. Each test takes one of Wagtail's own
screens as a Director, an Officer, a moderator, an author or a recused Director,
and checks that nothing moves, nothing is published or taken down, no revision is
written, and the answer is a message, never a server error.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Revision, WorkflowState

from governance import lifecycle
from governance.models import Resolution, Stage
from governance.page_forms import NOT_YOURS_TO_CHANGE
from tests.governance.factories import (
    discussed_long_ago,
    make_charter,
    make_policy,
    make_proposal,
    section,
)
from tests.governance.test_admin import editor_post_data, transition_url

pytestmark = pytest.mark.django_db

MINUTES = "https://example.org/minutes/1"


@dataclass(frozen=True)
class Snapshot:
    """What the rule protects on a page: where it is, what is live, what is pending."""

    path: str
    live: bool
    live_revision_id: int | None
    revisions: int
    resolutions: tuple


def snapshot(page):
    page = Page.objects.get(pk=page.pk)
    return Snapshot(
        path=page.path,
        live=page.live,
        live_revision_id=page.live_revision_id,
        revisions=Revision.page_revisions.filter(object_id=str(page.pk)).count(),
        resolutions=tuple(
            Resolution.objects.filter(page_id=page.pk).order_by("pk").values_list(
                "pk", "outcome", "revision_id"
            )
        ),
    )


def answered(response):
    """A refusal is a message, a redirect, a 403 or a 404: never a server error."""
    assert response.status_code in (200, 302, 403, 404), response.status_code
    return response


def republish(page, user, summary):
    """A second published text in discussion, so the page has an older revision to revert to."""
    page.summary = summary
    page.save_revision(user=user).publish(skip_permission_checks=True)
    page.refresh_from_db()
    return page


@pytest.fixture
def second_text(discussed, author):
    return republish(discussed, author, "The second text, the one discussed.")


@pytest.fixture
def policy():
    return make_policy(title="Code of conduct")


@pytest.fixture
def conflicted_director(in_resolution, director):
    lifecycle.declare_conflict(in_resolution, user=director, reason="My employer is named.")
    return director


@pytest.fixture
def board(director, officer):
    return [director, officer]


# 1. Reverting to an old revision.


@pytest.mark.parametrize("action", [{}, {"action-publish": "Publish"}])
def test_reverting_a_proposal_in_resolution_writes_and_publishes_nothing(
    client, board, second_text, author, action
):
    first = second_text.revisions.order_by("pk").first()
    lifecycle.move_to_resolution(second_text, user=board[0])
    before = snapshot(second_text)
    for user in board:
        client.force_login(user)
        url = reverse("wagtailadmin_pages:revisions_revert", args=[second_text.pk, first.pk])
        answered(client.get(url))
        data = editor_post_data(first.as_object(), **action)
        assert "locked" in answered(client.post(url, data)).content.decode()
    assert snapshot(second_text) == before


def test_reverting_an_active_policy_writes_and_publishes_nothing(client, director, policy):
    with_two_texts = policy.revisions.order_by("pk").first()
    before = snapshot(policy)
    client.force_login(director)
    url = reverse("wagtailadmin_pages:revisions_revert", args=[policy.pk, with_two_texts.pk])
    answered(client.post(url, editor_post_data(policy, **{"action-publish": "Publish"})))
    assert snapshot(policy) == before


# 2. Wagtail's workflow action views for the Board's task.


def workflow_action_url(page, action, task_state, view="workflow_action"):
    return reverse(f"wagtailadmin_pages:{view}", args=[page.pk, action, task_state.pk])


XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.mark.parametrize("headers", [{}, XHR], ids=["page", "modal"])
def test_adopting_off_the_record_through_the_workflow_view_changes_nothing(
    client, director, in_resolution, headers
):
    task_state = in_resolution.current_workflow_task_state
    before = snapshot(in_resolution)
    client.force_login(director)
    response = answered(client.post(
        workflow_action_url(in_resolution, "adopt", task_state), {"minutes_url": "", "notes": ""},
        **headers,
    ))
    if headers:
        assert lifecycle.RECORD_REQUIRED in json.loads(response.content)["html"]
    assert snapshot(in_resolution) == before


def test_the_board_cannot_adopt_a_charter_through_the_workflow_view(client, director):
    charter = make_charter(title="Translations working group")
    lifecycle.move_to_resolution(charter, user=director)
    task_state = charter.current_workflow_task_state
    before = snapshot(charter)
    client.force_login(director)
    url = workflow_action_url(charter, "adopt", task_state)
    answered(client.post(url, {"notes": "Carried."}, follow=True))
    assert snapshot(charter) == before


def test_after_a_referral_the_boards_task_offers_nothing_and_a_posted_decision_is_refused(
    client, director, in_resolution
):
    # Issue 17, case 5: the task offered adopt and reject under a member vote, and 500'd.
    lifecycle.refer_to_member_vote(in_resolution, user=director)
    task_state = in_resolution.current_workflow_task_state
    assert task_state.task.specific.get_actions(in_resolution, director) == []
    before = snapshot(in_resolution)
    client.force_login(director)
    for action in ("adopt", "reject"):
        url = workflow_action_url(in_resolution, action, task_state)
        answered(client.post(url, {"notes": "Carried.", "reason": "No."}, follow=True))
    assert snapshot(in_resolution) == before


def test_a_decided_proposal_cannot_be_adopted_again_through_the_workflow_view(
    client, director, in_resolution
):
    task_state = in_resolution.current_workflow_task_state
    lifecycle.adopt(in_resolution, user=director, minutes_url=MINUTES)
    before = snapshot(in_resolution)
    client.force_login(director)
    for view in ("workflow_action", "collect_workflow_action_data"):
        response = client.post(
            workflow_action_url(in_resolution, "adopt", task_state, view), {"notes": "Again."},
            follow=True,
        )
        assert "not currently awaiting moderation" in answered(response).content.decode()
    assert snapshot(in_resolution) == before


def test_a_stale_moderation_task_cannot_publish_a_proposal_in_resolution(
    client, author, moderator, director
):
    page = make_proposal(owner=author, live=False, title="Childcare at sprints")
    lifecycle.submit_for_discussion(page, user=author)
    moderation = page.current_workflow_task_state
    client.force_login(moderator)
    client.post(workflow_action_url(page, "approve", moderation))
    discussed_long_ago(page)
    lifecycle.move_to_resolution(page, user=director)
    before = snapshot(page)
    answered(client.post(workflow_action_url(page, "approve", moderation), follow=True))
    assert snapshot(page) == before


def test_a_recused_director_cannot_reject_through_the_workflow_views(
    client, conflicted_director, in_resolution
):
    task_state = in_resolution.current_workflow_task_state
    before = snapshot(in_resolution)
    client.force_login(conflicted_director)
    for view in ("workflow_action", "collect_workflow_action_data"):
        url = workflow_action_url(in_resolution, "reject", task_state, view)
        answered(client.get(url))
        answered(client.post(url, {"reason": "Not for us."}))
    assert snapshot(in_resolution) == before


def test_the_workflow_modal_collects_a_decision_without_taking_it(client, director, in_resolution):
    task_state = in_resolution.current_workflow_task_state
    before = snapshot(in_resolution)
    client.force_login(director)
    url = workflow_action_url(in_resolution, "adopt", task_state, "collect_workflow_action_data")
    assert answered(client.get(url, **XHR)).status_code == 200
    answered(client.post(url, {"notes": "Carried."}, **XHR))
    assert snapshot(in_resolution) == before


# 3. Cancelling or restarting the Board's workflow from the editor.


@pytest.mark.parametrize("field", ["action-cancel-workflow", "action-restart-workflow"])
def test_no_one_cancels_or_restarts_the_boards_workflow_from_the_editor(
    client, author, director, in_resolution, field
):
    before = snapshot(in_resolution)
    first = in_resolution.revisions.order_by("pk").first()
    for user in (author, director):
        client.force_login(user)
        for url in (
            reverse("wagtailadmin_pages:edit", args=[in_resolution.pk]),
            reverse("wagtailadmin_pages:revisions_revert", args=[in_resolution.pk, first.pk]),
        ):
            data = editor_post_data(in_resolution, **{field: "1"})
            response = answered(client.post(url, data, follow=True))
            if user == director:
                assert "is before the Board" in response.content.decode()
    assert snapshot(in_resolution) == before
    assert in_resolution.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_adoption_publishes_the_pinned_text_after_the_boards_workflow_was_cancelled(
    client, director, drafted_in_resolution
):
    pinned = drafted_in_resolution.resolutions.get().revision
    drafted_in_resolution.current_workflow_state.cancel(user=director)
    client.force_login(director)
    client.post(transition_url(drafted_in_resolution, "adopt"), {"minutes_url": MINUTES})
    drafted_in_resolution.refresh_from_db()
    assert drafted_in_resolution.stage == Stage.ACTIVE
    assert drafted_in_resolution.live_revision == pinned


@pytest.fixture
def drafted_in_resolution(discussed, author, director):
    discussed.summary = "A draft nobody discussed."
    discussed.save_revision(user=author)
    lifecycle.move_to_resolution(discussed, user=director)
    discussed.refresh_from_db()
    return discussed


# 4. Bulk actions.


def bulk(client, action, pages, data=None):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    query = "&".join(f"id={page.pk}" for page in pages)
    answered(client.get(f"{url}?{query}"))
    return answered(client.post(f"{url}?{query}", data or {}))


@pytest.fixture
def three_stages(drafted_in_resolution, policy):
    # drafted_in_resolution is discussed, moved on: a fresh proposal stays in discussion.
    return [make_proposal(title="Still discussed"), drafted_in_resolution, policy]


@pytest.mark.parametrize("action", ["move", "publish", "unpublish", "delete"])
def test_bulk_actions_neither_move_publish_nor_take_down_proposals(
    client, director, moderator, three_stages, action
):
    before = [snapshot(page) for page in three_stages]
    data = {"chooser": section(Stage.ARCHIVED).pk, "include_descendants": "on"}
    for user in (director, moderator):
        client.force_login(user)
        bulk(client, action, three_stages, data)
    after = [snapshot(page) for page in three_stages]
    if action == "publish":
        # The Board may publish in discussion; never the draft of a page being decided.
        before, after = before[1:], after[1:]
    assert after == before


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete"])
def test_bulk_actions_on_a_section_leave_its_proposals_alone(
    client, director, drafted_in_resolution, action
):
    before = snapshot(drafted_in_resolution)
    client.force_login(director)
    bulk(client, action, [section(Stage.RESOLUTION)], {"include_descendants": "on"})
    assert snapshot(drafted_in_resolution) == before
    assert section(Stage.RESOLUTION).live


# 5. The page listing.


def test_the_listing_offers_a_director_no_move_copy_delete_or_unpublish(
    client, director, in_resolution, policy
):
    client.force_login(director)
    for page in (in_resolution, policy):
        listing = answered(client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])))
        html = listing.content.decode()
        assert page.title in html
        for view in ("move", "copy", "delete", "unpublish"):
            assert reverse(f"wagtailadmin_pages:{view}", args=[page.pk]) not in html, view


# 6. Aliases and translations.


def test_converting_an_alias_of_a_proposal_that_is_no_alias_is_not_found(
    client, director, in_resolution, settings
):
    assert not getattr(settings, "WAGTAIL_I18N_ENABLED", False)  # no copy for translation
    client.force_login(director)
    url = reverse("wagtailadmin_pages:convert_alias", args=[in_resolution.pk])
    assert answered(client.post(url)).status_code == 404


# 7. View restrictions.


@pytest.mark.parametrize("headers", [{}, XHR], ids=["page", "modal"])
def test_only_a_superuser_restricts_who_reads_a_governance_page(
    client, director, officer, discussed, policy, headers
):
    pages = [discussed, policy, section(Stage.ACTIVE)]
    for user in (director, officer):
        client.force_login(user)
        for page in pages:
            url = reverse("wagtailadmin_pages:set_privacy", args=[page.pk])
            assert answered(client.get(url, **headers)).status_code != 200
            answered(client.post(url, {"restriction_type": "login"}, **headers))
    assert not PageViewRestriction.objects.filter(page__in=pages).exists()


def test_a_superuser_still_restricts_a_governance_page(client, staff, policy):
    client.force_login(staff)
    url = reverse("wagtailadmin_pages:set_privacy", args=[policy.pk])
    client.post(url, {"restriction_type": "login"}, **XHR)
    assert PageViewRestriction.objects.filter(page=policy).exists()


# 8. and 9. The editor: moderators and authors.


def test_a_moderator_cannot_save_a_draft_of_someone_elses_submission(client, author, moderator):
    page = make_proposal(owner=author, live=False, title="Childcare at sprints")
    lifecycle.submit_for_discussion(page, user=author)
    before = snapshot(page)
    client.force_login(moderator)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = answered(client.post(url, editor_post_data(page, summary="The moderator's words.")))
    assert NOT_YOURS_TO_CHANGE in response.content.decode()
    assert snapshot(page) == before


def test_an_author_cannot_change_their_own_proposal_in_resolution(client, author, in_resolution):
    before = snapshot(in_resolution)
    client.force_login(author)
    url = reverse("wagtailadmin_pages:edit", args=[in_resolution.pk])
    for action in ({}, {"action-submit": "Submit"}, {"action-publish": "Publish"}):
        data = editor_post_data(in_resolution, summary="Changed while decided.", **action)
        answered(client.post(url, data))
    assert snapshot(in_resolution) == before


# 10. Search and the page chooser.


@pytest.mark.parametrize("role", ["director", "officer", "moderator", "author"])
def test_admin_search_and_page_chooser_answer_every_role(
    client, request, role, in_resolution, policy
):
    client.force_login(request.getfixturevalue(role))
    for url in (
        reverse("wagtailadmin_pages:search") + "?q=books",
        reverse("wagtailadmin_pages:search_results") + "?q=conduct",
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[section(Stage.ACTIVE).pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=books",
    ):
        assert answered(client.get(url)).status_code == 200, url


# 11. Scheduled publishing and expiry, set in the editor's settings while in discussion.


def run_schedules_two_days_later(monkeypatch):
    """What Wagtail's publish_scheduled does once the scheduled times have passed."""
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")


def test_a_draft_scheduled_in_discussion_is_not_published_once_in_resolution(
    discussed, director, monkeypatch
):
    discussed.summary = "Scheduled, never discussed."
    discussed.go_live_at = timezone.now() + timedelta(days=1)
    discussed.save_revision(user=director).publish(user=director)
    lifecycle.move_to_resolution(discussed, user=director)
    before = snapshot(discussed)
    run_schedules_two_days_later(monkeypatch)
    assert snapshot(discussed) == before


def test_an_expiry_set_in_discussion_never_takes_down_the_adopted_policy(
    discussed, director, monkeypatch
):
    discussed.expire_at = timezone.now() + timedelta(days=1)
    discussed.save_revision(user=director).publish(user=director)
    lifecycle.move_to_resolution(discussed, user=director)
    lifecycle.adopt(discussed, user=director, minutes_url=MINUTES)
    run_schedules_two_days_later(monkeypatch)
    discussed.refresh_from_db()
    assert discussed.live and discussed.stage == Stage.ACTIVE
