"""Benchmark: tally 100,000 cast ballots on one ballot (PostgreSQL).

Run against a scratch database; it migrates it and adds rows to it:

    createdb -h 127.0.0.1 -U postgres vote_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vote_bench \\
        .venv/bin/python bench/voting_tally.py [--ballots 100000]

The cast ballots are sealed, as `cast` seals them. Prints the time of opening them
(unwrapping the key, opening every sealed ballot, writing the shuffled marks,
`services._open_sealed_ballots`) and of the tally alone (counting every mark and
storing the results, `services._tally`), each measured inside a transaction that is
then rolled back; of the whole `close_ballot` (opening, tally, results, 5,000 misses,
rights ended); and of a raw SQL GROUP BY over the marks it wrote, and merges them
into bench/results.json. With --baseline it counts a second ballot of the same voters
with plaintext sealing (bench/plaintext_sealing.py) and records it beside the first.
"""

import argparse
import json
import os
import secrets
import sys
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.plaintext_sealing import plaintext_sealing  # noqa: E402
from membership.models import CategoryCode, CategoryGrant, Member, MembershipCategory  # noqa: E402
from voting import sealing, services  # noqa: E402
from voting.models import (  # noqa: E402
    Ballot,
    BallotKey,
    CastBallot,
    Enrolment,
    Mark,
    Participation,
    Question,
    RollEntry,
    VotingPeriod,
)

BATCH = 5000
ABSENT_SHARE = 20  # one voter in 20 on the roll does not vote, so misses are counted too


def _bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=BATCH)


def make_voters(count, run):
    """`count` enrolled, voting-eligible members, inserted in bounded batches."""
    today = timezone.localdate()
    period, _ = VotingPeriod.objects.get_or_create(
        year=today.year,
        defaults={"opens_on": today.replace(month=1, day=1),
                  "closes_on": today.replace(month=12, day=31)},
    )
    supporting = MembershipCategory.objects.get(code=CategoryCode.SUPPORTING)
    User = get_user_model()
    now = timezone.now()
    for start in range(0, count, BATCH):
        names = [f"bench-{run}-{n}" for n in range(start, min(start + BATCH, count))]
        users = User.objects.bulk_create(
            User(username=name, email=f"{name}@example.org", password="!") for name in names
        )
        members = Member.objects.bulk_create(
            Member(user=user, name=user.username, code_of_conduct_version="1.0",
                   code_of_conduct_agreed_at=now)
            for user in users
        )
        _bulk(CategoryGrant, [CategoryGrant(member=m, category=supporting, starts=today,
                                            source=CategoryGrant.Source.STAFF) for m in members])
        _bulk(Enrolment, [Enrolment(period=period, member=m, enrolled_at=now) for m in members])


def cast_in_bulk(ballot, count):
    """Write what `cast` writes for `count` voters, in bulk: participations, sealed ballots."""
    key = BallotKey.objects.get(ballot=ballot)
    yes_no, election = ballot.questions.all()
    yes_no_options = list(yes_no.options.values_list("pk", flat=True))
    candidates = list(election.options.values_list("pk", flat=True))

    def choices(n):
        elected = [candidates[(n + offset) % len(candidates)] for offset in (0, 1 + n % 3)]
        return [(yes_no.pk, yes_no_options[n % 3])] + [(election.pk, pk) for pk in elected]

    entries = RollEntry.objects.filter(ballot=ballot).values_list("pk", flat=True)[:count]
    for start in range(0, count, BATCH):
        batch = entries[start:start + BATCH]
        _bulk(Participation, [Participation(ballot=ballot, roll_entry_id=pk) for pk in batch])
        _bulk(CastBallot, [
            CastBallot(id=uuid.uuid4(), ballot=ballot,
                       receipt_hash=services.hash_receipt(secrets.token_urlsafe(16)),
                       sealed=sealing.seal(key.public_key, choices(n), key.sealed_length))
            for n in range(len(batch))
        ])


