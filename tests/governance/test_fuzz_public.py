"""Fuzzing what anyone can ask for: every query parameter of the public listings and the API."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.models import Stage
from tests.fuzzing import fields_of, get_and_check, hostile_text, identifier
from tests.governance.factories import make_charter, make_policy, make_proposal, section
from tests.voting.factories import VotingPeriodFactory, close_when_due, open_ballot, yes_no

pytestmark = pytest.mark.django_db

number = st.one_of(identifier.map(str), st.integers(-5, 3000).map(str), hostile_text)


@pytest.fixture
def published():
    """A proposal in every section, a charter and a policy, so that filters have rows."""
    pages = [make_proposal(stage) for stage in Stage]
    return pages + [make_charter(), make_policy()]


def _listings():
    sections = [section(stage).url for stage in Stage]
    return st.sampled_from(sections + ["/governance/", "/governance/register/", "/search/"])


LISTING_PARAMETERS = {
    name: number if name in ("year", "page") else hostile_text
    for name in ("year", "page", "q", "kind", "order", "due")
}


def test_fuzz_public_listings_answer_any_query_calmly(client, published):
    @given(path=_listings(), params=fields_of(LISTING_PARAMETERS))
    def run(path, params):
        get_and_check(client, path, params)

    run()


def test_fuzz_results_and_receipt_check_answer_any_query_calmly(client):
    VotingPeriodFactory()
    ballot = open_ballot(yes_no())
    close_when_due(ballot)

    @given(page=number, listed=identifier)
    def run(page, listed):
        get_and_check(client, f"/vote/{ballot.pk}/results/", {"page": page})
        get_and_check(client, "/vote/verify/", {"ballot": listed})

    run()


def _page_ids(pages):
    return st.one_of(st.sampled_from([str(page.pk) for page in pages]), number)


def test_fuzz_the_api_answers_any_query_calmly(client, published):
    ids = _page_ids(published)
    parameters = {
        "search": hostile_text,
        "search_operator": st.one_of(st.sampled_from(["and", "or"]), hostile_text),
        "type": st.one_of(
            st.sampled_from(["governance.ProposalPage", "governance.CharterPage",
                             "governance.SectionPage", "wagtailcore.Page", "auth.User"]),
            hostile_text,
        ),
        "fields": st.one_of(
            st.sampled_from(["*", "-title", "body,summary", "_,id", "stage(x)", "owner"]),
            hostile_text,
        ),
        "order": st.one_of(st.sampled_from(["title", "-id", "random", "summary"]), hostile_text),
        "limit": number, "offset": number,
        "child_of": ids, "ancestor_of": ids, "descendant_of": ids, "translation_of": ids,
        "locale": hostile_text, "site": hostile_text, "slug": hostile_text,
        "title": hostile_text, "stage": hostile_text, "kind": hostile_text,
        "show_in_menus": hostile_text, "html_path": hostile_text, "format": hostile_text,
    }
    paths = st.one_of(
        st.just("/api/v2/pages/"), st.just("/api/v2/pages/find/"),
        ids.map(lambda pk: f"/api/v2/pages/{pk}/"),
    )

    @given(path=paths, params=fields_of(parameters))
    def run(path, params):
        get_and_check(client, path, params)

    run()
