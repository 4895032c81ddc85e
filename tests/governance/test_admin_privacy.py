"""A plain member in the admin sees only their own drafts and what is live, and others by
their member names (issue 20, "The admin shows members only their own")."""

from unittest import mock

import pytest
from django.forms.formsets import BaseFormSet
from django.urls import reverse
from wagtail.models import Page

from governance.models import Stage
from membership.services import join
from tests.factories import UserFactory
from tests.governance.factories import make_charter, make_policy, make_proposal
from tests.governance.test_admin import editor_post_data

pytestmark = pytest.mark.django_db

SECRET_WORD = "Quokkaplan"
SUMMARY_WORD = "Wombatclause"
LOGIN = "zq-secret-login"
ADDRESS = "hidden.address@example.org"


@pytest.fixture
def other(db):
    """Another member whose account name and address are theirs alone."""
    user = UserFactory(username=LOGIN, email=ADDRESS, first_name="", last_name="",
                       groups=["Members"])
    join(user=user, name="Ada Lovelace", country="UK", code_of_conduct_version="1.0")
    return user


@pytest.fixture
def others_draft(other):
    return make_proposal(
        owner=other, title=f"{SECRET_WORD} draft", summary=f"A {SUMMARY_WORD} for all.", live=False
    )


@pytest.fixture
def own_draft(member):
    return make_proposal(owner=member, title="My own draft", live=False)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def editor_data(page, **fields):
    """The editor's post for `page`, with `fields` (lists as repeated values) set."""
    data = editor_post_data(page)
    data.update(fields)
    return data


def latest_draft(page):
    """The page as its latest revision left it."""
    page.refresh_from_db()
    return page.get_latest_revision_as_object()


