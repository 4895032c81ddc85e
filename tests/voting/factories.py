"""Factories for voting periods, enrolments and ballots."""

import datetime
from unittest import mock

import factory
from django.utils import timezone

from membership.models import CategoryCode, SponsorDelegate, SponsorLevel
from tests.membership import factories as membership_factories
from tests.membership.factories import MemberFactory, voting_member
from voting import services
from voting.models import Electorate, Enrolment, Question, VotingPeriod


class VotingPeriodFactory(factory.django.DjangoModelFactory):
    """This year's period, covering today."""

    class Meta:
        model = VotingPeriod
        django_get_or_create = ("year",)

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=300))


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    period = factory.SubFactory(VotingPeriodFactory)
    member = factory.SubFactory(MemberFactory)
    enrolled_at = factory.LazyFunction(timezone.now)


class SponsorOrganisationFactory(membership_factories.SponsorOrganisationFactory):
    """An admitted Sponsor Member in its term."""

    name = factory.Sequence(lambda n: f"Sponsor {n}")
    level = factory.LazyFunction(lambda: SponsorLevel.objects.order_by("yearly_fee").first())


def enrolled_voter(code=CategoryCode.SUPPORTING, period=None):
    """A voting-eligible member enrolled as an individual in the current period."""
    member = voting_member(code)
    EnrolmentFactory(member=member, period=period or VotingPeriodFactory())
    return member


def enrolled_delegate(member, organisation=None, period=None):
    """Make a member a delegate of an organisation and enrol them in that role."""
    organisation = organisation or SponsorOrganisationFactory()
    SponsorDelegate.objects.create(
        organisation=organisation, member=member, starts=timezone.localdate()
    )
    period = period or VotingPeriodFactory()
    EnrolmentFactory(member=member, delegate_for=organisation, period=period)
    return organisation


def yes_no(text="Adopt the proposal?", **fields):
    return {"text": text, "kind": Question.Kind.YES_NO_ABSTAIN, **fields}


def approval(seats, options, text="Elect the Board", **fields):
    return {"text": text, "kind": Question.Kind.APPROVAL, "seats": seats, "options": options,
            **fields}


def single_choice(options, text="Which colour?", **fields):
    return {"text": text, "kind": Question.Kind.SINGLE_CHOICE, "options": options, **fields}


def make_ballot(*questions, electorate=Electorate.VOTING_MEMBERS, subject=None, title="A ballot"):
    """A draft ballot from an hour ago until an hour past the minimum voting period from now."""
    now = timezone.now()
    return services.create_ballot(
        title=title,
        electorate=electorate,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=7, hours=1),
        questions=questions or [yes_no()],
        subject=subject,
    )


def open_ballot(*questions, **kwargs):
    """An open ballot whose roll is the enrolled voters of today."""
    ballot = make_ballot(*questions, **kwargs)
    services.open_ballot(ballot)
    return ballot


def answer(ballot, *choices):
    """Answers for `cast`: one list of option labels per question, in question order."""
    answers = {}
    for question, labels in zip(ballot.questions.all(), choices, strict=True):
        answers[question.pk] = [question.options.get(label=label).pk for label in labels]
    return answers


def close_when_due(ballot, user=None):
    """Close a ballot as housekeeping does, just after its announced closing time.

    Only a ballot that ran its full announced time counts misses (docs/architecture.md section 4).
    """
    ballot.refresh_from_db()
    later = ballot.closes_at + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        return services.close_ballot(ballot, user=user)
