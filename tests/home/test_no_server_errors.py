"""Input no browser would send answers 400, 404 or a form error: never a server error."""

import pytest
from django.utils.html import escape

from governance.models import Stage
from governance.page_forms import UNREADABLE
from membership.forms import ERROR_NAME_TOO_LONG
from membership.models import DeclaredProject
from tests.governance.factories import make_proposal
from tests.membership.factories import voting_member
from tests.voting.factories import VotingPeriodFactory, make_ballot, yes_no
from voting.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["0", "99999", "²", "١٢"])
def test_a_listing_year_no_calendar_has_is_answered_calmly(client, year):
    proposal = make_proposal(Stage.DISCUSSION, title="Open the books")
    response = client.get("/governance/proposals-for-discussion/", {"year": year})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"There is no year “{year}”: showing every year." in page
    assert proposal.title in page


def test_a_listing_year_without_proposals_is_no_error(client):
    make_proposal(Stage.DISCUSSION, title="Open the books")
    response = client.get("/governance/proposals-for-discussion/", {"year": "2019"})
    page = response.content.decode()
    assert "There is no year" not in page
    assert "Open the books" not in page


def test_an_api_search_with_a_nul_is_refused(client):
    response = client.get("/api/v2/pages/?search=%00")
    assert response.status_code == 400


def test_enrolling_as_delegate_for_a_superscript_digit_is_refused(client):
    VotingPeriodFactory()
    member = voting_member()
    client.force_login(member.user)
    enrolled = Enrolment.objects.count()
    response = client.post("/vote/enrol/", {"delegate_for": "²"})
    assert response.status_code in (400, 404)
    assert Enrolment.objects.count() == enrolled


def test_a_project_name_over_the_column_is_a_form_error(client, member):
    client.force_login(member)
    response = client.post("/members/contributing/", {
        "projects": "x" * 200 + ", https://github.com/psf/requests, MIT", "affirms_hours": "on",
    })
    assert response.status_code == 200
    assert escape(ERROR_NAME_TOO_LONG.format(limit=120)) in response.content.decode()
    assert not DeclaredProject.objects.exists()


def test_an_unknown_ballot_action_is_not_found(client, director):
    ballot = make_ballot(yes_no())
    client.force_login(director)
    response = client.get(f"/admin/voting/ballots/{ballot.pk}/bogus/")
    assert response.status_code == 404


def test_a_sponsor_application_that_is_not_a_number_is_not_found(client, director):
    client.force_login(director)
    response = client.post("/admin/governance/sponsor-applications/", {"organisation": "abc"})
    assert response.status_code == 404


def _editor_post(client, page, **changes):
    from django.urls import reverse

    from tests.governance.test_admin import editor_post_data

    data = editor_post_data(page)
    data.update(changes)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


@pytest.mark.parametrize("changes", [
    {"amends": "abc"},
    {"amends": "²"},
    {"body-count": "abc"},
    {"body-count": "5"},
    {"body-0-order": "x"},
    {"body-0-value": "{not json"},
    {"body-0-value": "[1, 2]"},
    {"co_authors": "abc"},
    {"supersedes": "²"},
])
def test_a_hand_made_editor_post_gets_the_form_again(client, director, changes):
    page = make_proposal(Stage.DISCUSSION, owner=director)
    revisions = page.revisions.count()
    client.force_login(director)
    response = _editor_post(client, page, **changes)
    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert page.revisions.count() == revisions


def test_an_editor_post_claiming_a_comment_without_its_id_gets_the_form_again(client, director):
    page = make_proposal(Stage.DISCUSSION, owner=director)
    revisions = page.revisions.count()
    client.force_login(director)
    response = _editor_post(client, page, **{"comments-INITIAL_FORMS": "1",
                                             "comments-TOTAL_FORMS": "1"})
    assert response.status_code == 200
    assert page.revisions.count() == revisions


@pytest.mark.parametrize("question_id", [None, "abc"])
def test_a_ballot_post_claiming_a_question_without_its_id_gets_the_form_again(
    client, director, question_id
):
    from tests.voting.test_fuzz_admin import _ballot_post
    from voting.models import Ballot

    client.force_login(director)
    data = {**_ballot_post(), "questions-INITIAL_FORMS": "1"}
    if question_id is not None:
        data["questions-0-id"] = question_id
    response = client.post("/admin/voting_ballots/new/", data)
    assert response.status_code in (200, 302)
    assert Ballot.objects.count() == (1 if response.status_code == 302 else 0)


