"""Close now and the last teller's share end voting in the request; the worker counts."""

import pytest
from django.utils import timezone
from django.utils.html import escape
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.conftest import _member_user
from tests.voting.factories import answer, enrolled_voter, open_ballot
from tests.voting.test_tellers import after_closing_time, collect_all, tellers_ballot
from voting import counting, housekeeping, services
from voting.models import Ballot, CastBallot, OutcomeStatus, QuestionResult

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/failed-background-work/"
BEING_COUNTED = "it is being counted and its results will be published shortly"


@pytest.fixture
def director_client(client):
    client.force_login(_member_user("director", ["Members", "Directors"]))
    return client


@pytest.fixture
def voters(db):
    return [enrolled_voter() for _ in range(3)]


def counts(status):
    return DBTaskResult.objects.filter(task_path=counting.count_ballot.module_path, status=status)


def close_now(client, ballot, capture):
    with capture(execute=True):
        return client.post(f"/admin/voting/ballots/{ballot.pk}/close/", follow=True)


def status(ballot):
    return Ballot.objects.get(pk=ballot.pk).status


def cast(ballot, voter, choice="Yes"):
    return services.cast(ballot, user=voter.user, answers=answer(ballot, [choice]))


def test_close_now_ends_voting_at_once_and_the_worker_counts_the_ballot(
    task_queue, director_client, voters, django_capture_on_commit_callbacks
):
    ballot = open_ballot()
    cast(ballot, voters[0])

    response = close_now(director_client, ballot, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert f"Voting on “{ballot}” has ended; {BEING_COUNTED}" in response.content.decode()
    assert status(ballot) == Ballot.Status.COUNTING
    assert not QuestionResult.objects.filter(question__ballot=ballot).exists()
    assert counts(TaskResultStatus.READY).count() == 1
    with pytest.raises(services.VotingError, match="not open"):
        cast(ballot, voters[1])

    task_queue()

    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED
    assert ballot.outcome_status == OutcomeStatus.NO_SUBJECT
    assert QuestionResult.objects.get(question__ballot=ballot).took_part == 1
    assert counts(TaskResultStatus.SUCCESSFUL).count() == 1


def test_a_cast_before_the_close_is_counted_and_one_after_it_refused(voters):
    ballot = open_ballot()
    cast(ballot, voters[0], "No")

    counting.close_now(ballot, user=None)
    with pytest.raises(services.VotingError, match="not open"):
        cast(ballot, voters[1])
    services.count_ballot(ballot)

    assert CastBallot.objects.filter(ballot=ballot).count() == 1
    [result] = QuestionResult.objects.filter(question__ballot=ballot)
    assert result.took_part == 1 and not result.threshold_met


def test_the_ballots_admin_pages_say_it_is_being_counted_until_its_results_exist(
    task_queue, director_client, voters, django_capture_on_commit_callbacks
):
    ballot = open_ballot()
    close_now(director_client, ballot, django_capture_on_commit_callbacks)

    assert "Being counted" in director_client.get("/admin/voting_ballots/").content.decode()
    edit = f"/admin/voting_ballots/edit/{ballot.pk}/"
    assert "Being counted." in director_client.get(edit).content.decode()

    task_queue()

    html = director_client.get(edit).content.decode()
    assert "Being counted." not in html and "Outcome: no subject." in html


def test_housekeeping_counts_a_closed_ballot_whose_count_task_was_lost(
    task_queue, director_client, voters, django_capture_on_commit_callbacks
):
    ballot = open_ballot()
    cast(ballot, voters[0])
    close_now(director_client, ballot, django_capture_on_commit_callbacks)
    counts(TaskResultStatus.READY).delete()

    done = housekeeping.run()

    assert done["ballots_closed"] == 1 and not done["failed"]
    assert status(ballot) == Ballot.Status.CLOSED
    assert QuestionResult.objects.get(question__ballot=ballot).took_part == 1


def test_a_count_failing_its_last_try_shows_in_the_failed_work_report(
    task_queue, director_client, voters, django_capture_on_commit_callbacks, monkeypatch, staff,
):
    def broken(ballot):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "count_ballot", broken)
    ballot = open_ballot()
    close_now(director_client, ballot, django_capture_on_commit_callbacks)

    for _ in range(counting.MAX_TRIES):
        counts(TaskResultStatus.READY).update(run_after=timezone.now())
        task_queue()

    assert counts(TaskResultStatus.SUCCESSFUL).count() == counting.MAX_TRIES - 1
    assert counts(TaskResultStatus.FAILED).count() == 1
    assert not counts(TaskResultStatus.READY).exists()
    director_client.force_login(staff)
    html = director_client.get(REPORT).content.decode()
    assert counting.count_ballot.module_path in html
    assert "RuntimeError: the database went away" in html
    assert status(ballot) == Ballot.Status.COUNTING