def get_as(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# Co-authors are chosen by member name.


def test_editor_names_no_account_but_lists_none_of_the_members(client, member, other, own_draft):
    content = get_as(client, member, edit_url(own_draft))
    assert LOGIN not in content and ADDRESS not in content
    assert "Ada Lovelace" not in content


def test_chosen_co_author_is_shown_by_member_name(client, member, other, own_draft):
    own_draft.co_authors.add(other)
    own_draft.save_revision(user=member)
    content = get_as(client, member, edit_url(own_draft))
    assert "Ada Lovelace" in content
    assert LOGIN not in content and ADDRESS not in content


def test_co_author_search_answers_member_names_only(client, member, other):
    content = get_as(client, member, reverse("governance_co_author_search") + "?q=lovel")
    assert "Ada Lovelace" in content
    assert LOGIN not in content and ADDRESS not in content


def test_co_author_search_finds_no_one_by_login_or_address(client, member, other):
    for query in (LOGIN, "hidden.address"):
        url = reverse("governance_co_author_search") + f"?q={query}"
        assert "Ada Lovelace" not in get_as(client, member, url)


def test_co_author_search_lists_no_account_that_is_not_a_member(client, member):
    UserFactory(username="staffonly", first_name="Stan", last_name="Staffonly", is_staff=True)
    url = reverse("governance_co_author_search") + "?q=staffonly"
    assert "Staffonly" not in get_as(client, member, url)


def test_co_author_search_answers_a_page_of_names_in_a_fixed_number_of_queries(
    client, member, django_assert_max_num_queries
):
    for number in range(25):
        user = UserFactory(username=f"smith{number}", groups=["Members"])
        join(user=user, name=f"Sam Quillsmith {number:02}", country="",
             code_of_conduct_version="1.0")
    client.force_login(member)
    # A name no generated account carries: the fixture's own member has a random name.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("governance_co_author_search") + "?q=quillsmith")
    names = [result["name"] for result in response.json()["results"]]
    assert names == [f"Sam Quillsmith {number:02}" for number in range(20)]


def test_co_author_search_takes_any_text_without_failing(client, member):
    for query in ("%00", "'", "%", "a" * 500):
        url = reverse("governance_co_author_search") + f"?q={query}"
        assert "results" in get_as(client, member, url)


def test_co_author_search_needs_the_admin(client):
    response = client.get(reverse("governance_co_author_search") + "?q=ada")
    assert response.status_code == 302


def test_a_member_is_saved_as_co_author(client, member, other, own_draft):
    client.force_login(member)
    data = editor_data(own_draft, co_authors=[str(other.pk)])
    response = client.post(edit_url(own_draft), data)
    assert response.status_code == 302
    draft = latest_draft(own_draft)
    assert [user.pk for user in draft.co_authors.all()] == [other.pk]


@pytest.mark.parametrize("chosen", ["staff_only", "not_a_number", "unknown"])
def test_a_co_author_who_is_not_a_member_is_refused_with_a_form_error(
    client, member, own_draft, chosen
):
    staff_only = UserFactory(username="staffonly", is_staff=True)
    value = {"staff_only": str(staff_only.pk), "not_a_number": "abc", "unknown": "99999"}[chosen]
    client.force_login(member)
    response = client.post(edit_url(own_draft), editor_data(own_draft, co_authors=[value]))
    assert response.status_code == 200
    assert "co_authors" in response.context["form"].errors
    assert not latest_draft(own_draft).co_authors.all()


# Supersedes and amends offer only live active policies.


@pytest.fixture
def pages_to_refuse(other, others_draft):
    """Pages that are not live active policies: a live proposal, a draft policy, a retired one."""
    return {
        "live proposal": make_proposal(title="Live discussion"),
        "draft": others_draft,
        "draft policy": make_proposal(Stage.ACTIVE, title="Unpublished policy", live=False),
        "retired": make_proposal(Stage.RETIRED, title="Retired policy"),
    }


def test_supersedes_and_amends_list_only_live_active_policies(
    client, member, own_draft, pages_to_refuse
):
    policy = make_policy(title="Code of conduct policy")
    form = _editor_form(client, member, own_draft)
    for field in ("supersedes", "amends"):
        assert list(form.fields[field].queryset) == [Page.objects.get(pk=policy.pk)]
    content = get_as(client, member, edit_url(own_draft))
    assert "Code of conduct policy" in content
    for page in pages_to_refuse.values():
        assert page.title not in content


def test_a_charter_lists_only_live_active_charters(client, member, pages_to_refuse):
    charter = make_charter(owner=member, live=False)
    make_policy(title="A proposal policy")
    active_charter = make_charter(Stage.ACTIVE, title="Chartered group")
    form = _editor_form(client, member, charter)
    assert [page.pk for page in form.fields["amends"].queryset] == [active_charter.pk]


def test_a_policy_is_not_offered_to_itself(client, director):
    policy = make_policy(title="Itself")
    form = _editor_form(client, director, policy)
    assert policy.pk not in {page.pk for page in form.fields["supersedes"].queryset}


@pytest.mark.parametrize("refused", ["live proposal", "draft", "draft policy", "retired"])
def test_supersedes_pointing_elsewhere_is_refused_with_a_form_error(
    client, member, own_draft, pages_to_refuse, refused
):
    client.force_login(member)
    data = editor_data(own_draft, supersedes=[str(pages_to_refuse[refused].pk)])
    response = client.post(edit_url(own_draft), data)
    assert response.status_code == 200
    assert "supersedes" in response.context["form"].errors
    assert not latest_draft(own_draft).supersedes.all()


@pytest.mark.parametrize("refused", ["live proposal", "draft", "draft policy", "retired"])
def test_amends_pointing_elsewhere_is_refused_with_a_form_error(
    client, member, own_draft, pages_to_refuse, refused
):
    client.force_login(member)
    data = editor_post_data(
        own_draft, kind="amendment", amends=str(pages_to_refuse[refused].pk)
    )
    response = client.post(edit_url(own_draft), data)
    assert response.status_code == 200
    assert "amends" in response.context["form"].errors


def test_an_amendment_of_a_live_active_policy_is_saved(client, member, own_draft):
    policy = make_policy(title="Travel policy")
    client.force_login(member)
    data = editor_data(own_draft, kind="amendment", amends=str(policy.pk),
                            supersedes=[str(policy.pk)])
    assert client.post(edit_url(own_draft), data).status_code == 302
    draft = latest_draft(own_draft)
    assert draft.amends_id == policy.pk


def _editor_form(client, user, page):
    client.force_login(user)
    response = client.get(edit_url(page))
    assert response.status_code == 200
    return response.context["form"]


# Reports, search and the admin API show a member only what they may edit or what is live.


SEARCHES = {
    "site history": "/admin/reports/site-history/",
    "site history results": "/admin/reports/site-history/results/",
    "admin search": f"/admin/pages/search/?q={SECRET_WORD}",
    "admin API search": f"/admin/api/main/pages/?search={SECRET_WORD}",
    "admin API search by summary": f"/admin/api/main/pages/?search={SUMMARY_WORD}",
    "admin API listing": "/admin/api/main/pages/?limit=100",
    "page chooser search": f"/admin/choose-page/search/?q={SECRET_WORD}",
}


@pytest.mark.parametrize("where", list(SEARCHES))
def test_a_members_draft_stays_hidden_from_other_members(client, member, others_draft, where):
    content = get_as(client, member, SEARCHES[where])
    assert others_draft.title not in content
    assert f"A {SUMMARY_WORD}" not in content


@pytest.mark.parametrize("where", ["admin search", "admin API search", "page chooser search"])
def test_a_member_finds_their_own_draft_and_live_proposals(client, member, where):
    make_proposal(owner=member, title=f"{SECRET_WORD} of mine", live=False)
    make_proposal(title=f"{SECRET_WORD} in discussion")
    content = get_as(client, member, SEARCHES[where])
    assert f"{SECRET_WORD} of mine" in content
    assert f"{SECRET_WORD} in discussion" in content


@pytest.mark.parametrize("where", list(SEARCHES))
def test_the_board_still_sees_every_draft(client, director, others_draft, where):
    assert others_draft.title in get_as(client, director, SEARCHES[where])


def test_a_draft_is_not_served_by_the_admin_api_by_its_id(client, member, others_draft):
    client.force_login(member)
    response = client.get(f"/admin/api/main/pages/{others_draft.pk}/")
    assert response.status_code == 404


def test_a_moderator_finds_a_submission_awaiting_review(client, moderator, other):
    from governance import lifecycle

    page = make_proposal(owner=other, title=f"{SECRET_WORD} submitted", live=False)
    lifecycle.submit_for_discussion(page, user=other)
    assert f"{SECRET_WORD} submitted" in get_as(client, moderator, SEARCHES["admin search"])


# Others are named by their member names.


def test_the_explorer_names_owners_by_member_name(client, member, other):
    page = make_proposal(owner=other, title="A live proposal")
    content = get_as(client, member, reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert "A live proposal" in content
    assert "Ada Lovelace" in content
    assert LOGIN not in content and ADDRESS not in content


def test_site_history_names_who_acted_by_member_name(client, member, other):
    page = make_proposal(owner=other, title="Published by Ada")
    page.save_revision(user=other).publish(user=other, skip_permission_checks=True)
    content = get_as(client, member, SEARCHES["site history"])
    assert "Published by Ada" in content
    assert "Ada Lovelace" in content
    assert LOGIN not in content and ADDRESS not in content


def test_a_members_full_name_is_their_member_name(other):
    assert other.get_full_name() == "Ada Lovelace"


def test_an_account_without_a_member_keeps_its_own_full_name():
    user = UserFactory(first_name="Sam", last_name="Staff")
    assert user.get_full_name() == "Sam Staff"



def test_a_member_s_post_asking_for_millions_of_comment_forms_builds_a_bounded_few(
    client, member, own_draft
):
    built = []
    build = BaseFormSet._construct_form

    def counted(formset, i, **kwargs):
        built.append(formset.prefix)
        return build(formset, i, **kwargs)

    client.force_login(member)
    data = editor_data(own_draft, **{
        "comments-TOTAL_FORMS": "999999", "comments-INITIAL_FORMS": "0",
        **{f"comments-{n}-replies-TOTAL_FORMS": "999999" for n in range(201)},
    })
    with mock.patch.object(BaseFormSet, "_construct_form", counted):
        response = client.post(edit_url(own_draft), data)

    assert response.status_code in (200, 302)
    assert built.count("comments") <= 201
    assert len(built) <= 201 * 52
