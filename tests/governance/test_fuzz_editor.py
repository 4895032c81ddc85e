"""Fuzzing the page editor and the workflow actions: every field a member, a moderator and a
Director can post to a proposal or a charter (its StreamField and choosers included) answers
generated values with the form again or a refusal, never a server error."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from governance import lifecycle
from governance.models import CharterPage, ProposalPage, Resolution, Stage
from tests.factories import UserFactory
from tests.fuzzing import (
    fields_of,
    get_and_check,
    hostile_text,
    identifier,
    logged_in,
    post_and_check,
    redirected,
)
from tests.governance.factories import make_charter, make_policy, make_proposal, section
from tests.membership.factories import MemberFactory

pytestmark = pytest.mark.django_db

DRAFTAIL = json.dumps({"blocks": [{
    "key": "a1", "type": "unstyled", "text": "Text.", "depth": 0,
    "inlineStyleRanges": [], "entityRanges": [],
}], "entityMap": {}})
json_text = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["blocks", "entityMap", "key", "text", "type"]), children,
                      max_size=3),
    max_leaves=8,
).map(json.dumps)
stream_value = st.one_of(hostile_text, json_text, st.just(DRAFTAIL))
count = st.one_of(st.integers(-2, 4).map(str), identifier.map(str), hostile_text)
date = st.one_of(st.dates().map(str), hostile_text)

STREAM_FIELDS = {
    **{f"body-{i}-{part}": hostile_text for i in (0, 1) for part in ("deleted", "id")},
    **{f"body-{i}-order": count for i in (0, 1)},
    **{f"body-{i}-type": st.one_of(st.sampled_from(["heading", "paragraph", "quote", "link"]),
                                   hostile_text) for i in (0, 1)},
    **{f"body-{i}-value": stream_value for i in (0, 1)},
    **{f"body-0-value-{part}": hostile_text for part in ("quote", "attribution", "url", "text")},
    "body-count": count,
}
BUTTON_NAMES = (
    "action-publish", "action-submit", "action-workflow-action", "workflow-action-name",
    "action-cancel-workflow", "action-restart-workflow", "comments-TOTAL_FORMS",
    "comments-INITIAL_FORMS", "comments-0-contentpath", "comments-0-text",
)
BUTTONS = dict.fromkeys(BUTTON_NAMES, hostile_text)


def _proposal_fields(choices):
    return {
        **dict.fromkeys(["title", "slug", "summary", "kind", "discussion_url"], hostile_text),
        **dict.fromkeys(["effective_date", "review_date", "sunset_date"], date),
        **dict.fromkeys(["amends", "supersedes", "co_authors"], choices),
        **BUTTONS,
    }


def _base_post(page):
    fields = {name: getattr(page, name) for name in CharterPage.charter_fields
              if isinstance(page, CharterPage)}
    if not isinstance(page, CharterPage):
        fields["body"] = streamfield([("paragraph", rich_text("<p>The text.</p>"))])
    return nested_form_data({
        "title": page.title, "slug": page.slug, "summary": page.summary, "kind": page.kind,
        "amends": "", "discussion_url": "", "comments": inline_formset([]), **fields,
    })


@pytest.fixture
def editors(moderator, director):
    """Each role with a page it may open in the editor: the author's draft, a submission
    waiting for the moderator, a proposal and a charter before the Board."""
    author = UserFactory(username="fuzz-author", groups=["Members"])
    draft = make_proposal(owner=author, live=False)
    submitted = make_charter(owner=author, live=False)
    lifecycle.submit_for_discussion(submitted, user=author)
    in_resolution = make_proposal(owner=author)
    lifecycle.move_to_resolution(in_resolution, user=director)
    charter = make_charter(owner=author)
    lifecycle.move_to_resolution(charter, user=director)
    return [(author, draft), (author, submitted), (moderator, submitted),
            (director, in_resolution), (director, charter)]


def _choices(*ids):
    return st.one_of(st.sampled_from([str(pk) for pk in ids]), identifier.map(str), hostile_text,
                     st.lists(identifier.map(str), max_size=3))


# A proposal's and a charter's forms each get their own examples (400 under `make fuzz`).
@pytest.mark.parametrize("kind", [ProposalPage, CharterPage], ids=["proposal", "charter"])
def test_fuzz_the_editor_answers_any_post_calmly(editors, kind):
    policy = make_policy()
    fields = {**_proposal_fields(_choices(policy.pk, editors[0][0].pk)), **STREAM_FIELDS,
              **dict.fromkeys(CharterPage.charter_fields, hostile_text)}
    editing = [(user, page) for user, page in editors if type(page.specific) is kind]
    clients = logged_in(user for user, _ in editing)

    @given(editor=st.sampled_from(editing), data=fields_of(fields))
    def run(editor, data):
        user, page = editor
        post = {**_base_post(page.specific), **data}
        post_and_check(clients[user.pk], reverse("wagtailadmin_pages:edit", args=[page.pk]),
                       post, models=(Revision, Resolution), accepted=redirected)

    run()


@pytest.mark.parametrize("kind", ["proposalpage", "charterpage"])
def test_fuzz_adding_a_proposal_or_charter_answers_any_post_calmly(member, director, kind):
    policy = make_policy()
    discussion = section(Stage.DISCUSSION).pk
    blank = make_proposal(live=False) if kind == "proposalpage" else make_charter(live=False)
    fields = {**_proposal_fields(_choices(policy.pk, member.pk)), **STREAM_FIELDS,
              **dict.fromkeys(CharterPage.charter_fields, hostile_text)}
    clients = logged_in([member, director])

    @given(user=st.sampled_from([member, director]),
           parent=st.one_of(st.just(discussion), st.integers(1, 40)), data=fields_of(fields))
    def run(user, parent, data):
        post = {**_base_post(blank), "slug": "", **data}
        post_and_check(clients[user.pk], f"/admin/pages/add/governance/{kind}/{parent}/", post,
                       models=(Page, Revision), accepted=redirected)

    run()


WORKFLOW_FIELDS = dict.fromkeys(
    ["comment", "minutes_url", "notes", "reason", "days", "confirm", "next"], hostile_text
)


# Each action's form gets its own examples (400 under `make fuzz`), each with made-up names.
@pytest.mark.parametrize("action", ["approve", "reject", "adopt", "refer_to_member_vote"])
def test_fuzz_workflow_actions_answer_any_post_calmly(editors, action):
    actions = st.one_of(st.just(action), st.just("unknown"),
                        st.from_regex(r"[a-z_-]{1,20}", fullmatch=True))
    views = st.sampled_from(["workflow_action", "collect_workflow_action_data"])
    ajax = st.sampled_from([{}, {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}])

    clients = logged_in(user for user, _ in editors)

    @given(editor=st.sampled_from(editors), action=actions, view=views, headers=ajax,
           data=fields_of(WORKFLOW_FIELDS))
    def run(editor, action, view, headers, data):
        user, page = editor
        task_state = page.current_workflow_task_state
        if task_state is None:
            return
        path = reverse(f"wagtailadmin_pages:{view}", args=[page.pk, action, task_state.pk])
        post_and_check(clients[user.pk], path, data, models=(Resolution,), accepted=redirected,
                       **headers)

    run()


def test_fuzz_the_co_author_search_answers_any_query_calmly(member, director):
    """An account that is not a member's, and a visitor, are refused; a member gets names."""
    MemberFactory(name="Ada Lovelace")
    users = [member, director, UserFactory(username="not-a-member")]
    clients = {**logged_in(users), None: Client()}
    queries = st.one_of(st.sampled_from(["lov", "Ada", "ad", "%", "_", "member"]), hostile_text)
    parameters = {"q": queries, "page": hostile_text, "limit": hostile_text}

    @given(user=st.sampled_from([*users, None]), params=fields_of(parameters))
    def run(user, params):
        client = clients[user.pk if user else None]
        response = get_and_check(client, "/admin/governance/co-authors/", params)
        if response.status_code == 200:
            assert all(set(found) == {"id", "name"} for found in response.json()["results"])

    run()
