"""The transitions of governance/lifecycle.py, each with its move, redirect, log and e-mail."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import PageLogEntry, TaskState

from governance import lifecycle
from governance.models import Amendment, Kind, Resolution, Stage
from tests.governance.factories import (
    discussed_long_ago,
    make_charter,
    make_policy,
    make_proposal,
)
from voting.models import Ballot

pytestmark = pytest.mark.django_db


def actions_logged(page):
    return list(
        PageLogEntry.objects.filter(page=page, action__startswith="governance.")
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_submit_for_discussion_waits_for_a_moderator_who_publishes_it(author, moderator):
    page = make_proposal(owner=author, live=False)
    lifecycle.submit_for_discussion(page, user=author)
    assert page.workflow_in_progress
    page.current_workflow_task_state.approve(user=moderator)
    page.refresh_from_db()
    assert page.live
    assert actions_logged(page) == ["governance.submit_for_discussion"]


def test_move_to_resolution_moves_pins_revision_and_answers_301_from_old_url(
    discussed, director, client, django_capture_on_commit_callbacks
):
    old_url = discussed.url
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.move_to_resolution(discussed, user=director)
    assert discussed.stage == Stage.RESOLUTION
    resolution = discussed.resolutions.get()
    assert resolution.is_pending and resolution.revision == discussed.get_latest_revision()
    assert discussed.current_workflow_task_state.revision == resolution.revision
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"].endswith(discussed.url)
    assert actions_logged(discussed) == ["governance.move_to_resolution"]
    assert sorted(m.to[0] for m in mail.outbox) == ["author@example.org", "co-author@example.org"]


def test_adopt_new_policy_moves_to_active_and_records_the_decided_revision(
    in_resolution, director, django_capture_on_commit_callbacks
):
    pinned = in_resolution.resolutions.get().revision
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.adopt(
            in_resolution, user=director, minutes_url="https://example.org/m", notes="Yes"
        )
    assert in_resolution.stage == Stage.ACTIVE
    resolution = in_resolution.resolutions.get()
    assert (resolution.outcome, resolution.method, resolution.revision) == (
        Resolution.Outcome.ADOPTED, Resolution.Method.BOARD, pinned,
    )
    assert resolution.minutes_url == "https://example.org/m" and resolution.decided_on
    assert in_resolution.live_revision == pinned
    assert "governance.adopt" in actions_logged(in_resolution)
    assert {m.to[0] for m in mail.outbox} >= {"author@example.org", "co-author@example.org"}


def test_first_url_still_redirects_after_two_moves(in_resolution, director, client):
    discussion_url = "/governance/proposals-for-discussion/open-the-books/"
    lifecycle.adopt(in_resolution, user=director, notes="Carried.")
    response = client.get(discussion_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/governance/active-policies/open-the-books/")


def test_adopting_an_amendment_updates_the_policy_and_archives_the_proposal(author, director):
    policy = make_policy(title="Travel grants")
    amendment = make_proposal(
        owner=author, title="Raise travel grants", kind=Kind.AMENDMENT, amends=policy,
        summary="Grants rise to 2000.",
    )
    lifecycle.move_to_resolution(amendment, user=director)
    lifecycle.adopt(amendment, user=director, notes="Carried.")
    policy.refresh_from_db()
    assert amendment.stage == Stage.ARCHIVED
    assert policy.stage == Stage.ACTIVE and policy.summary == "Grants rise to 2000."
    record = Amendment.objects.get(policy=policy)
    assert record.proposal_id == amendment.pk and policy.live_revision == record.policy_revision
    assert actions_logged(policy) == ["governance.amend"]


def test_no_one_changes_the_text_being_decided_and_the_decision_stands(in_resolution, director):
    pinned = in_resolution.resolutions.get()
    in_resolution.summary = "Changed while being decided."
    with pytest.raises(ValidationError, match="returns it to discussion"):
        in_resolution.save_revision(user=director)
    assert in_resolution.resolutions.get() == pinned and pinned.is_pending
    lifecycle.adopt(in_resolution, user=director, notes="Carried.")
    in_resolution.refresh_from_db()
    assert in_resolution.live_revision == pinned.revision
    assert in_resolution.summary == "What Open the books asks for."


def test_refer_to_member_vote_opens_the_ballot_it_asks_for_and_keeps_the_task_in_progress(
    in_resolution, director
):
    with pytest.raises(TypeError):
        lifecycle.refer_to_member_vote(in_resolution, user=director, closes_in_days=21)
    lifecycle.refer_to_member_vote(in_resolution, user=director, days=21)
    resolution = in_resolution.resolutions.get()
    assert resolution.method == Resolution.Method.MEMBER_VOTE and resolution.is_pending
    ballot = Ballot.objects.about(resolution).get()
    assert ballot.status == Ballot.Status.OPEN
    assert ballot.closes_at - ballot.opens_at == datetime.timedelta(days=21)
    assert in_resolution.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    with pytest.raises(lifecycle.TransitionError, match=re.escape(lifecycle.VOTE_PENDING)):
        lifecycle.adopt(in_resolution, user=director, notes="Carried.")


@pytest.mark.parametrize(("passed", "stage", "outcome"), [
    (True, Stage.ACTIVE, Resolution.Outcome.ADOPTED),
    (False, Stage.ARCHIVED, Resolution.Outcome.REJECTED),
])
def test_apply_vote_outcome_completes_the_decision(in_resolution, director, passed, stage, outcome):
    lifecycle.refer_to_member_vote(in_resolution, user=director)
    lifecycle.apply_vote_outcome(in_resolution, passed=passed)
    assert in_resolution.stage == stage
    assert in_resolution.resolutions.get().outcome == outcome
    assert in_resolution.current_workflow_state is None


def test_reject_archives_with_the_reason(in_resolution, director):
    lifecycle.reject(in_resolution, user=director, reason="Out of budget")
    assert in_resolution.stage == Stage.ARCHIVED
    assert in_resolution.resolutions.get().notes == "Out of budget"
    assert in_resolution.current_workflow_state is None


def test_author_asks_to_withdraw_and_a_director_archives(
    discussed, author, director, django_capture_on_commit_callbacks
):
    # Strategic decision-making, "Archived Proposals": a Director or Officer moves it.
    with pytest.raises(PermissionDenied, match=lifecycle.NOT_BOARD):
        lifecycle.withdraw(discussed, user=author, reason="Folded into another proposal")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.request_withdrawal(discussed, user=author, reason="Folded into another proposal")
    assert discussed.stage == Stage.DISCUSSION
    asked = [message for message in mail.outbox if "ask to withdraw" in message.subject]
    assert [message.to for message in asked] == [["director@example.org"]]
    assert "Folded into another proposal" in asked[0].body
    lifecycle.withdraw(discussed, user=director, reason="As its authors asked")
    assert discussed.stage == Stage.ARCHIVED
    assert actions_logged(discussed) == ["governance.request_withdrawal", "governance.withdraw"]


def test_only_an_author_may_ask_to_withdraw(discussed, member):
    with pytest.raises(PermissionDenied, match=lifecycle.NOT_AN_AUTHOR):
        lifecycle.request_withdrawal(discussed, user=member, reason="Not mine")


def test_retire_moves_an_active_policy_to_retired(officer):
    policy = make_policy()
    lifecycle.retire(policy, user=officer, reason="Superseded")
    assert policy.stage == Stage.RETIRED


def test_the_board_cannot_adopt_a_charter_alone(director):
    # Membership model, "Working Groups": the voting-eligible members approve a charter.
    charter = make_charter()
    lifecycle.move_to_resolution(charter, user=director)
    with pytest.raises(lifecycle.TransitionError, match="approved by the voting members"):
        lifecycle.adopt(charter, user=director, notes="Carried.")
    assert charter.stage == Stage.RESOLUTION
    lifecycle.reject(charter, user=director, reason="Out of scope")
    assert charter.stage == Stage.ARCHIVED


def test_a_charter_the_members_approve_creates_its_working_group(director):
    from membership.models import WorkingGroup

    charter = make_charter(title="Packaging working group")
    lifecycle.move_to_resolution(charter, user=director)
    lifecycle.refer_to_member_vote(charter, user=director)
    lifecycle.apply_vote_outcome(charter, passed=True)
    assert charter.stage == Stage.ACTIVE and charter.kind == Kind.CHARTER
    group = WorkingGroup.objects.get(slug=charter.slug)
    assert group.name == "Packaging working group"
    assert group.status == WorkingGroup.Status.ACTIVE
    assert group.charter_url.endswith("/governance/active-policies/packaging-working-group/")


# Bad input: a clear error and nothing changed.


def test_moving_a_page_not_in_discussion_is_refused(director):
    policy = make_policy()
    with pytest.raises(lifecycle.TransitionError, match="needs it in"):
        lifecycle.move_to_resolution(policy, user=director)
    assert policy.stage == Stage.ACTIVE and not actions_logged(policy)


def test_adopting_twice_is_refused(in_resolution, director):
    lifecycle.adopt(in_resolution, user=director, notes="Carried.")
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.adopt(in_resolution, user=director, notes="Carried.")
    assert in_resolution.resolutions.count() == 1
    assert in_resolution.stage == Stage.ACTIVE


def test_amending_a_retired_policy_is_refused_and_changes_nothing(director):
    policy = make_policy(title="Old policy")
    amendment = make_proposal(kind=Kind.AMENDMENT, amends=policy)
    lifecycle.move_to_resolution(amendment, user=director)
    lifecycle.retire(policy, user=director, reason="Gone")
    with pytest.raises(lifecycle.TransitionError, match=lifecycle.AMENDS_RETIRED):
        lifecycle.adopt(amendment, user=director, notes="Carried.")
    assert amendment.stage == Stage.RESOLUTION
    assert amendment.resolutions.get().is_pending
    assert not Amendment.objects.exists()


@pytest.mark.parametrize("transition", ["move_to_resolution", "retire"])
def test_a_member_cannot_take_a_directors_action(discussed, member, transition):
    with pytest.raises(PermissionDenied):
        if transition == "retire":
            lifecycle.retire(discussed, user=member, reason="no")
        else:
            lifecycle.move_to_resolution(discussed, user=member)
    assert discussed.stage == Stage.DISCUSSION


def test_member_cannot_adopt_or_refer(in_resolution, member):
    for attempt in (
        lambda: lifecycle.adopt(in_resolution, user=member, notes="Carried."),
        lambda: lifecycle.reject(in_resolution, user=member, reason="no"),
        lambda: lifecycle.refer_to_member_vote(in_resolution, user=member),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert in_resolution.resolutions.get().is_pending


def test_someone_else_cannot_withdraw_a_members_proposal(discussed, member):
    with pytest.raises(PermissionDenied):
        lifecycle.withdraw(discussed, user=member, reason="not mine")


def test_apply_vote_outcome_without_a_referral_is_refused(in_resolution):
    with pytest.raises(lifecycle.TransitionError, match=lifecycle.NO_VOTE_PENDING):
        lifecycle.apply_vote_outcome(in_resolution, passed=True)
    assert in_resolution.stage == Stage.RESOLUTION


def test_transition_emails_the_moderator_who_approved_earlier(
    author, moderator, director, django_capture_on_commit_callbacks
):
    page = make_proposal(owner=author, live=False)
    lifecycle.submit_for_discussion(page, user=author)
    page.current_workflow_task_state.approve(user=moderator)
    discussed_long_ago(page)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.move_to_resolution(page, user=director)
    assert {message.to[0] for message in mail.outbox} == {
        "author@example.org", "moderator@example.org",
    }


def test_submit_for_discussion_logs_once_and_emails_the_co_authors(
    author, co_author, django_capture_on_commit_callbacks
):
    page = make_proposal(owner=author, live=False)
    page.co_authors.add(co_author)
    page.save()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.submit_for_discussion(page, user=author)
    assert actions_logged(page) == ["governance.submit_for_discussion"]
    assert [message.to for message in mail.outbox] == [["co-author@example.org"]]


def amendment_in_resolution(director, policy):
    amendment = make_proposal(kind=Kind.AMENDMENT, amends=policy, title="Change it")
    lifecycle.move_to_resolution(amendment, user=director)
    return amendment


def assert_nothing_adopted(amendment):
    assert amendment.stage == Stage.RESOLUTION
    assert amendment.resolutions.get().is_pending
    assert not Amendment.objects.exists()


def test_adopting_an_amendment_of_an_unpublished_policy_is_refused(director):
    policy = make_policy(title="Withdrawn from view")
    amendment = amendment_in_resolution(director, policy)
    policy.unpublish()
    with pytest.raises(lifecycle.TransitionError, match=lifecycle.AMENDS_UNPUBLISHED):
        lifecycle.adopt(amendment, user=director, notes="Carried.")
    assert_nothing_adopted(amendment)


def test_adopting_an_amendment_of_a_policy_of_another_type_is_refused(director):
    from governance.models import AMENDS_OTHER_TYPE, ProposalPage

    amendment = amendment_in_resolution(director, make_policy(title="Text policy"))
    charter = make_charter(Stage.ACTIVE, title="Some group")
    ProposalPage.objects.filter(pk=amendment.pk).update(amends=charter)
    with pytest.raises(lifecycle.TransitionError, match=AMENDS_OTHER_TYPE):
        lifecycle.adopt(amendment, user=director, notes="Carried.")
    assert_nothing_adopted(amendment)
