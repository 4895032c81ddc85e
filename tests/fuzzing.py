"""Generated input for the fuzz tests: every form and state-changing view must answer it calmly.

A response is calm when it is a 2xx, 3xx or 4xx (the form again is a 200); never a
5xx. `make test` runs few examples per view (the "ci" profile), the same ones on
every run, so that a red build is a regression and not a new draw; `make fuzz`
runs 400 fresh ones per view (the "fuzz" profile).
"""

import os
from collections import Counter
from contextlib import contextmanager

from django.db import transaction
from django.template.base import Template
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci", max_examples=12, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# No shrinking: it costs nothing until an example fails, and then minutes per
# failure; a failure is still reported with the example that failed, as drawn.
settings.register_profile(
    "fuzz", max_examples=400, deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


# Text a browser could send, and text none would: control characters, NUL, huge runs.
hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from([
        "", " ", "\x00", "0", "-1", "1e309", "NaN", "9" * 40, "<script>alert(1)</script>",
        "=cmd|' /C calc'!A0", "'; DROP TABLE voting_ballot; --", "../../etc/passwd",
        "2026-02-30", "https://", "a" * 6000,
    ]),
)
identifier = st.one_of(st.integers(min_value=-(2**63), max_value=2**63), hostile_text)


def form_data(fields):
    """A dict strategy posting hostile values (or nothing) for each named field."""
    return st.fixed_dictionaries({}, optional=dict.fromkeys(fields, hostile_text))


# How many generated requests were sent and how many answered 5xx; printed after the run.
requests_sent = Counter()


def assert_calm(response):
    assert response.status_code < 500, f"{response.status_code} for {response.request}"


def _render_unrecorded(template, context):
    return template.nodelist.render(context)  # Django's own Template._render


@contextmanager
def templates_unrecorded():
    """Render templates as the site does, not as the test client records them.

    The test environment copies the context of every template rendered, each widget's
    included, for `response.context`: a fifth of the CPU of a large admin form sent back.
    No fuzz target reads `response.context`.
    """
    recorded = Template._render
    Template._render = _render_unrecorded
    try:
        yield
    finally:
        Template._render = recorded


def send(request, *args, **kwargs):
    """Make one request and count it; the test client raises a view's exception, a 5xx too."""
    try:
        with templates_unrecorded():
            response = request(*args, **kwargs)
    except Exception:
        requests_sent["5xx"] += 1
        raise
    requests_sent["5xx" if response.status_code >= 500 else "calm"] += 1
    assert_calm(response)
    return response


def logged_in(users):
    """A test client for each user, by id, logged in once before the examples: a login in
    every example would add a session write and the login signals to each request."""
    from django.test import Client

    clients = {}
    for user in users:
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)
    return clients


def get_and_check(client, path, params, **extra):
    """GET with generated query parameters and assert a calm answer."""
    return send(client.get, path, params, **extra)


def fields_of(strategies):
    """A dict strategy posting each named field's generated value, or leaving it out."""
    return st.fixed_dictionaries({}, optional=strategies)


def row_counts(*models):
    return tuple(model.objects.count() for model in models)


def post_and_check(client, path, data, *, models, accepted, **extra):
    """POST, assert a calm answer, and that a refused request left no new row."""
    before = row_counts(*models)
    # Only this request's messages, for `said`: a client used for every example would
    # otherwise carry an earlier success's message into each later answer.
    client.cookies.pop("messages", None)
    # A savepoint, so that one example's rows never leak into the next.
    with transaction.atomic():
        response = send(client.post, path, data, **extra)
        if not accepted(response):
            assert row_counts(*models) == before, f"{path} refused {data!r} but saved rows"
        transaction.set_rollback(True)
    return response


def said(text):
    """Whether a response's request carried a message containing `text` (a success)."""
    from django.contrib.messages import get_messages

    def check(response):
        return any(text in str(message) for message in get_messages(response.wsgi_request))

    return check


def redirected(response):
    return response.status_code in (301, 302, 303)
