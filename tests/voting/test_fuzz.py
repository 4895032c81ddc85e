"""Fuzzing the voting views: casting, the receipt check, nominations, enrolment."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from membership.models import CategoryCode
from tests.fuzzing import form_data, hostile_text, identifier, post_and_check, redirected
from tests.membership.factories import MemberFactory, voting_member
from tests.voting.factories import (
    EnrolmentFactory,
    VotingPeriodFactory,
    approval,
    enrolled_voter,
    open_ballot,
    yes_no,
)
from voting import elections
from voting.models import (
    BoardNomination,
    CastBallot,
    Enrolment,
    FellowshipNomination,
    Mark,
    Participation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot():
    VotingPeriodFactory()
    return open_ballot(yes_no(), approval(2, ["Ada", "Brett", "Chen"]))


@pytest.fixture
def voter(client, ballot):
    """A member enrolled after the ballot opened, so never on its roll: nothing may be cast."""
    member = enrolled_voter()
    client.force_login(member.user)
    return member


def cast_data(ballot):
    question_ids = list(ballot.questions.values_list("pk", flat=True))
    keys = st.one_of(
        st.sampled_from([f"question_{pk}" for pk in question_ids]),
        hostile_text.map(lambda text: f"question_{text}"),
    )
    values = st.one_of(identifier, st.lists(identifier, max_size=5))
    return st.dictionaries(keys, values, max_size=4)


def test_casting_answers_any_input_calmly(client, ballot, voter):
    @given(data=cast_data(ballot))
    def run(data):
        post_and_check(
            client, f"/vote/{ballot.pk}/", data,
            models=(Participation, CastBallot, Mark), accepted=lambda response: False,
        )

    run()


def test_casting_on_the_roll_saves_rows_only_for_a_whole_valid_ballot(client, ballot):
    member = voting_member()
    client.force_login(member.user)

    @given(data=cast_data(ballot))
    def run(data):
        post_and_check(
            client, f"/vote/{ballot.pk}/", data, models=(Participation, CastBallot, Mark),
            accepted=lambda response: response.status_code == 303
            and "/receipt/" in response["Location"],
        )

    run()


def test_the_receipt_check_answers_any_input_calmly(client, ballot):
    @given(data=st.fixed_dictionaries({}, optional={"ballot": identifier, "code": hostile_text}))
    def run(data):
        post_and_check(client, "/vote/verify/", data, models=(CastBallot,),
                       accepted=lambda response: False)

    run()


def test_enrolment_answers_any_role_calmly(client, voter):
    @given(data=form_data(["delegate_for"]))
    def run(data):
        post_and_check(client, "/vote/enrol/", data, models=(Enrolment,),
                       accepted=lambda response: not data.get("delegate_for"))

    run()


def test_the_fellowship_nomination_form_answers_any_input_calmly(client):
    VotingPeriodFactory()
    fellow = voting_member(CategoryCode.FELLOW)
    MemberFactory(name="Ada Lovelace")
    client.force_login(fellow.user)
    fields = ["nominee", "criterion", "description", "urls"]

    @given(data=form_data(fields))
    def run(data):
        post_and_check(client, "/fellows/nominate/", data, models=(FellowshipNomination,),
                       accepted=redirected)

    run()


def test_board_nominations_and_acceptance_answer_any_input_calmly(client, director):
    import datetime

    from django.utils import timezone

    election = elections.open_election(
        user=director, title="Fuzzed election", seats=1,
        nominations_close_at=timezone.now() + datetime.timedelta(days=3),
        term_starts=timezone.localdate(), term_ends=timezone.localdate() + datetime.timedelta(1),
    )
    member = MemberFactory()
    nomination = BoardNomination.objects.create(election=election, nominee=member)
    EnrolmentFactory(member=member, period=VotingPeriodFactory())
    client.force_login(member.user)

    @given(nominee=form_data(["nominee"]), statement=form_data(["statement"]))
    def run(nominee, statement):
        post_and_check(client, f"/vote/elections/{election.pk}/", nominee,
                       models=(BoardNomination,), accepted=redirected)
        post_and_check(client, f"/vote/elections/nominations/{nomination.pk}/accept/",
                       statement, models=(BoardNomination,), accepted=lambda response: True)
        nomination.refresh_from_db()
        assert nomination.accepted_at is None or nomination.statement.strip()

    run()
