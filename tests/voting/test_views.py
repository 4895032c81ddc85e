"""The /vote/ pages: states, casting with a one-time receipt, results, verification, enrolment."""

import re

from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from governance.awaiting import awaiting_you
from tests.factories import PASSWORD
from tests.membership.factories import voting_member
from tests.voting.factories import (
    VotingPeriodFactory,
    answer,
    approval,
    enrolled_delegate,
    enrolled_voter,
    open_ballot,
    single_choice,
    yes_no,
)
from voting import selectors, services
from voting.models import Ballot, CastBallot, Enrolment, Participation, Question, Threshold


def field(question):
    return f"question_{question.pk}"


class CastingViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voter = enrolled_voter()
        cls.organisation = enrolled_delegate(cls.voter)
        cls.ballot = open_ballot(
            yes_no(), approval(2, ["Ada", "Brett", "Chen"]),
            single_choice(["Red", "Blue"], binding=False),
        )
        cls.questions = list(cls.ballot.questions.all())
        cls.url = f"/vote/{cls.ballot.pk}/"

    def setUp(self):
        self.client.login(username=self.voter.user.username, password=PASSWORD)

    def valid_post(self, **overrides):
        yes = self.questions[0].options.get(label="Yes")
        ada = self.questions[1].options.get(label="Ada")
        data = {field(self.questions[0]): yes.pk, field(self.questions[1]): [ada.pk]}
        data.update(overrides)
        return data

    def assert_refused(self, response, message):
        assert response.status_code == 400
        assert escape(message) in response.content.decode()
        assert not Participation.objects.exists() and not CastBallot.objects.exists()

    def test_dashboard_offers_a_vote_in_each_role_not_yet_used(self):
        html = self.client.get("/vote/").content.decode()
        assert self.ballot.title in html
        assert f'href="{self.url}"' in html
        assert f'href="{self.url}as/{self.organisation.pk}/"' in html

    def test_casting_shows_the_receipt_and_the_dashboard_then_says_voted(self):
        posted = self.client.post(self.url, self.valid_post())
        assert posted.status_code == 303
        assert posted["Location"] == f"{self.url}receipt/"
        response = self.client.get(posted["Location"])
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        code = response.context["code"]
        assert code in response.content.decode()
        assert "Why we cannot show you how you voted" in response.content.decode()
        assert services.verify_receipt(self.ballot, code=code)
        html = self.client.get("/vote/").content.decode()
        assert "voted</strong>" in html
        assert "You have already voted" in self.client.get(self.url).content.decode()
        again = self.client.post(self.url, self.valid_post())
        assert again.status_code == 400
        assert services.ALREADY_VOTED in again.content.decode()
        assert CastBallot.objects.count() == 1

    def test_delegate_casts_on_their_own_page(self):
        self.client.post(self.url, self.valid_post())
        response = self.client.post(f"{self.url}as/{self.organisation.pk}/", self.valid_post())
        assert response.status_code == 303
        assert response["Location"] == f"{self.url}as/{self.organisation.pk}/receipt/"
        assert Participation.objects.count() == 2

    def test_forged_option_in_the_form_is_refused(self):
        red = self.questions[2].options.get(label="Red")
        response = self.client.post(self.url, self.valid_post(**{field(self.questions[0]): red.pk}))
        self.assert_refused(response, "Select a valid choice")

    def test_more_approval_marks_than_seats_in_the_form_is_refused(self):
        marks = list(self.questions[1].options.values_list("pk", flat=True))
        response = self.client.post(self.url, self.valid_post(**{field(self.questions[1]): marks}))
        self.assert_refused(response, "allows at most 2 mark(s)")

    def test_not_on_the_roll_is_refused_in_the_form(self):
        outsider = voting_member()
        self.client.login(username=outsider.user.username, password=PASSWORD)
        assert "not on this ballot" in self.client.get(self.url).content.decode()
        self.assert_refused(self.client.post(self.url, self.valid_post()), services.NOT_ON_ROLL)

    def test_casting_after_close_is_refused_in_the_form(self):
        services.close_ballot(self.ballot)
        assert "Cast my ballot" not in self.client.get(self.url).content.decode()
        self.assert_refused(self.client.post(self.url, self.valid_post()),
                            services.BALLOT_NOT_OPEN)

    def test_post_without_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.login(username=self.voter.user.username, password=PASSWORD)
        assert client.post(self.url, self.valid_post()).status_code == 403
        assert not Participation.objects.exists()

    def test_results_while_open_show_turnout_and_never_counts(self):
        services.cast(
            self.ballot, user=self.voter.user, answers=answer(self.ballot, ["Yes"], ["Ada"], [])
        )
        response = self.client.get(f"{self.url}results/")
        html = response.content.decode()
        assert "1 of 2 on the roll voted" in html
        # Whole words: a CSRF token in the page may hold the letters "Ada".
        assert not re.search(r"\bMarks\b", html) and not re.search(r"\bAda\b", html)
        assert "outcome" not in response.context

    def test_results_after_close_show_counts_threshold_and_receipt_hashes(self):
        code = services.cast(self.ballot, user=self.voter.user,
                             answers=answer(self.ballot, ["Yes"], ["Ada"], []))
        services.close_ballot(self.ballot)
        html = self.client.get(f"{self.url}results/").content.decode()
        assert "1 of 2 on the roll voted" in html
        assert "<td>1</td>" in html
        assert "<strong>met</strong>" in html
        assert services.hash_receipt(code) in html

    def test_results_show_each_options_share_with_a_bar_and_the_turnout_percent(self):
        services.cast(
            self.ballot, user=self.voter.user, answers=answer(self.ballot, ["Yes"], ["Ada"], [])
        )
        as_delegate = answer(self.ballot, ["No"], ["Ada", "Brett"], [])
        services.cast(
            self.ballot, user=self.voter.user, answers=as_delegate, delegate_for=self.organisation
        )
        services.close_ballot(self.ballot)
        html = self.client.get(f"{self.url}results/").content.decode()
        assert "2 of 2 on the roll voted, 100%." in html
        assert '<td>1</td><td class="share"><meter min="0" max="100" value="50"' in html
        assert '<meter min="0" max="100" value="100" aria-hidden="true"></meter> 100%' in html
        assert '<meter min="0" max="100" value="0" aria-hidden="true"></meter> 0%' in html
        assert "style=" not in html

    def test_turnout_while_open_gives_the_share_of_the_roll(self):
        services.cast(
            self.ballot, user=self.voter.user, answers=answer(self.ballot, ["Yes"], ["Ada"], [])
        )
        html = self.client.get(f"{self.url}results/").content.decode()
        assert "1 of 2 on the roll voted, 50%." in html

    def test_verify_tells_whether_a_receipt_was_counted(self):
        code = services.cast(
            self.ballot, user=self.voter.user, answers=answer(self.ballot, ["No"], [], [])
        )
        services.close_ballot(self.ballot)
        counted = self.client.post("/vote/verify/", {"ballot": self.ballot.pk, "code": code})
        assert "Your ballot was counted." in counted.content.decode()
        unknown = self.client.post("/vote/verify/", {"ballot": self.ballot.pk, "code": "nope"})
        assert "No ballot with this receipt code" in unknown.content.decode()


class EnrolViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.period = VotingPeriodFactory()
        cls.member = voting_member()

    def test_member_enrols_from_the_enrol_page(self):
        self.client.login(username=self.member.user.username, password=PASSWORD)
        assert "I will vote" in self.client.get("/vote/enrol/").content.decode()
        response = self.client.post("/vote/enrol/", follow=True)
        assert "You are enrolled" in response.content.decode()
        assert Enrolment.objects.filter(member=self.member, delegate_for=None).exists()

    def test_anonymous_visitor_is_sent_to_log_in(self):
        assert self.client.get("/vote/enrol/").status_code == 302


class QueryCountTests(TestCase):
    """/vote/ and the results page cost the same number of queries at any size."""

    def queries(self, url, user):
        self.client.force_login(user)
        self.client.get(url)  # Warm the site and settings caches first.
        with CaptureQueriesContext(connection) as captured:
            assert self.client.get(url).status_code == 200
        return len(captured)

    def scenario(self, ballots, voters):
        members = [enrolled_voter() for _ in range(voters)]
        opened = [open_ballot(yes_no(), approval(2, ["A", "B", "C"])) for _ in range(ballots)]
        for member in members:
            services.cast(
                opened[0], user=member.user, answers=answer(opened[0], ["Yes"], ["A", "B"])
            )
        services.close_ballot(opened[0])
        return members[0].user, opened[0]

    def test_dashboard_and_results_queries_do_not_grow(self):
        user, closed = self.scenario(ballots=2, voters=2)
        small = (self.queries("/vote/", user), self.queries(f"/vote/{closed.pk}/results/", user))
        user, closed = self.scenario(ballots=6, voters=8)
        large = (self.queries("/vote/", user), self.queries(f"/vote/{closed.pk}/results/", user))
        assert small == large
        # The pages' own reads, besides the header's "Awaiting you" count (a fixed number of
        # queries of its own, tests/governance/test_awaiting.py).
        header = self.header_queries(user)
        assert large[0] - header <= 12 and large[1] - header <= 12

    def header_queries(self, user):
        user = type(user).objects.get(pk=user.pk)  # nothing read through it yet
        with CaptureQueriesContext(connection) as captured:
            awaiting_you(user)
        return len(captured)


class PercentTests(TestCase):
    def test_a_share_is_a_whole_percent_rounded_half_up(self):
        assert selectors.percent(312, whole=1204) == 26
        assert selectors.percent(1, whole=8) == 13
        assert selectors.percent(1, whole=3) == 33
        assert selectors.percent(2, whole=3) == 67

    def test_nobody_on_the_roll_is_zero_percent_not_an_error(self):
        assert selectors.percent(0, whole=0) == 0


class LargeNumbersTests(TestCase):
    def test_counts_on_the_results_page_have_thousands_separators(self):
        outcome = selectors.QuestionOutcome(
            question_id=1, text="Adopt?", kind=Question.Kind.YES_NO_ABSTAIN, binding=True,
            threshold=Threshold.MAJORITY,
            took_part=1204, threshold_met=True, counts={"Yes": 1204}, chosen=(),
        )
        ballot = Ballot(title="Big vote", status=Ballot.Status.CLOSED)
        ballot.voted_count, ballot.roll_size = 312, 1204
        html = render_to_string("voting/results.html", {
            "ballot": ballot, "outcome": selectors.BallotOutcome(1, True, (outcome,)),
            "turnout_percent": selectors.percent(312, whole=1204), "receipt_page": [],
        })
        assert "312 of 1,204 on the roll voted, 26%." in html
        assert "<td>1,204</td>" in html