def test_a_count_that_recovers_on_a_later_try_publishes_the_results(
    task_queue, voters, monkeypatch, django_capture_on_commit_callbacks
):
    ballot = open_ballot()
    with django_capture_on_commit_callbacks(execute=True):
        counting.close_now(ballot, user=None)
    with monkeypatch.context() as broken:
        broken.setattr(services, "_tally", lambda ballot: 1 / 0)
        task_queue()
    retry = counts(TaskResultStatus.READY).get()
    assert retry.run_after > timezone.now()

    retry.run_after = timezone.now()
    retry.save()
    task_queue()

    assert status(ballot) == Ballot.Status.CLOSED
    assert not counts(TaskResultStatus.FAILED).exists()


def enter_share(client, ballot, user, words, capture):
    client.force_login(user)
    with capture(execute=True):
        return client.post(f"/admin/voting/tellers/{ballot.pk}/enter/", {"words": words},
                           follow=True)


@pytest.fixture
def tellers_awaited(voters):
    """A tellers ballot, one vote cast, waiting for two of its three tellers' shares."""
    ballot, users = tellers_ballot()
    shares = collect_all(ballot, users)
    services.open_ballot(ballot)
    cast(ballot, voters[0])
    with after_closing_time(ballot):
        services.close_ballot(ballot)
    return ballot, users, shares


def test_the_last_tellers_share_is_kept_in_the_request_and_the_worker_counts(
    task_queue, client, tellers_awaited, django_capture_on_commit_callbacks
):
    ballot, users, shares = tellers_awaited
    enter_share(client, ballot, users[0], shares[0], django_capture_on_commit_callbacks)
    assert status(ballot) == Ballot.Status.AWAITING_TELLERS and not counts(
        TaskResultStatus.READY).exists()

    response = enter_share(client, ballot, users[1], shares[1], django_capture_on_commit_callbacks)

    assert f"Your share completed the key: “{escape(ballot)}” is being counted" in (
        response.content.decode())
    assert status(ballot) == Ballot.Status.COUNTING
    assert not QuestionResult.objects.filter(question__ballot=ballot).exists()
    assert counts(TaskResultStatus.READY).count() == 1

    task_queue()

    assert status(ballot) == Ballot.Status.CLOSED
    assert QuestionResult.objects.get(question__ballot=ballot).took_part == 1


def test_housekeeping_counts_a_tellers_ballot_whose_count_task_was_lost(
    task_queue, client, tellers_awaited, django_capture_on_commit_callbacks
):
    ballot, users, shares = tellers_awaited
    for user, words in zip(users[:2], shares[:2], strict=True):
        enter_share(client, ballot, user, words, django_capture_on_commit_callbacks)
    counts(TaskResultStatus.READY).delete()

    done = housekeeping.run()

    assert done["ballots_closed"] == 1 and not done["failed"]
    assert status(ballot) == Ballot.Status.CLOSED
    assert QuestionResult.objects.get(question__ballot=ballot).took_part == 1
