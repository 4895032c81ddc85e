"""Tellers ballots: nobody, the server included, can count the votes until k of n tellers agree."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import OutgoingEmail
from tests.browser import cells_in
from tests.factories import UserFactory
from tests.membership.factories import voting_member
from tests.voting.factories import answer, enrolled_voter, make_ballot, yes_no
from voting import elections, housekeeping, services, tellers
from voting.models import Ballot, BallotKey, CastBallot, Election, Mark, Miss, Teller


def tellers_ballot(count=3, needed=2, title="Elect the tellers' friends"):
    """A scheduled tellers ballot and its tellers' users, shares issued and not yet collected."""
    ballot = make_ballot(yes_no(binding=True), title=title)
    users = [voting_member().user for _ in range(count)]
    tellers.name_tellers(ballot, users, needed)
    services.schedule_ballot(ballot)
    return ballot, users


def queued_to(subject_words):
    """The addresses of the e-mails queued whose subject has these words."""
    return {address for message in OutgoingEmail.objects.filter(subject__contains=subject_words)
            for address in message.to}


def collect_all(ballot, users):
    return [tellers.collect_share(ballot, user) for user in users]


def after_closing_time(ballot):
    ballot.refresh_from_db()
    return mock.patch("django.utils.timezone.now",
                      return_value=ballot.closes_at + datetime.timedelta(minutes=1))


class IssuingSharesTests(TestCase):
    def test_scheduling_splits_a_new_key_among_the_tellers_and_keeps_no_private_key(self):
        ballot, users = tellers_ballot()
        key = BallotKey.objects.get(ballot=ballot)
        assert key.wrapped_private_key is None
        assert Teller.objects.filter(ballot=ballot, share__isnull=False).count() == 3

    def test_each_teller_is_emailed_to_collect_their_share(self):
        ballot, users = tellers_ballot()
        assert queued_to("Collect your teller") == {user.member.email for user in users}

    def test_a_share_is_shown_once_then_the_server_no_longer_has_it(self):
        ballot, users = tellers_ballot()
        words = tellers.collect_share(ballot, users[0])
        assert len(words.split()) >= 20
        role = Teller.objects.get(ballot=ballot, user=users[0])
        assert role.share is None and role.collected_at is not None
        with pytest.raises(services.VotingError, match="already collected"):
            tellers.collect_share(ballot, users[0])

    def test_someone_who_is_not_a_teller_collects_nothing(self):
        ballot, _users = tellers_ballot()
        with pytest.raises(services.VotingError, match="not a teller"):
            tellers.collect_share(ballot, voting_member().user)

    def test_the_ballot_cannot_open_until_every_teller_has_collected(self):
        enrolled_voter()
        ballot, users = tellers_ballot()
        tellers.collect_share(ballot, users[0])
        with pytest.raises(services.VotingError, match=users[1].member.name):
            services.open_ballot(ballot)
        tellers.collect_share(ballot, users[1])
        tellers.collect_share(ballot, users[2])
        services.open_ballot(ballot)
        assert Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.OPEN

    def test_a_draft_tellers_ballot_must_be_scheduled_before_it_opens(self):
        ballot = make_ballot(title="Not yet scheduled")
        tellers.name_tellers(ballot, [voting_member().user for _ in range(3)], 2)
        with pytest.raises(services.VotingError, match="scheduled first"):
            services.open_ballot(ballot)

    def test_tellers_and_threshold_that_cannot_work_are_refused_at_scheduling(self):
        for count, needed, refusal in [(2, 2, "at least 3"), (3, 3, "fewer than"),
                                       (3, 1, "at least 2"), (3, None, "at least 3")]:
            ballot = make_ballot(title=f"{count} tellers, {needed} needed")
            tellers.name_tellers(ballot, [voting_member().user for _ in range(count)], needed)
            with pytest.raises(services.VotingError, match=refusal):
                services.schedule_ballot(ballot)
            assert not BallotKey.objects.filter(ballot=ballot).exists()


class CountingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voters = [enrolled_voter() for _ in range(4)]
        cls.ballot, cls.users = tellers_ballot()
        cls.shares = collect_all(cls.ballot, cls.users)
        services.open_ballot(cls.ballot)
        cls.codes = [
            services.cast(cls.ballot, user=voter.user, answers=answer(cls.ballot, [choice]))
            for voter, choice in zip(cls.voters[:3], ["Yes", "Yes", "No"], strict=True)
        ]
        with after_closing_time(cls.ballot):
            services.close_ballot(cls.ballot)

    def status(self):
        return Ballot.objects.get(pk=self.ballot.pk).status

    def test_at_its_closing_time_the_ballot_stops_taking_votes_and_waits_uncounted(self):
        assert self.status() == Ballot.Status.AWAITING_TELLERS
        assert not Mark.objects.filter(ballot=self.ballot).exists()
        assert CastBallot.objects.filter(ballot=self.ballot, sealed__isnull=False).count() == 3
        with pytest.raises(services.VotingError, match="not open"):
            services.cast(
                self.ballot, user=self.voters[3].user, answers=answer(self.ballot, ["Yes"])
            )

    def test_nothing_in_the_database_or_the_environment_opens_it_while_it_waits(self):
        key = BallotKey.objects.get(ballot=self.ballot)
        assert key.wrapped_private_key is None
        assert not Teller.objects.filter(ballot=self.ballot, share__isnull=False).exists()
        services.close_ballot(self.ballot)
        assert self.status() == Ballot.Status.AWAITING_TELLERS

    def test_the_tellers_are_asked_for_their_shares_and_receipts_still_verify(self):
        assert queued_to("enter your teller") == {user.member.email for user in self.users}
        assert all(services.verify_receipt(self.ballot, code=code) for code in self.codes)

    def test_one_share_is_not_enough_and_is_kept_only_wrapped(self):
        assert services.enter_share(self.ballot, user=self.users[0], words=self.shares[0]) is False
        assert self.status() == Ballot.Status.AWAITING_TELLERS
        stored = bytes(Teller.objects.get(ballot=self.ballot, user=self.users[0]).entered_share)
        assert self.shares[0].split()[0].encode() not in stored

    def test_the_share_that_completes_the_key_leaves_it_to_a_count_that_forgets_everything(self):
        services.enter_share(self.ballot, user=self.users[2], words=self.shares[2])
        assert services.enter_share(
            self.ballot, user=self.users[0], words=self.shares[0].upper()
        ) is True
        assert self.status() == Ballot.Status.COUNTING
        outcome = services.count_ballot(self.ballot)
        assert outcome.questions[0].counts == {"Yes": 2, "No": 1, "Abstain": 0}
        assert self.status() == Ballot.Status.CLOSED
        assert not BallotKey.objects.filter(ballot=self.ballot).exists()
        assert not CastBallot.objects.filter(ballot=self.ballot, sealed__isnull=False).exists()
        assert not Teller.objects.filter(ballot=self.ballot, entered_share__isnull=False).exists()
        assert all(services.verify_receipt(self.ballot, code=code) for code in self.codes)

    def test_misses_count_from_when_voting_ended_not_from_the_count(self):
        services.enter_share(self.ballot, user=self.users[0], words=self.shares[0])
        services.enter_share(self.ballot, user=self.users[1], words=self.shares[1])
        services.count_ballot(self.ballot)
        assert list(Miss.objects.filter(ballot=self.ballot).values_list(
            "enrolment__member", flat=True)) == [self.voters[3].pk]

    def test_the_results_page_says_the_count_waits_for_the_tellers(self):
        page = self.client.get(f"/vote/{self.ballot.pk}/results/").content.decode()
        assert "entered their shares" in page and "0 so far" in page

    def test_cancelling_a_ballot_that_waits_forgets_its_key_and_shares(self):
        services.enter_share(self.ballot, user=self.users[0], words=self.shares[0])
        services.cancel_ballot(self.ballot, reason="The tellers lost their shares.")
        assert not BallotKey.objects.filter(ballot=self.ballot).exists()
        assert not Teller.objects.filter(ballot=self.ballot, entered_share__isnull=False).exists()


class BadShareTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        enrolled_voter()
        cls.ballot, cls.users = tellers_ballot()
        cls.shares = collect_all(cls.ballot, cls.users)
        services.open_ballot(cls.ballot)
        with after_closing_time(cls.ballot):
            services.close_ballot(cls.ballot)

    def refused(self, user, words, message):
        with pytest.raises(services.VotingError, match=message):
            services.enter_share(self.ballot, user=user, words=words)
        assert Ballot.objects.get(pk=self.ballot.pk).status == Ballot.Status.AWAITING_TELLERS

    def test_a_mistyped_share_is_refused_and_nothing_is_kept(self):
        words = self.shares[0].split()
        words[4] = "academic" if words[4] != "academic" else "acid"
        self.refused(self.users[0], " ".join(words), "not a valid share")
        self.refused(self.users[0], "not even words", "not a valid share")
        assert not Teller.objects.filter(entered_share__isnull=False).exists()

    def test_a_share_of_another_ballot_is_recognised(self):
        other, other_users = tellers_ballot(title="Another ballot")
        other_share = tellers.collect_share(other, other_users[0])
        self.refused(self.users[0], other_share, "another ballot's key")

    def test_the_same_share_entered_twice_is_refused(self):
        services.enter_share(self.ballot, user=self.users[0], words=self.shares[0])
        self.refused(self.users[0], self.shares[0], "already entered your share")
        self.refused(self.users[1], self.shares[0], "already been entered by another teller")

    def test_only_a_teller_enters_a_share(self):
        self.refused(voting_member().user, self.shares[0], "not a teller")

    def test_shares_that_do_not_rebuild_the_key_count_nothing_and_are_forgotten(self):
        services.enter_share(self.ballot, user=self.users[0], words=self.shares[0])
        with mock.patch("voting.sealing.combine_shares", return_value=bytes(32)):
            self.refused(self.users[1], self.shares[1], "do not rebuild")
        assert not Teller.objects.filter(ballot=self.ballot, entered_at__isnull=False).exists()
        services.enter_share(self.ballot, user=self.users[0], words=self.shares[0])
        assert services.enter_share(self.ballot, user=self.users[1], words=self.shares[1]) is True


class TellerHousekeepingTests(TestCase):
    def test_tellers_are_reminded_once_a_day_until_they_collect(self):
        ballot, users = tellers_ballot()
        tellers.collect_share(ballot, users[0])
        today = timezone.localdate()
        assert tellers.remind(today) == 2
        assert tellers.remind(today) == 0
        assert tellers.remind(today + datetime.timedelta(days=1)) == 2

    def test_reminders_cost_the_same_queries_for_three_tellers_or_twelve(self):
        today = timezone.localdate()
        tellers_ballot(count=3, title="Few tellers")
        with CaptureQueriesContext(connection) as few:
            assert tellers.remind(today) == 3
        tellers_ballot(count=12, needed=7, title="Many tellers")
        with CaptureQueriesContext(connection) as many:
            assert tellers.remind(today) == 12
        assert len(many) == len(few)

    def test_housekeeping_closes_a_due_tellers_ballot_to_wait_not_to_fail(self):
        enrolled_voter()
        ballot, users = tellers_ballot()
        collect_all(ballot, users)
        services.open_ballot(ballot)
        ballot.refresh_from_db()
        later = ballot.closes_at + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            done = housekeeping.run()
        assert done["ballots_awaiting_tellers"] == 1 and not done["failed"]
        assert done["tellers_reminded"] == 3
        assert Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.AWAITING_TELLERS


class TellerPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        enrolled_voter()
        cls.ballot, cls.users = tellers_ballot()

    def test_a_teller_collects_their_share_from_their_own_admin_page(self):
        self.client.force_login(self.users[0])
        listing = self.client.get("/admin/voting/tellers/").content.decode()
        assert "Collect your share" in listing
        explained = self.client.get(f"/admin/voting/tellers/{self.ballot.pk}/collect/")
        assert "shown <strong>once</strong>" in explained.content.decode()
        shown = self.client.post(f"/admin/voting/tellers/{self.ballot.pk}/collect/")
        assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
        assert shown.content.decode().count("<code>") >= 20
        again = self.client.post(f"/admin/voting/tellers/{self.ballot.pk}/collect/")
        assert again.status_code == 302

    def test_the_listing_names_each_ballot_and_what_the_teller_does_next(self):
        self.client.force_login(self.users[0])
        tellers.collect_share(self.ballot, self.users[0])
        listing = self.client.get("/admin/voting/tellers/").content.decode()
        collected = Teller.objects.get(ballot=self.ballot, user=self.users[0]).collected_at
        assert cells_in(listing) == [
            self.ballot.title, self.ballot.get_status_display(),
            f"Collected {timezone.localtime(collected):%-d %B %Y, %H:%M}. "
            "Enter it when voting ends.",
        ]

    def test_the_menu_shows_the_tellers_page_only_to_tellers(self):
        self.client.force_login(self.users[0])
        assert "/admin/voting/tellers/" in self.client.get("/admin/").content.decode()
        self.client.force_login(voting_member().user)
        assert "/admin/voting/tellers/" not in self.client.get("/admin/").content.decode()

    def test_a_bad_share_on_the_form_is_a_message_not_an_error_page(self):
        shares = collect_all(self.ballot, self.users)
        services.open_ballot(self.ballot)
        with after_closing_time(self.ballot):
            services.close_ballot(self.ballot)
        self.client.force_login(self.users[0])
        url = f"/admin/voting/tellers/{self.ballot.pk}/enter/"
        response = self.client.post(url, {"words": "hello world"})
        assert response.status_code == 400 and "not a valid share" in response.content.decode()
        response = self.client.post(url, {"words": shares[0]})
        assert response.status_code == 302
        self.client.force_login(self.users[1])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"words": shares[1]})
        assert Ballot.objects.get(pk=self.ballot.pk).status == Ballot.Status.CLOSED


class ElectionTellersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voter = enrolled_voter()
        cls.director = UserFactory(username="returning-officer", is_superuser=True)
        today = timezone.localdate()
        cls.election = elections.open_election(
            user=cls.director, title="Board election with tellers", seats=1,
            nominations_close_at=timezone.now() + datetime.timedelta(days=7),
            term_starts=today, term_ends=today + datetime.timedelta(days=365),
        )
        cls.users = [voting_member().user for _ in range(3)]
        cls.election.tellers.set(cls.users)
        cls.election.tellers_needed = 2
        cls.election.save()
        candidate = voting_member()
        nomination = elections.nominate(election=cls.election, user=candidate.user,
                                        nominee=candidate)
        elections.accept(nomination=nomination, user=candidate.user, statement="Vote for me.")
        Election.objects.filter(pk=cls.election.pk).update(nominations_close_at=timezone.now())

    def test_an_election_with_tellers_opens_once_they_hold_their_shares_for_its_full_time(self):
        ballot = elections.start_vote(self.election, user=self.director)
        assert ballot.status == Ballot.Status.SCHEDULED
        assert queued_to("Collect your teller") == {user.member.email for user in self.users}
        collect_all(ballot, self.users)
        two_days_later = timezone.now() + datetime.timedelta(days=2)
        with mock.patch("django.utils.timezone.now", return_value=two_days_later):
            assert housekeeping.run()["ballots_opened"] == 1
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.OPEN
        assert ballot.closes_at - ballot.opened_at >= datetime.timedelta(days=14)

    def test_the_election_form_refuses_tellers_that_cannot_count(self):
        self.client.force_login(self.director)
        response = self.client.post(reverse("voting_elections:add"), {
            "title": "Two tellers only", "seats": 1, "voting_days": 14,
            "nominations_close_at": "2027-01-15 12:00", "term_starts": "2027-02-01",
            "term_ends": "2029-01-31", "tellers": [user.pk for user in self.users[:2]],
            "tellers_needed": 2,
        })
        assert response.status_code == 200 and "at least 3 tellers" in response.content.decode()
        assert not Election.objects.filter(title="Two tellers only").exists()


class TellerPickerTests(TestCase):
    def test_the_board_picks_tellers_by_member_name_never_by_login(self):
        teller = voting_member()
        teller.user.username = "login-nobody-should-see"
        teller.user.save(update_fields=["username"])
        director = UserFactory(username="returning-officer", is_superuser=True)
        ballot = make_ballot(title="Pick tellers")
        self.client.force_login(director)
        for url in (reverse("voting_ballots:edit", args=[ballot.pk]),
                    reverse("voting_elections:add")):
            page = self.client.get(url).content.decode()
            assert teller.name in page and "login-nobody-should-see" not in page
