"""Enrolment each period and "use it or lose it" (new-membership-model.md, "Voting privileges")."""

import datetime

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from membership.models import CategoryCode
from tests.membership.factories import MemberFactory, voting_member
from tests.voting.factories import (
    SponsorOrganisationFactory,
    VotingPeriodFactory,
    answer,
    close_when_due,
    enrolled_delegate,
    enrolled_voter,
    open_ballot,
    yes_no,
)
from voting import services
from voting.models import Enrolment, Miss, VotingRules
from voting.notifications import RIGHTS_ENDED_SUBJECT
from voting.selectors import roll_enrolments


class EnrolmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.period = VotingPeriodFactory()

    def test_eligible_member_enrols_once_however_often_they_affirm(self):
        member = voting_member()
        first = services.enrol(member=member)
        assert services.enrol(member=member) == first
        assert Enrolment.objects.filter(member=member).count() == 1

    def test_basic_member_cannot_enrol(self):
        with pytest.raises(services.VotingError, match="not voting-eligible"):
            services.enrol(member=MemberFactory())

    def test_delegate_enrols_separately_for_their_organisation(self):
        member = voting_member()
        organisation = SponsorOrganisationFactory()
        member.delegations.create(organisation=organisation, starts=timezone.localdate())
        services.enrol(member=member)
        services.enrol(member=member, delegate_for=organisation)
        assert Enrolment.objects.filter(member=member).count() == 2

    def test_non_delegate_cannot_enrol_for_an_organisation(self):
        with pytest.raises(services.VotingError, match="not a Sponsor Delegate"):
            services.enrol(member=voting_member(), delegate_for=SponsorOrganisationFactory())

    def test_no_enrolment_outside_a_period(self):
        with pytest.raises(services.VotingError, match="current voting period"):
            services.enrol(member=voting_member(), on=self.period.closes_on
                           + datetime.timedelta(days=1))

    def test_invitations_go_to_every_eligible_member_and_delegate_once(self):
        supporter = voting_member()
        delegate = MemberFactory()
        delegate.delegations.create(
            organisation=SponsorOrganisationFactory(), starts=timezone.localdate()
        )
        MemberFactory()  # Basic: not invited.
        with self.captureOnCommitCallbacks(execute=True):
            sent = services.send_period_invitations(self.period)
        assert sent == 2
        assert {m.to[0] for m in mail.outbox} == {supporter.email, delegate.email}
        assert services.send_period_invitations(self.period) == 0

    def test_member_no_longer_eligible_is_left_off_the_roll(self):
        member = enrolled_voter()
        member.grants.update(ends=timezone.localdate() - datetime.timedelta(days=1))
        assert not roll_enrolments(electorate="voting_members", period=self.period).filter(
            member=member
        ).exists()

    def test_long_time_managing_members_join_fellowship_votes_when_the_board_says(self):
        member = voting_member(CategoryCode.MANAGING)
        member.grants.update(starts=timezone.localdate() - datetime.timedelta(days=6 * 365))
        services.enrol(member=member)
        newcomer = enrolled_voter(CategoryCode.MANAGING)
        fellows_roll = roll_enrolments(electorate="fellows", period=self.period)
        assert not fellows_roll.filter(member=member).exists()
        rules = VotingRules.load()
        rules.include_long_time_managing_members = True
        rules.save()
        fellows_roll = roll_enrolments(electorate="fellows", period=self.period)
        assert fellows_roll.filter(member=member).exists()
        assert not fellows_roll.filter(member=newcomer).exists()


class UseItOrLoseItTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voter = enrolled_voter()
        cls.organisation = enrolled_delegate(cls.voter)
        cls.absentee = enrolled_voter()

    def close_after(self, *voters, **question):
        ballot = open_ballot(yes_no(**question))
        for member in voters:
            services.cast(ballot, user=member.user, answers=answer(ballot, ["Yes"]))
        with self.captureOnCommitCallbacks(execute=True):
            close_when_due(ballot)
        return ballot

    def test_enrolled_voter_who_did_not_vote_gets_a_miss_in_each_role(self):
        ballot = self.close_after(self.absentee)
        assert set(Miss.objects.filter(ballot=ballot).values_list(
            "enrolment__member", "enrolment__delegate_for")) == {
            (self.voter.pk, None), (self.voter.pk, self.organisation.pk)}

    def test_missing_a_non_binding_poll_is_not_a_miss(self):
        self.close_after(binding=False)
        assert not Miss.objects.exists()

    def test_second_miss_in_period_ends_voting_rights(self):
        self.close_after(self.voter)
        assert not Enrolment.objects.filter(rights_ended_at__isnull=False).exists()
        self.close_after(self.voter)
        ended = Enrolment.objects.filter(rights_ended_at__isnull=False)
        # The voter voted as themselves but never as their organisation's delegate.
        assert set(ended.values_list("member", "delegate_for")) == {
            (self.absentee.pk, None), (self.voter.pk, self.organisation.pk)}
        assert "Missed 2 binding votes" in ended.first().rights_ended_reason
        rights_ended = [m for m in mail.outbox if m.subject == RIGHTS_ENDED_SUBJECT]
        assert sorted(m.to[0] for m in rights_ended) == sorted(
            [self.absentee.email, self.voter.email])
        assert any("as a delegate of" in m.body for m in rights_ended)
        later = open_ballot(yes_no())
        assert not later.roll.filter(enrolment__in=ended).exists()

    def test_missed_votes_limit_is_a_setting(self):
        rules = VotingRules.load()
        rules.missed_votes_limit = 1
        rules.save()
        self.close_after(self.voter)
        ended = Enrolment.objects.filter(rights_ended_at__isnull=False, delegate_for=None)
        assert [enrolment.member for enrolment in ended] == [self.absentee]

