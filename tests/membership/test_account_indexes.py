"""Sign-up and log-in find accounts through indexes, not by reading every account.

With 100,000 members, allauth's choice of a new username read the whole user table
and a sign-up took 0.4 s (bench/sign_up_mail.py). Each look-up it makes must be
answered from an index. PostgreSQL is told not to read whole tables where it has
another way, so a missing index shows even on a test's small table; SQLite, used
only for development, matches addresses case-blind with LIKE, which no index serves.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

pytestmark = pytest.mark.django_db

CASE_BLIND_LOOKUPS = {
    "auth_user_username_upper": {"username__iexact": "ada"},
    "auth_user_email_upper": {"email__iexact": "ada@example.org"},
}


def plan(**lookup):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    return get_user_model().objects.filter(**lookup).explain()


@pytest.mark.postgresql
@pytest.mark.parametrize("index", CASE_BLIND_LOOKUPS)
def test_each_case_blind_account_look_up_is_answered_from_an_index(index):
    assert index in plan(**CASE_BLIND_LOOKUPS[index])


def test_an_account_is_found_by_its_address_from_an_index():
    assert "auth_user_email" in plan(email="ada@example.org")


def test_sign_up_picks_a_username_with_the_look_up_the_index_serves(client):
    asked = []

    def record(execute, sql, params, many, context):
        asked.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.post("/accounts/signup/", {
            "email": "ada@example.org", "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase", "name": "Ada Lovelace", "country": "Brazil",
            "agrees_to_code_of_conduct": "on",
        })
    assert response.status_code == 302
    username_look_up = 'UPPER("auth_user"."username"' if connection.vendor == "postgresql" else (
        '"auth_user"."username" LIKE')
    assert any(username_look_up in sql for sql in asked)
