"""A reader of the database cannot tell who voted what, while a ballot is open or after.

The reader of project issue 18: PostgreSQL stamps every row with the transaction that
wrote it (`xmin`) and keeps rows in the order they were written (`ctid`), so a
participation and anything written beside it can be paired without any key. The
reader tries every table of the voting app that names an option, directly or through
a row that points at it, against the participations, by transaction id and by
physical order, and scores its guesses against what each voter really chose.
"""

import random

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from tests.voting.factories import answer, enrolled_voter, open_ballot, yes_no
from voting import services
from voting.models import Option, Participation

VOTERS = 30
XMIN_WINDOW = 3
# Three options chosen at random: a reader who knows nothing names about a third.
BEST_ALLOWED = 0.6


def _column(model, field):
    return f"{model._meta.db_table}.{field.column}"


def _option_sources():
    """(name, SQL) for every voting table row that names an option: (xmin, ctid, option)."""
    option_table = Option._meta.db_table
    yield "voting_option", f"SELECT xmin::text::bigint, ctid::text, id FROM {option_table}"
    for model in apps.get_app_config("voting").get_models():
        table = model._meta.db_table
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Option:
                yield table, (f"SELECT xmin::text::bigint, ctid::text, {field.column} "
                              f"FROM {table}")
            elif field.is_relation and field.related_model._meta.app_label == "voting":
                yield from _sources_through(model, field)


def _sources_through(model, field):
    """A row pointed at by a row that names an option stands for that option too."""
    target = field.related_model
    for option_field in model._meta.concrete_fields:
        if option_field.is_relation and option_field.related_model is Option:
            target_table = target._meta.db_table
            yield f"{target_table} via {model._meta.db_table}", (
                f"SELECT t.xmin::text::bigint, t.ctid::text, r.{option_field.column} "
                f"FROM {target_table} t JOIN {model._meta.db_table} r "
                f"ON r.{field.column} = t.{target._meta.pk.column}"
            )


def _ctid_key(ctid):
    page, row = ctid.strip("()").split(",")
    return int(page), int(row)


def _rows(sql, option_ids):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = [row for row in cursor.fetchall() if row[2] in option_ids]
    return sorted(rows, key=lambda row: _ctid_key(row[1]))


def _participations(ballot):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.xmin::text::bigint, p.ctid::text, e.member_id "
            f"FROM {Participation._meta.db_table} p "
            "JOIN voting_rollentry r ON r.id = p.roll_entry_id "
            "JOIN voting_enrolment e ON e.id = r.enrolment_id WHERE p.ballot_id = %s",
            [ballot.pk],
        )
        return sorted(cursor.fetchall(), key=lambda row: _ctid_key(row[1]))


def _by_xmin(participations, rows):
    guesses = {}
    for xmin, _ctid, member in participations:
        near = [row for row in rows if abs(row[0] - xmin) <= XMIN_WINDOW]
        if near:
            guesses[member] = min(near, key=lambda row: abs(row[0] - xmin))[2]
    return guesses


def _by_ctid(participations, rows):
    return {member: row[2] for (_x, _c, member), row in zip(participations, rows, strict=False)}


def reader_scores(ballot, chosen):
    """Each method's share of voters whose choice it names correctly."""
    participations = _participations(ballot)
    option_ids = set(Option.objects.filter(question__ballot=ballot).values_list("pk", flat=True))
    scores = {}
    for name, sql in _option_sources():
        rows = _rows(sql, option_ids)
        for method, guess in (("xmin", _by_xmin), ("ctid", _by_ctid)):
            guesses = guess(participations, rows)
            right = sum(guesses.get(member) == option for member, option in chosen.items())
            scores[f"{name} by {method}"] = right / len(chosen)
    return scores


def _assert_reader_learns_nothing(ballot, chosen):
    scores = reader_scores(ballot, chosen)
    best = max(scores, key=scores.get)
    assert scores[best] <= BEST_ALLOWED, f"{best} named {scores[best]:.0%}: {scores}"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_database_reader_cannot_name_choices_while_open_or_after_close():
    call_command("setup_site", verbosity=0)
    voters = [enrolled_voter() for _ in range(VOTERS)]
    ballot = open_ballot(yes_no())
    labels = random.Random(18).choices(["Yes", "No", "Abstain"], k=VOTERS)
    chosen = {}
    for voter, label in zip(voters, labels, strict=True):
        answers = answer(ballot, [label])
        services.cast(ballot, user=voter.user, answers=answers)
        chosen[voter.pk] = next(iter(answers.values()))[0]
    _assert_reader_learns_nothing(ballot, chosen)
    services.close_ballot(ballot)
    _assert_reader_learns_nothing(ballot, chosen)
    assert sum(services.ballot_outcome(ballot).questions[0].counts.values()) == VOTERS
