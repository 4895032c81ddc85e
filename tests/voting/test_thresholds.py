"""Thresholds are exact fractions of those who took part in a question."""

from fractions import Fraction

import pytest
from django.test import TestCase

from membership.models import CategoryCode
from tests.voting.factories import answer, enrolled_voter, open_ballot, yes_no
from voting import services
from voting.models import THRESHOLD_FRACTIONS, Electorate, Threshold, VotingRules, threshold_met


def test_thresholds_are_fractions_not_floats():
    assert all(isinstance(share, Fraction) for share, _strict in THRESHOLD_FRACTIONS.values())


@pytest.mark.parametrize(
    ("agreeing", "took_part", "threshold", "met"),
    [
        (2, 3, Threshold.TWO_THIRDS, True),
        (5, 8, Threshold.TWO_THIRDS, False),
        (3, 4, Threshold.THREE_QUARTERS, True),
        (2, 3, Threshold.THREE_QUARTERS, False),
        (2, 4, Threshold.MAJORITY, False),
        (3, 5, Threshold.MAJORITY, True),
        (0, 0, Threshold.MAJORITY, False),
    ],
)
def test_threshold_boundaries(agreeing, took_part, threshold, met):
    assert threshold_met(agreeing, took_part, threshold) is met


class FellowshipVoteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fellows = [enrolled_voter(CategoryCode.FELLOW) for _ in range(8)]
        cls.supporter = enrolled_voter()

    def vote(self, yes, no):
        ballot = open_ballot(yes_no("Meets the criterion?"), electorate=Electorate.FELLOWS)
        for index, fellow in enumerate(self.fellows[: yes + no]):
            services.cast(
                ballot, user=fellow.user, answers=answer(ballot, ["Yes" if index < yes else "No"])
            )
        return ballot, services.close_ballot(ballot)

    def test_fellowship_roll_holds_only_fellows(self):
        ballot, _outcome = self.vote(0, 0)
        assert ballot.roll.count() == len(self.fellows)

    def test_two_of_three_fellows_pass_two_thirds(self):
        _ballot, outcome = self.vote(2, 1)
        assert outcome.questions[0].threshold == Threshold.TWO_THIRDS
        assert outcome.passed

    def test_five_of_eight_fellows_fail_two_thirds(self):
        assert not self.vote(5, 3)[1].passed

    def test_three_of_four_pass_when_the_board_sets_three_quarters(self):
        rules = VotingRules.load()
        rules.fellowship_threshold = Threshold.THREE_QUARTERS
        rules.save()
        _ballot, outcome = self.vote(3, 1)
        assert outcome.questions[0].threshold == Threshold.THREE_QUARTERS
        assert outcome.passed
        assert not self.vote(2, 1)[1].passed
