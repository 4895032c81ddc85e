"""Directors manage ballots in the Wagtail admin and see turnout, never partial results."""

from django.test import TestCase

from tests.conftest import _member_user
from tests.voting.factories import answer, enrolled_voter, make_ballot, open_ballot, yes_no
from voting import services
from voting.models import Ballot
from voting.wagtail_hooks import LOCKED_BALLOT

INDEX = "/admin/voting_ballots/"


class BallotAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.director = _member_user("director", ["Members", "Directors"])
        cls.voters = [enrolled_voter() for _ in range(2)]

    def setUp(self):
        self.client.force_login(self.director)

    def test_director_sees_turnout_but_no_counts_while_open(self):
        ballot = open_ballot(yes_no("Secret matter?"))
        services.cast(ballot, user=self.voters[0].user, answers=answer(ballot, ["Yes"]))
        response = self.client.get(INDEX)
        html = response.content.decode()
        assert response.status_code == 200
        assert ballot.title in html and "1 of 2" in html
        assert "Close now" in html
        assert "Secret matter?" not in html and "Yes" not in html

    def test_add_form_offers_questions_and_their_options(self):
        response = self.client.get(f"{INDEX}new/")
        assert response.status_code == 200
        assert "Options (yes, no and abstain are added for you)" in response.content.decode()

    def test_open_now_and_close_now_call_the_services(self):
        ballot = make_ballot()
        assert self.client.get(f"/admin/voting/ballots/{ballot.pk}/open/").status_code == 200
        self.client.post(f"/admin/voting/ballots/{ballot.pk}/open/")
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.OPEN and ballot.roll.count() == 2
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/admin/voting/ballots/{ballot.pk}/close/")
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.CLOSED

    def test_open_ballot_cannot_be_edited(self):
        ballot = open_ballot()
        response = self.client.post(f"{INDEX}edit/{ballot.pk}/", {"title": "Changed"})
        ballot.refresh_from_db()
        assert ballot.title != "Changed"
        assert LOCKED_BALLOT[:40] in response.content.decode()

    def test_member_cannot_run_ballot_actions(self):
        ballot = make_ballot()
        self.client.force_login(self.voters[0].user)
        # Wagtail turns the refusal into a redirect to the dashboard with a message.
        response = self.client.post(f"/admin/voting/ballots/{ballot.pk}/open/")
        assert response.status_code == 302
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.DRAFT

    def test_director_drafts_a_ballot_with_questions_and_options_in_the_admin(self):
        data = {
            "title": "Board election 2026", "description": "", "electorate": "voting_members",
            "opens_at": "2030-01-01 10:00", "closes_at": "2030-01-08 10:00",
            "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "1", "questions-MAX_NUM_FORMS": "1000",
            "questions-0-text": "Elect two Directors", "questions-0-kind": "approval",
            "questions-0-seats": "2", "questions-0-binding": "on",
            "questions-0-threshold": "majority", "questions-0-ORDER": "1",
            "questions-0-options-TOTAL_FORMS": "3", "questions-0-options-INITIAL_FORMS": "0",
            "questions-0-options-MIN_NUM_FORMS": "0", "questions-0-options-MAX_NUM_FORMS": "1000",
            "key_holders": "server", "tellers-TOTAL_FORMS": "0", "tellers-INITIAL_FORMS": "0",
            "tellers-MIN_NUM_FORMS": "0", "tellers-MAX_NUM_FORMS": "1000",
        }
        for index, label in enumerate(["Ada", "Brett", "Chen"]):
            data[f"questions-0-options-{index}-label"] = label
            data[f"questions-0-options-{index}-ORDER"] = str(index + 1)
        response = self.client.post(f"{INDEX}new/", data)
        assert response.status_code == 302
        ballot = Ballot.objects.get(title="Board election 2026")
        question = ballot.questions.get()
        assert list(question.options.values_list("label", flat=True)) == ["Ada", "Brett", "Chen"]
