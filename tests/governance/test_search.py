"""Site-wide search across proposals and policies, each result with its stage."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from governance.models import Stage
from tests.governance.factories import make_charter, make_policy, make_proposal

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


def test_results_span_the_stages_and_name_each_stage(client):
    make_proposal(Stage.DISCUSSION, title="Travel grants for sprints")
    make_policy(title="Travel grants policy")
    make_charter(Stage.RETIRED, title="Travel grants working group")

    page = search(client, "travel").content.decode()

    assert "3 results" in page
    for title, stage in [("Travel grants for sprints", "Proposals for discussion"),
                         ("Travel grants policy", "Active policies"),
                         ("Travel grants working group", "Retired policies")]:
        assert title in page
        assert f">{stage}" in page


def test_drafts_and_private_pages_are_never_found(client):
    make_proposal(Stage.DISCUSSION, title="Secret budget draft", live=False)
    private = make_policy(title="Secret budget policy")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Directors"))

    page = search(client, "secret budget").content.decode()

    assert "Secret budget" not in page
    assert "No proposal or policy matches" in page


def test_an_empty_search_says_what_to_do(client):
    page = search(client, "  ").content.decode()

    assert "Type a few words" in page
    assert "Active policies" in page


def test_nothing_found_names_the_query_and_offers_the_stages(client):
    page = search(client, "zeppelin").content.decode()

    assert "No proposal or policy matches “zeppelin”" in page
    assert "browse the stages" in page


def test_results_are_paginated(client):
    for number in range(25):
        make_proposal(Stage.DISCUSSION, title=f"Grant round {number}")

    first = search(client, "grant round").content.decode()
    second = search(client, "grant round", page=2).content.decode()

    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second
    assert "rel=\"next\"" in first


def test_hostile_queries_are_answered(client):
    for query in ["\x00", "a" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "&|!()",
                  '"unbalanced', "NEAR(", "*"]:
        response = search(client, query)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_header_search_box_is_on_every_page(client):
    page = client.get("/").content.decode()

    assert 'action="/search/"' in page
    assert 'for="site-search-q"' in page


def test_search_runs_the_same_queries_for_10_and_60_results(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    def fill(count, start):
        for number in range(start, start + count):
            stage = (Stage.DISCUSSION, Stage.ACTIVE)[number % 2]
            make_proposal(stage, title=f"Budget item {number}")

    fill(10, 0)
    search(client, "budget")
    with django_assert_max_num_queries(30) as captured:
        assert search(client, "budget").status_code == 200
        with_ten = len(captured)
    fill(50, 10)
    with django_assert_num_queries(with_ten):
        assert search(client, "budget").status_code == 200


def test_search_results_are_never_page_cached(client, page_cache_on):
    search(client, "travel")
    make_policy(title="Travel policy")

    assert "Travel policy" in search(client, "travel").content.decode()
