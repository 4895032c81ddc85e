"""No path leads from what was cast to who cast it, and no log line holds a choice."""

import logging

from django.contrib.auth import get_user_model
from django.db import models
from django.test import TestCase

from membership.models import Member
from tests.voting.factories import answer, enrolled_voter, open_ballot, yes_no
from voting import services
from voting.models import (
    Ballot,
    CastBallot,
    Enrolment,
    Mark,
    Option,
    Participation,
    Question,
    RollEntry,
)

# Reaching the ballot itself, its questions or its options says nothing about a voter:
# every cast ballot shares them. A path through them is not a path to one voter.
SHARED = {Ballot, Question, Option}
IDENTIFYING = {get_user_model(), Member, Participation, RollEntry, Enrolment}


def _related_models(model):
    for field in model._meta.get_fields(include_hidden=True):
        if field.is_relation and field.related_model is not None:
            yield field.name, field.related_model


def _paths_to_identity(start):
    paths, seen, todo = [], {start}, [(start, [start.__name__])]
    while todo:
        model, path = todo.pop()
        for name, related in _related_models(model):
            step = [*path, f"{name}→{related.__name__}"]
            if related in IDENTIFYING:
                paths.append(" ".join(step))
            elif related not in SHARED and related not in seen:
                seen.add(related)
                todo.append((related, step))
    return paths


def test_no_relation_leads_from_a_cast_ballot_to_a_voter():
    assert _paths_to_identity(CastBallot) == []
    assert _paths_to_identity(Mark) == []


def test_participation_does_not_point_at_what_was_cast():
    assert {related for _name, related in _related_models(Participation)}.isdisjoint(
        {CastBallot, Mark}
    )


def test_cast_ballots_keep_no_time_and_no_ordered_key():
    for model in (CastBallot, Mark, Participation):
        fields = model._meta.get_fields()
        assert not [f for f in fields if isinstance(f, models.DateField | models.TimeField)]
        assert isinstance(model._meta.pk, models.UUIDField)


class LoggingTests(TestCase):
    def test_casting_logs_nothing_about_the_choice(self):
        voter = enrolled_voter()
        ballot = open_ballot(yes_no("Secret question?"))
        with self.assertNoLogs(level=logging.DEBUG):
            services.cast(ballot, user=voter.user, answers=answer(ballot, ["Yes"]))
