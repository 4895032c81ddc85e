"""Opening, casting, closing and verifying ballots through voting.services."""

import datetime
import re
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.utils import timezone

from membership.models import Member
from tests.membership.factories import voting_member
from tests.voting.factories import (
    answer,
    approval,
    enrolled_delegate,
    enrolled_voter,
    make_ballot,
    open_ballot,
    single_choice,
    yes_no,
)
from voting import outcomes, services
from voting.models import (
    Ballot,
    CastBallot,
    Mark,
    OutcomeStatus,
    Participation,
    RollEntry,
    TallyResult,
)


def assert_nothing_recorded(ballot):
    assert not Participation.objects.filter(ballot=ballot).exists()
    assert not CastBallot.objects.filter(ballot=ballot).exists()
    assert not Mark.objects.filter(ballot=ballot).exists()


class CastingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voter = enrolled_voter()
        cls.other_voter = enrolled_voter()
        cls.organisation = enrolled_delegate(cls.voter)
        cls.ballot = open_ballot(
            yes_no(),
            approval(2, ["Ada", "Brett", "Chen"]),
            single_choice(["Red", "Blue"], binding=False),
        )

    def refuse(self, message, answers=None, user=None, **kwargs):
        with pytest.raises(services.VotingError, match=re.escape(message[:40])):
            services.cast(self.ballot, user=user or self.voter.user,
                          answers=answers if answers is not None else {}, **kwargs)

    def test_open_fixes_roll_of_enrolled_eligible_voters_in_each_role(self):
        roles = set(RollEntry.objects.filter(ballot=self.ballot).values_list(
            "enrolment__member", "enrolment__delegate_for"))
        assert roles == {(self.voter.pk, None), (self.voter.pk, self.organisation.pk),
                         (self.other_voter.pk, None)}

    def test_cast_returns_a_receipt_that_verifies(self):
        code = services.cast(self.ballot, user=self.voter.user,
                             answers=answer(self.ballot, ["Yes"], ["Ada", "Chen"], ["Red"]))
        assert services.verify_receipt(self.ballot, code=code)
        assert not services.verify_receipt(self.ballot, code=code + "x")
        services.close_ballot(self.ballot)
        assert Mark.objects.filter(ballot=self.ballot).count() == 4

    def test_delegate_votes_separately_from_their_individual_vote(self):
        services.cast(
            self.ballot, user=self.voter.user, answers=answer(self.ballot, ["Yes"], [], [])
        )
        services.cast(self.ballot, user=self.voter.user, answers=answer(
            self.ballot, ["No"], [], []
        ),
                      delegate_for=self.organisation)
        assert Participation.objects.filter(ballot=self.ballot).count() == 2

    def test_second_ballot_in_the_same_role_is_refused(self):
        services.cast(
            self.ballot, user=self.voter.user, answers=answer(self.ballot, ["Yes"], [], [])
        )
        self.refuse(services.ALREADY_VOTED, answer(self.ballot, ["No"], [], []))
        assert CastBallot.objects.filter(ballot=self.ballot).count() == 1

    def test_voter_not_on_the_roll_is_refused(self):
        self.refuse(services.NOT_ON_ROLL, user=voting_member().user)
        self.refuse(services.NOT_ON_ROLL, user=self.other_voter.user,
                    delegate_for=self.organisation)
        assert_nothing_recorded(self.ballot)

    def test_member_enrolled_after_opening_is_not_on_the_roll(self):
        late = enrolled_voter()
        self.refuse(services.NOT_ON_ROLL, user=late.user)

    def test_more_approval_marks_than_seats_is_refused(self):
        self.refuse("“Elect the Board” allows at most 2",
                    answer(self.ballot, ["Yes"], ["Ada", "Brett", "Chen"], []))
        assert_nothing_recorded(self.ballot)

    def test_two_marks_on_a_yes_no_question_is_refused(self):
        self.refuse("“Adopt the proposal?” allows at most 1",
                    answer(self.ballot, ["Yes", "No"], [], []))

    def test_forged_question_is_refused(self):
        other = open_ballot(yes_no("Another question"))
        self.refuse(services.FORGED_QUESTION, answer(other, ["Yes"]))
        self.refuse(services.FORGED_QUESTION, {999999: []})
        assert_nothing_recorded(self.ballot)

    def test_option_of_another_question_is_refused(self):
        questions = list(self.ballot.questions.all())
        red = questions[2].options.get(label="Red")
        self.refuse(services.FORGED_OPTION, {questions[0].pk: [red.pk]})
        self.refuse(services.FORGED_OPTION, {questions[0].pk: [123456789]})
        assert_nothing_recorded(self.ballot)

    def test_malformed_answers_are_refused(self):
        question = self.ballot.questions.first()
        self.refuse(services.MALFORMED_ANSWERS, {"x": []})
        self.refuse(services.MALFORMED_ANSWERS, {question.pk: "1"})
        self.refuse(services.MALFORMED_ANSWERS, {question.pk: ["one"]})
        self.refuse(services.DUPLICATE_MARK, {self.ballot.questions.all()[1].pk: [1, 1]})
        assert_nothing_recorded(self.ballot)

    def test_casting_after_close_is_refused(self):
        services.close_ballot(self.ballot)
        self.refuse(services.BALLOT_NOT_OPEN, answer(self.ballot, ["Yes"], [], []))
        assert_nothing_recorded(self.ballot)

    def test_casting_after_closing_time_is_refused_before_housekeeping_closes(self):
        later = timezone.now() + datetime.timedelta(days=8)
        with mock.patch("django.utils.timezone.now", return_value=later):
            self.refuse(services.BALLOT_NOT_OPEN, answer(self.ballot, ["Yes"], [], []))
        assert_nothing_recorded(self.ballot)

    def test_member_cannot_open_or_close_ballots(self):
        ballot = make_ballot()
        with pytest.raises(PermissionDenied):
            services.open_ballot(ballot, user=self.voter.user)
        with pytest.raises(PermissionDenied):
            services.close_ballot(self.ballot, user=self.voter.user)
        assert Ballot.objects.get(pk=self.ballot.pk).status == Ballot.Status.OPEN


class ClosingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voters = [enrolled_voter() for _ in range(4)]
        cls.ballot = open_ballot(
            yes_no(),
            approval(2, ["Ada", "Brett", "Chen"]),
            single_choice(["Red", "Blue"], binding=False),
        )
        cls.codes = [
            services.cast(cls.ballot, user=cls.voters[0].user,
                          answers=answer(cls.ballot, ["Yes"], ["Ada", "Brett"], ["Red"])),
            services.cast(cls.ballot, user=cls.voters[1].user,
                          answers=answer(cls.ballot, ["Yes"], ["Ada"], ["Red"])),
            services.cast(cls.ballot, user=cls.voters[2].user,
                          answers=answer(cls.ballot, ["No"], ["Chen"], [])),
        ]

    def test_close_tallies_counts_turnout_and_outcome(self):
        outcome = services.close_ballot(self.ballot)
        yes_no_outcome, election, poll = outcome.questions
        assert yes_no_outcome.counts == {"Yes": 2, "No": 1, "Abstain": 0}
        assert yes_no_outcome.took_part == 3
        assert yes_no_outcome.threshold_met
        assert election.counts == {"Ada": 2, "Brett": 1, "Chen": 1}
        assert election.took_part == 3  # four marks from three cast ballots
        assert election.chosen == ()  # Brett and Chen tie for the second seat.
        assert not election.threshold_met
        assert poll.chosen == ("Red",) and poll.took_part == 2 and not poll.binding
        assert not outcome.passed

    def test_close_is_idempotent(self):
        first = services.close_ballot(self.ballot)
        second = services.close_ballot(self.ballot)
        assert first == second and not first.passed
        self.ballot.refresh_from_db()
        assert self.ballot.outcome_status == OutcomeStatus.NO_SUBJECT
        assert TallyResult.objects.filter(question__ballot=self.ballot).count() == 8

    def test_receipts_verify_after_close(self):
        services.close_ballot(self.ballot)
        assert all(services.verify_receipt(self.ballot, code=code) for code in self.codes)

    def test_abstention_counts_as_taking_part(self):
        ballot = open_ballot(yes_no())
        services.cast(ballot, user=self.voters[0].user, answers=answer(ballot, ["Yes"]))
        services.cast(ballot, user=self.voters[1].user, answers=answer(ballot, ["Abstain"]))
        outcome = services.close_ballot(ballot)
        # One yes of two taking part is not more than half.
        assert outcome.questions[0].took_part == 2
        assert not outcome.passed

    def test_a_blank_question_is_not_taking_part(self):
        ballot = open_ballot(yes_no())
        services.cast(ballot, user=self.voters[0].user, answers=answer(ballot, ["Yes"]))
        services.cast(ballot, user=self.voters[1].user, answers=answer(ballot, []))
        outcome = services.close_ballot(ballot)
        assert outcome.questions[0].took_part == 1
        assert outcome.passed

    def test_subject_is_kept_generically_and_reaches_its_registered_handler(self):
        subject = self.voters[0]
        ballot = open_ballot(subject=subject)
        assert list(Ballot.objects.about(subject)) == [ballot]
        subjects = []

        def handler(ballot, outcome):
            subjects.append(ballot.subject)

        with mock.patch.dict(outcomes.HANDLERS, {Member: handler}):
            services.close_ballot(ballot)
        assert subjects == [subject]
        ballot.refresh_from_db()
        assert ballot.outcome_status == OutcomeStatus.APPLIED


class OpeningRefusalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        enrolled_voter()

    def test_opening_twice_is_refused(self):
        ballot = open_ballot()
        with pytest.raises(services.VotingError, match="Only a draft or scheduled"):
            services.open_ballot(ballot)

    def test_closing_a_draft_is_refused(self):
        with pytest.raises(services.VotingError, match="Only an open ballot"):
            services.close_ballot(make_ballot())

    def test_single_choice_needs_two_options(self):
        with pytest.raises(services.VotingError, match="needs at least 2 options"):
            make_ballot(single_choice(["Only"]))

    def test_questions_cannot_be_added_once_open(self):
        ballot = open_ballot()
        with pytest.raises(services.VotingError, match="Only a draft or scheduled"):
            services.add_question(ballot, text="Late question")
