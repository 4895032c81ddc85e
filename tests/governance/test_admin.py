"""The admin reaches every transition for Directors, and refuses members with a 403."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from governance.models import Resolution, ResolutionTask, Stage
from tests.governance.factories import make_policy, make_proposal

pytestmark = pytest.mark.django_db


def transition_url(page, name):
    return reverse("governance_transition", args=[page.pk, name])


def test_edit_page_offers_a_director_the_transitions_of_the_stage(client, director, discussed):
    client.force_login(director)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[discussed.pk]))
    assert transition_url(discussed, "move-to-resolution") in response.content.decode()


def test_confirmation_says_which_redirect_it_will_create(client, director, discussed):
    client.force_login(director)
    response = client.get(transition_url(discussed, "move-to-resolution"))
    content = response.content.decode()
    assert "/governance/proposals-for-discussion/open-the-books/" in content
    assert "/governance/proposals-for-resolution/open-the-books/" in content


def test_director_adopts_through_the_admin_form(client, director, in_resolution):
    client.force_login(director)
    response = client.post(
        transition_url(in_resolution, "adopt"), {"minutes_url": "https://example.org/m"}
    )
    assert response.status_code == 302
    in_resolution.refresh_from_db()
    assert in_resolution.stage == Stage.ACTIVE
    history = client.get(reverse("wagtailadmin_pages:history", args=[in_resolution.pk]))
    assert "Adopted by Board resolution" in history.content.decode()


def test_member_trying_a_directors_action_by_url_gets_403(client, member, discussed):
    client.force_login(member)
    response = client.post(transition_url(discussed, "move-to-resolution"))
    assert response.status_code == 403
    discussed.refresh_from_db()
    assert discussed.stage == Stage.DISCUSSION


def test_wrong_stage_in_the_admin_shows_a_message_and_changes_nothing(client, director):
    policy = make_policy()
    client.force_login(director)
    response = client.post(transition_url(policy, "move-to-resolution"), follow=True)
    assert "needs it in" in response.content.decode()
    assert policy.stage == Stage.ACTIVE


def test_resolution_task_offers_adopt_reject_and_refer_only_to_the_board(
    in_resolution, director, member
):
    task = in_resolution.current_workflow_task.specific
    assert isinstance(task, ResolutionTask)
    assert [a[0] for a in task.get_actions(in_resolution, director)] == [
        "adopt", "reject", "refer_to_member_vote",
    ]
    assert task.get_actions(in_resolution, member) == []


def test_resolution_task_action_adopts_through_lifecycle(in_resolution, director):
    task_state = in_resolution.current_workflow_task_state
    task_state.task.specific.on_action(task_state, director, "adopt", minutes_url="", notes="Yes")
    in_resolution.refresh_from_db()
    assert in_resolution.stage == Stage.ACTIVE


def test_a_workflow_adoption_off_the_record_is_refused_with_its_reason(in_resolution, director):
    task_state = in_resolution.current_workflow_task_state
    with pytest.raises(PermissionDenied, match="minutes or a note"):
        task_state.task.specific.on_action(task_state, director, "adopt", minutes_url="", notes="")
    in_resolution.refresh_from_db()
    assert in_resolution.stage == Stage.RESOLUTION


def test_setup_site_links_the_workflows_to_their_sections():
    from tests.governance.factories import section

    assert section(Stage.DISCUSSION).get_workflow().name == "Publish for discussion"
    assert section(Stage.RESOLUTION).get_workflow().name == "Resolution"


def test_director_refers_to_member_vote_through_the_admin(client, director, in_resolution):
    client.force_login(director)
    response = client.post(transition_url(in_resolution, "refer-to-member-vote"))
    assert response.status_code == 302
    resolution = in_resolution.resolutions.get()
    assert resolution.method == Resolution.Method.MEMBER_VOTE and resolution.is_pending
    assert in_resolution.stage == Stage.RESOLUTION
    history = client.get(reverse("wagtailadmin_pages:history", args=[in_resolution.pk]))
    assert "Referred to a member vote" in history.content.decode()


def test_author_asks_to_withdraw_through_the_admin_and_cannot_archive(client, author, discussed):
    client.force_login(author)
    assert client.post(transition_url(discussed, "withdraw"), {"reason": "x"}).status_code == 403
    response = client.post(
        transition_url(discussed, "request-withdrawal"), {"reason": "Merged elsewhere"}
    )
    assert response.status_code == 302
    discussed.refresh_from_db()
    assert discussed.stage == Stage.DISCUSSION


def test_withdrawing_without_a_reason_in_the_admin_changes_nothing(client, director, discussed):
    client.force_login(director)
    response = client.post(transition_url(discussed, "withdraw"), {"reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    discussed.refresh_from_db()
    assert discussed.stage == Stage.DISCUSSION


def editor_post_data(page, **extra):
    return nested_form_data({
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "kind": page.kind,
        "amends": "",
        "discussion_url": "",
        "body": streamfield([("paragraph", rich_text("<p>The text.</p>"))]),
        "comments": inline_formset([]),
        **extra,
    })


def test_submitting_in_the_editor_logs_and_emails_like_submit_for_discussion(
    client, author, co_author, django_capture_on_commit_callbacks
):
    page = make_proposal(owner=author, live=False)
    client.force_login(author)
    data = editor_post_data(page, **{"action-submit": "Submit to Publish for discussion"})
    data["co_authors"] = [str(co_author.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.workflow_in_progress
    logged = PageLogEntry.objects.filter(page=page, action="governance.submit_for_discussion")
    assert logged.count() == 1 and logged.get().user == author
    assert [message.to for message in mail.outbox] == [["co-author@example.org"]]


def test_the_lifecycle_buttons_ask_each_fact_once(
    in_resolution, director, django_assert_max_num_queries
):
    from governance.views import transitions_for

    page = Page.objects.get(pk=in_resolution.pk).specific
    # Board member, conflict, section, pending resolution, amended policy: not one per step.
    with django_assert_max_num_queries(5):
        names = [name for name, _transition in transitions_for(page, director)]
    assert "adopt" in names and "return-to-discussion" in names
