"""In-process timings of the reads that must stay one query and close to raw SQL."""

import time

from django.db import connection

RUNS = 5


def best_of(function, runs=RUNS):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def compare_with_raw_sql(name, queryset, target):
    """Time fetching a queryset's ids against the SQL it compiles to, run raw."""
    ids = queryset.values_list("pk", flat=True)
    sql, params = ids.query.sql_with_params()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    orm_seconds = best_of(lambda: list(ids.all()))
    raw_seconds = best_of(raw)
    ratio = round(orm_seconds / raw_seconds, 2)
    return {
        "row": name,
        "ms": round(orm_seconds * 1000, 1),
        "raw_ms": round(raw_seconds * 1000, 1),
        "ratio": ratio,
        "target": target,
        "meets_target": ratio <= target,
    }


def eligibility_row():
    from membership.selectors import voting_eligible_members

    return compare_with_raw_sql(
        "voting_eligible_members(), 100,000 members", voting_eligible_members(), 2.0
    )
