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
