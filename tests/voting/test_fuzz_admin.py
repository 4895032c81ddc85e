"""Fuzzing the Board's voting screens: ballot add and edit (with their questions and options),
the actions on a ballot, elections, voting periods, the Fellowship nominations, and a teller's
share entry."""

import datetime
from unittest import mock

import pytest
import shamir_mnemonic
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.fuzzing import (
    fields_of,
    get_and_check,
    hostile_text,
    identifier,
    logged_in,
    post_and_check,
    redirected,
)
from tests.membership.factories import voting_member
from tests.voting.factories import (
    VotingPeriodFactory,
    enrolled_voter,
    make_ballot,
    open_ballot,
    yes_no,
)
from voting import services, tellers
from voting.models import Ballot, BallotKey, Election, Option, Question, Teller, VotingPeriod

pytestmark = pytest.mark.django_db

number = st.one_of(st.integers(-3, 5).map(str), identifier.map(str), hostile_text)
moment = st.one_of(
    st.datetimes(min_value=datetime.datetime(1, 1, 2)).map(lambda at: f"{at:%Y-%m-%d %H:%M}"),
    hostile_text,
)
choice = st.one_of(
    st.sampled_from(["voting_members", "fellows", "yes_no_abstain", "approval",
                     "single_choice", "majority", "two_thirds", "on", ""]),
    hostile_text,
)
QUESTION_FIELDS = {
    "questions-TOTAL_FORMS": number, "questions-INITIAL_FORMS": number,
    "questions-0-text": hostile_text, "questions-0-kind": choice, "questions-0-seats": number,
    "questions-0-binding": choice, "questions-0-threshold": choice,
    "questions-0-ORDER": number, "questions-0-DELETE": choice, "questions-0-id": number,
    "questions-0-options-TOTAL_FORMS": number, "questions-0-options-INITIAL_FORMS": number,
    "questions-0-options-0-label": hostile_text, "questions-0-options-0-ORDER": number,
    "questions-0-options-0-id": number, "questions-1-text": hostile_text,
}
BALLOT_FIELDS = {
    "title": hostile_text, "description": hostile_text, "electorate": choice,
    "opens_at": moment, "closes_at": moment, **QUESTION_FIELDS,
}


def _ballot_post():
    now = timezone.now()
    return nested_form_data({
        "title": "A fuzzed ballot", "description": "", "electorate": "voting_members",
        "opens_at": f"{now:%Y-%m-%d %H:%M}",
        "closes_at": f"{now + datetime.timedelta(days=8):%Y-%m-%d %H:%M}",
        "questions": inline_formset([{
            "text": "Adopt it?", "kind": "yes_no_abstain", "seats": "1", "binding": "on",
            "threshold": "majority", "options": inline_formset([]),
        }], min=1),
    })


def test_fuzz_ballot_add_and_edit_answer_any_post_calmly(client, director):
    VotingPeriodFactory()
    draft, opened = make_ballot(yes_no()), open_ballot(yes_no())
    paths = st.sampled_from([
        "/admin/voting_ballots/new/", f"/admin/voting_ballots/edit/{draft.pk}/",
        f"/admin/voting_ballots/edit/{opened.pk}/",
    ])
    client.force_login(director)

    @given(path=paths, data=fields_of(BALLOT_FIELDS))
    def run(path, data):
        post_and_check(client, path, {**_ballot_post(), **data},
                       models=(Ballot, Question, Option), accepted=redirected)

    run()


# Each action's form gets its own examples (400 under `make fuzz`), each with made-up names.
@pytest.mark.parametrize("action", ["schedule", "open", "close"])
def test_fuzz_ballot_actions_answer_any_request_calmly(director, officer, member, action):
    VotingPeriodFactory()
    ballots = [make_ballot(yes_no()), open_ballot(yes_no())]
    actions = st.one_of(st.just(action), st.just("bogus"),
                        st.from_regex(r"[a-zA-Z0-9_.~-]{1,20}", fullmatch=True))
    pks = st.one_of(st.sampled_from([ballot.pk for ballot in ballots]), st.integers(0, 2**70))
    clients = logged_in([director, officer, member])

    @given(user=st.sampled_from([director, officer, member]), pk=pks, action=actions,
           method=st.sampled_from(["get", "post"]), data=fields_of({"confirm": hostile_text}))
    def run(user, pk, action, method, data):
        path = f"/admin/voting/ballots/{pk}/{action}/"
        if method == "get":
            get_and_check(clients[user.pk], path, data)
        else:
            post_and_check(clients[user.pk], path, data, models=(Ballot,), accepted=redirected)

    run()


