"""Migrations that change voting data keep every count it already holds."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("voting", "0002_fellowship_and_elections")]
AFTER = [("voting", "0003_mark_first_on_question")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_marks_cast_before_the_turnout_flag_get_one_flag_per_answer():
    apps = _migrate(BEFORE)
    Ballot, Question, Option = (apps.get_model("voting", name)
                                for name in ("Ballot", "Question", "Option"))
    CastBallot, Mark = apps.get_model("voting", "CastBallot"), apps.get_model("voting", "Mark")
    ballot = Ballot.objects.create(title="Before", opens_at="2026-01-01T00:00Z",
                                   closes_at="2026-01-02T00:00Z")
    approval = Question.objects.create(ballot=ballot, text="Elect two", kind="approval",
                                       seats=2)
    ada, brett = (Option.objects.create(question=approval, label=name) for name in "AB")
    for options in ([ada, brett], [brett]):
        cast = CastBallot.objects.create(ballot=ballot, receipt_hash=str(len(options)) * 64)
        for option in options:
            Mark.objects.create(cast_ballot=cast, question=approval, option=option)
    try:
        Mark = _migrate(AFTER).get_model("voting", "Mark")
        assert Mark.objects.count() == 3
        assert Mark.objects.filter(first_on_question=True).count() == 2
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_closed_ballots_keep_their_marks_and_open_ones_get_a_key_when_sealing_arrives():
    apps = _migrate([("voting", "0005_fair_ballots")])
    Ballot, Question, Option, CastBallot, Mark = (
        apps.get_model("voting", name)
        for name in ("Ballot", "Question", "Option", "CastBallot", "Mark")
    )
    closed, still_open = (
        Ballot.objects.create(title=status, status=status, opens_at="2026-01-01T00:00Z",
                              closes_at="2026-01-02T00:00Z")
        for status in ("closed", "open")
    )
    for ballot in (closed, still_open):
        question = Question.objects.create(ballot=ballot, text="Adopt?", sort_order=0)
        yes = Option.objects.create(question=question, label="Yes", code="yes")
    cast = CastBallot.objects.create(ballot=closed, receipt_hash="c" * 64)
    Mark.objects.create(cast_ballot=cast, question=closed.questions.get(), first_on_question=True,
                        option=Option.objects.get(question__ballot=closed))
    try:
        apps = _migrate([("voting", "0007_mark_without_cast_ballot")])
        Mark, BallotKey = apps.get_model("voting", "Mark"), apps.get_model("voting", "BallotKey")
        assert list(Mark.objects.values_list("ballot", "first_on_question")) == [(closed.pk, True)]
        assert list(BallotKey.objects.values_list("ballot", flat=True)) == [still_open.pk]
        assert BallotKey.objects.get().sealed_length >= len(f"[[{question.pk},{yes.pk}]]")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