def raw_group_by(ballot):
    """The same count as the tally, as one plain SQL statement."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            f"SELECT m.option_id, COUNT(*) FROM {Mark._meta.db_table} m "
            f"JOIN {Question._meta.db_table} q ON q.id = m.question_id "
            "WHERE q.ballot_id = %s GROUP BY m.option_id",
            [ballot.pk],
        )
        rows = cursor.fetchall()
        return time.perf_counter() - started, sum(count for _option, count in rows)


def count_alone(ballot):
    """(opening, tally) seconds as `close_ballot` runs them, with their writes rolled back."""
    with transaction.atomic():
        started = time.perf_counter()
        services._open_sealed_ballots(ballot)
        opened = time.perf_counter()
        services._tally(ballot)
        tallied = time.perf_counter()
        transaction.set_rollback(True)
    return opened - started, tallied - opened


def record_results(name, figures):
    """Merge figures into bench/results.json under a name, replacing the file atomically."""
    results = BASE_DIR / "bench" / "results.json"
    existing = json.loads(results.read_text()) if results.exists() else {}
    existing[name] = figures
    temporary = results.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(existing, indent=2) + "\n")
    os.replace(temporary, results)


def measure_close(run, ballot_count):
    """Open a ballot to the enrolled voters, cast `ballot_count` ballots, time the count."""
    now = timezone.now()
    ballot = services.create_ballot(
        title=f"Benchmark {run}", electorate="voting_members",
        opens_at=now, closes_at=now + timezone.timedelta(days=8),
        questions=[{"text": "Adopt?"},
                   {"text": "Elect three", "kind": Question.Kind.APPROVAL, "seats": 3,
                    "options": ["A", "B", "C", "D", "E", "F", "G"]}],
    )
    opened = time.perf_counter()
    services.open_ballot(ballot)
    open_seconds = time.perf_counter() - opened
    with transaction.atomic():
        cast_in_bulk(ballot, ballot_count)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    opening_seconds, tally_seconds = min(count_alone(ballot) for _ in range(3))
    closing = time.perf_counter()
    outcome = services.close_ballot(ballot)
    close_seconds = time.perf_counter() - closing
    raw_seconds, marks = min(raw_group_by(ballot) for _ in range(3))
    counted = sum(outcome.questions[0].counts.values())
    ballot = Ballot.objects.get(pk=ballot.pk)
    assert counted == ballot_count, "every cast ballot must be counted"
    assert outcome.questions[1].took_part == ballot_count, "every voter took part once"
    return {
        "cast_ballots": ballot_count,
        "roll_size": ballot.roll.count(),
        "marks": marks,
        "counted_on_first_question": counted,
        "took_part_in_the_election": outcome.questions[1].took_part,
        "misses_recorded": ballot.misses.count(),
        "open_ballot_seconds (fixes a roll of that size)": round(open_seconds, 3),
        "opening_seconds (unwrap, open every sealed ballot, write shuffled marks)":
            round(opening_seconds, 3),
        "tally_seconds (count and store results)": round(tally_seconds, 3),
        "close_ballot_seconds (opening, tally, results, misses)": round(close_seconds, 3),
        "raw_sql_group_by_seconds": round(raw_seconds, 3),
    }


def _print(figures):
    for name, value in figures.items():
        print(f"{name:52} {value}")


def arguments(doc, *, baseline, **sizes):
    """A voting benchmark's command line: its sizes (--name, with a default) and --baseline.

    It runs on PostgreSQL only. `baseline` says what --baseline measures.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    for name, default in sizes.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--baseline", action="store_true", help=baseline)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database (see the docstring).")
    return args


def main():
    args = arguments(
        __doc__, ballots=100_000,
        baseline="Also count a second ballot of the same voters with plaintext sealing "
        "(bench/plaintext_sealing.py), the site as it was before sealing.",
    )
    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0)
    run = uuid.uuid4().hex[:6]

    started = time.perf_counter()
    make_voters(args.ballots + args.ballots // ABSENT_SHARE, run)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    setup_seconds = time.perf_counter() - started
    figures = {**measure_close(run, args.ballots), "setup_seconds": round(setup_seconds, 1)}
    _print(figures)
    record_results("voting_tally", figures)
    if args.baseline:
        # The same voters on a second ballot, so both counts read rolls of one size.
        with plaintext_sealing():
            baseline = measure_close(f"{run}-baseline", args.ballots)
        print("Baseline, plaintext sealing:")
        _print(baseline)
        record_results("voting_tally_baseline", baseline)


if __name__ == "__main__":
    main()