def test_a_ballot_post_with_an_empty_extra_option_gets_the_form_again(client, director):
    """Wagtail sorts a valid formset's forms by the order its script posts with each one;
    an empty extra form posted by hand has none (a 500 the fuzz target found)."""
    from tests.voting.test_fuzz_admin import _ballot_post
    from voting.models import Ballot

    client.force_login(director)
    data = {**_ballot_post(), "title": "", "questions-0-options-TOTAL_FORMS": "1"}
    response = client.post("/admin/voting_ballots/new/", data)
    assert response.status_code == 200
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("count_key, most", [
    ("questions-TOTAL_FORMS", 20), ("questions-0-options-TOTAL_FORMS", 100),
    ("tellers-TOTAL_FORMS", 16),
])
def test_a_ballot_post_asking_for_huge_form_counts_is_refused_without_building_them(
    client, director, count_key, most
):
    """A hand-made count of 999,999 forms kept a worker busy for minutes (Django builds
    up to 2,000 per formset, each question with its options): now one past the most."""
    from tests.voting.test_fuzz_admin import _ballot_post
    from voting.models import Ballot

    client.force_login(director)
    response = client.post("/admin/voting_ballots/new/", {**_ballot_post(), count_key: "999999"})

    assert response.status_code == 200
    assert f"Please submit at most {most} forms." in response.content.decode()
    assert not Ballot.objects.exists()


def test_form_counts_are_capped_one_past_the_most_by_relation():
    from core.posted_data import with_form_counts_capped

    data = with_form_counts_capped({
        "questions-TOTAL_FORMS": "999999", "questions-3-options-TOTAL_FORMS": " 5000 ",
        "questions-4-options-TOTAL_FORMS": "abc", "comments-TOTAL_FORMS": "5000",
        "questions-INITIAL_FORMS": "0",
    }, {"questions": 20, "options": 100})

    assert data["questions-TOTAL_FORMS"] == "21"
    # Django reads " 5000 " as a number, and refuses "abc" (then builds no forms).
    assert data["questions-3-options-TOTAL_FORMS"] == "101"
    assert data["questions-4-options-TOTAL_FORMS"] == "abc"
    assert data["comments-TOTAL_FORMS"] == "5000"


@pytest.mark.parametrize("count", ["abc", "", "-1617", "9" * 5000])
def test_a_ballot_post_with_a_count_django_refuses_builds_no_forms_for_it(
    client, director, count
):
    """Such a count was read as one past the most: 21 questions and 101 options were built,
    validated and rendered back (a megabyte of admin page) for a post refused anyway."""
    from tests.voting.test_fuzz_admin import _ballot_post
    from voting.models import Ballot

    client.force_login(director)
    data = {**_ballot_post(), "questions-TOTAL_FORMS": count,
            "questions-0-options-TOTAL_FORMS": count}
    response = client.post("/admin/voting_ballots/new/", data)

    assert response.status_code == 200
    assert response.context["form"].formsets["questions"].forms == []
    assert not Ballot.objects.exists()


def test_a_ballot_post_claiming_more_initial_forms_than_forms_gets_the_form_again(
    client, director
):
    """Forty nines of initial questions among two (a 500 the derandomised fuzz found)."""
    from tests.voting.test_fuzz_admin import _ballot_post
    from voting.models import Ballot

    client.force_login(director)
    data = {**_ballot_post(), "questions-TOTAL_FORMS": "2", "questions-INITIAL_FORMS": "9" * 40}
    response = client.post("/admin/voting_ballots/new/", data)

    assert response.status_code == 200
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("next_url", ["abc", "¾2}X", "javascript:alert(1)"])
def test_a_workflow_action_posted_with_a_next_that_is_no_address_redirects_to_the_editor(
    client, moderator, next_url
):
    """Wagtail redirects to `next` as posted; without a slash or a dot, Django reads it
    as a view's name and fails with NoReverseMatch (a 500 the fuzz target found)."""
    from governance import lifecycle
    from tests.factories import UserFactory
    from tests.governance.factories import make_charter

    author = UserFactory(groups=["Members"])
    charter = make_charter(owner=author, live=False)
    lifecycle.submit_for_discussion(charter, user=author)
    task_state = charter.current_workflow_task_state
    client.force_login(moderator)

    response = client.post(
        f"/admin/pages/workflow/action/{charter.pk}/reject/{task_state.pk}/",
        {"comment": "Not yet.", "next": next_url},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{charter.pk}/edit/"


@pytest.mark.parametrize("kind", ["proposalpage", "charterpage"])
def test_adding_a_page_with_a_co_author_id_beyond_64_bits_gets_the_form_again(
    client, member, kind
):
    """SQLite's IN lookup raised OverflowError on the id (a 500 the fuzz target found)."""
    from governance.models import Stage
    from tests.governance.factories import section

    client.force_login(member)
    response = client.post(
        f"/admin/pages/add/governance/{kind}/{section(Stage.DISCUSSION).pk}/",
        {"title": "A page", "co_authors": "9" * 40},
    )

    assert response.status_code == 200