ELECTION_FIELDS = {
    "title": hostile_text, "seats": number, "voting_days": number,
    "nominations_close_at": moment, "term_starts": moment, "term_ends": moment,
}
PERIOD_FIELDS = {"year": number, "opens_on": moment, "closes_on": moment}


# Each form its own examples (400 under `make fuzz`): add and edit share a form.
SCREENS = {
    "election": (["/admin/voting_elections/new/", "/admin/voting_elections/edit/{election}/"],
                 ELECTION_FIELDS, Election),
    "period": (["/admin/voting_periods/new/", "/admin/voting_periods/edit/{period}/"],
               PERIOD_FIELDS, VotingPeriod),
    "start vote": (["/admin/voting/elections/{election}/start-vote/"], {}, Ballot),
    "fellowship nominations": (["/admin/voting/fellowship-nominations/"], {"days": number},
                               Ballot),
}


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_fuzz_elections_and_voting_periods_answer_any_post_calmly(client, director, screen):
    period = VotingPeriodFactory()
    election = Election.objects.create(
        title="Board 2027", seats=2, voting_days=7,
        nominations_close_at=timezone.now() - datetime.timedelta(days=1),
        term_starts=timezone.localdate(), term_ends=timezone.localdate() + datetime.timedelta(365),
    )
    paths, fields, model = SCREENS[screen]
    paths = [path.format(election=election.pk, period=period.pk) for path in paths]
    client.force_login(director)

    @given(path=st.sampled_from(paths), data=fields_of(fields))
    def run(path, data):
        post_and_check(client, path, data, models=(model,), accepted=redirected)

    run()


def _tellers_ballot(title):
    """A scheduled tellers ballot whose three tellers, two of them needed, hold their shares."""
    ballot = make_ballot(yes_no(binding=True), title=title)
    users = [voting_member().user for _ in range(3)]
    tellers.name_tellers(ballot, users, 2)
    services.schedule_ballot(ballot)
    for user in users:
        tellers.collect_share(ballot, user)  # the words are not kept, nor shown
    return ballot, users


def _awaiting_tellers(ballot):
    services.open_ballot(ballot)
    ballot.refresh_from_db()
    with mock.patch("django.utils.timezone.now",
                    return_value=ballot.closes_at + datetime.timedelta(minutes=1)):
        services.close_ballot(ballot)
    return ballot


# Words a teller might type: free text, words of the share word list, and well-formed shares
# of keys no ballot has. No ballot's own share is ever drawn, so none is ever printed.
share_words = st.one_of(
    hostile_text,
    st.lists(st.sampled_from(shamir_mnemonic.wordlist.WORDLIST), min_size=1, max_size=40)
    .map(" ".join),
    st.binary(min_size=16, max_size=16).map(
        lambda secret: shamir_mnemonic.generate_mnemonics(1, [(2, 3)], secret)[0][0]
    ),
)


def test_fuzz_a_tellers_share_entry_answers_any_words_calmly():
    enrolled_voter()
    awaiting, users = _tellers_ballot("Counted by its tellers")
    _awaiting_tellers(awaiting)
    scheduled, _ = _tellers_ballot("Not yet open")
    outsider = voting_member().user
    people = [users[0], outsider]
    clients = logged_in(people)
    pks = st.one_of(st.sampled_from([awaiting.pk, scheduled.pk]), st.integers(0, 2**70))

    @given(user=st.sampled_from(people), pk=pks, method=st.sampled_from(["get", "post"]),
           data=fields_of({"words": share_words}))
    def run(user, pk, method, data):
        path = f"/admin/voting/tellers/{pk}/enter/"
        if method == "get":
            get_and_check(clients[user.pk], path, data)
            return
        response = post_and_check(clients[user.pk], path, data,
                                  models=(Teller, BallotKey, Ballot), accepted=redirected)
        assert not redirected(response), "words that are no share of the ballot were entered"

    run()


def test_a_ballot_post_with_a_huge_negative_initial_count_is_answered_calmly(client, director):
    """The make fuzz example that grew a worker to 18.9 GB (tests/core/test_posted_data.py)."""
    VotingPeriodFactory()
    client.force_login(director)
    data = {**_ballot_post(), "questions-TOTAL_FORMS": "1684717",
            "questions-INITIAL_FORMS": "-46211557363764016"}
    assert client.post("/admin/voting_ballots/new/", data).status_code < 500
