"""Reads about voting that views, services and other apps share."""

import datetime
from dataclasses import dataclass
from types import EllipsisType
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.roles import is_board_officer
from membership.anniversaries import latest_start_for
from membership.models import (
    CategoryCode,
    CategoryGrant,
    CategoryGrantQuerySet,
    Member,
    SponsorDelegate,
    SponsorOrganisation,
)
from membership.selectors import dated_rows, delegated_organisations, is_voting_eligible
from voting.models import (
    Ballot,
    BallotQuerySet,
    Electorate,
    Enrolment,
    FellowshipNomination,
    Participation,
    Question,
    RollEntry,
    Teller,
    Threshold,
    VotingPeriod,
    VotingRules,
    subject_in,
)

UNPUBLISHED = (Ballot.Status.DRAFT, Ballot.Status.SCHEDULED)
TELLERS_AT_WORK = (
    Ballot.Status.DRAFT, Ballot.Status.SCHEDULED, Ballot.Status.OPEN,
    Ballot.Status.AWAITING_TELLERS,
)


def current_period(on: datetime.date | None = None) -> VotingPeriod | None:
    """The voting period covering a day (default today), or None."""
    return VotingPeriod.objects.covering(on or timezone.localdate()).first()


def voting_rules() -> VotingRules:
    """The foundation's voting rules (the one VotingRules row, made with defaults if missing)."""
    return VotingRules.load()


def _grants_held(day: datetime.date, member_ref: OuterRef) -> CategoryGrantQuerySet:
    return CategoryGrant.objects.active_on(day).filter(member=member_ref)


def _individual_still_eligible(day: datetime.date) -> Combinable:
    return Q(delegate_for__isnull=True) & Exists(_grants_held(day, OuterRef("member")).voting())


def _delegate_still_eligible(day: datetime.date) -> Q:
    delegation = SponsorDelegate.objects.in_term(day).filter(
        member=OuterRef("member"), organisation=OuterRef("delegate_for")
    )
    return Q(Exists(delegation))


def _fellow_or_long_time_managing(day: datetime.date, rules: VotingRules) -> Q | Exists:
    fellows = _grants_held(day, OuterRef("member")).filter(category__code=CategoryCode.FELLOW)
    fellow = Exists(fellows)
    if not rules.include_long_time_managing_members:
        return fellow
    # new-membership-model.md, "Fellows": the Board may extend Fellowship votes to
    # longtime Managing Members. Long-time: holds Managing today and first held it
    # at least `long_time_managing_years` ago.
    since = latest_start_for(day, rules.long_time_managing_years)
    managing = _grants_held(day, OuterRef("member")).filter(category__code=CategoryCode.MANAGING)
    managing_since = CategoryGrant.objects.filter(
        member=OuterRef("member"), category__code=CategoryCode.MANAGING, starts__lte=since
    )
    return fellow | (Exists(managing) & Exists(managing_since))


def roll_enrolments(
    *,
    electorate: str,
    period: VotingPeriod,
    on: datetime.date | None = None,
    rules: VotingRules | None = None,
) -> QuerySet[Enrolment]:
    """Enrolments in a period whose voters are still eligible for an electorate on a day."""
    day = on or timezone.localdate()
    rules = rules or voting_rules()
    enrolments = Enrolment.objects.filter(period=period, rights_ended_at__isnull=True)
    if electorate == Electorate.FELLOWS:
        return enrolments.filter(
            Q(delegate_for__isnull=True), _fellow_or_long_time_managing(day, rules)
        )
    return enrolments.filter(_individual_still_eligible(day) | _delegate_still_eligible(day))


def enrolment_roles(
    member: Member, *, on: datetime.date | None = None
) -> list[SponsorOrganisation | None]:
    """The roles a member may enrol in on a day: None for themselves, then each organisation."""
    roles = [None] if is_voting_eligible(member, on=on) else []
    return roles + list(delegated_organisations(member, on=on))


def enrolment_ids(
    member: Member, *, delegate_for: SponsorOrganisation | None | EllipsisType = ...
) -> list[int]:
    """The ids of a member's enrolments (in one role, if `delegate_for` is given).

    Roll lookups filter on these ids rather than join to the enrolments: a roll of
    100,000 rows written a moment ago has no statistics yet, and with the join
    PostgreSQL walked the whole roll (200 ms a cast); by id it uses the
    (ballot, enrolment) key.
    """
    enrolments = Enrolment.objects.filter(member=member)
    if delegate_for is not ...:
        enrolments = enrolments.filter(delegate_for=delegate_for)
    return list(enrolments.values_list("pk", flat=True))


def roll_entries_for(member: Member, *, ballots: QuerySet[Ballot]) -> QuerySet[RollEntry]:
    """The member's roll entries on some ballots, with role and whether they voted."""
    return (
        RollEntry.objects.filter(enrolment_id__in=enrolment_ids(member), ballot__in=ballots)
        .select_related("enrolment__delegate_for", "ballot")
        .annotate(voted=Exists(Participation.objects.filter(roll_entry=OuterRef("pk"))))
    )


def roll_members(ballot: Ballot) -> QuerySet[Member]:
    """The members on a ballot's roll, each once however many roles they vote in."""
    return (
        Member.objects.filter(enrolments__roll_entries__ballot=ballot)
        .distinct()
        .select_related("user")
    )


def _count_of(queryset: QuerySet[Any]) -> Coalesce:
    counted = queryset.order_by().values("ballot").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def with_turnout(ballots: QuerySet[Ballot]) -> QuerySet[Ballot]:
    """Ballots annotated with roll size and how many have voted; never what they voted."""
    # Two subqueries rather than two joins: joining both would multiply the rows.
    return ballots.annotate(
        roll_size=_count_of(RollEntry.objects.filter(ballot=OuterRef("pk"))),
        voted_count=_count_of(Participation.objects.filter(ballot=OuterRef("pk"))),
    )


def ballot_with_questions(pk: int) -> Ballot:
    """One ballot with its questions and options loaded."""
    return Ballot.objects.prefetch_related("questions__options").get(pk=pk)


def members_invited_to_enrol(day: datetime.date) -> QuerySet[Member]:
    """Members asked to enrol on a day: the voting-eligible and the Sponsor Delegates."""
    delegation = SponsorDelegate.objects.in_term(day).filter(member=OuterRef("pk"))
    eligible = CategoryGrant.objects.active_on(day).voting().filter(member=OuterRef("pk"))
    return Member.objects.filter(Exists(eligible) | Exists(delegation)).select_related("user")


def percent(part: int, *, whole: int) -> int:
    """`part` as a whole percentage of `whole`, halves rounded up; 0 of nothing is 0%."""
    if not whole:
        return 0
    return (200 * part + whole) // (2 * whole)


@dataclass(frozen=True)
class QuestionOutcome:
    """The stored result of one question, as other apps read it."""

    question_id: int
    text: str
    kind: str
    binding: bool
    threshold: str
    took_part: int
    threshold_met: bool
    counts: dict  # option label -> count, most marked first
    chosen: tuple  # labels of the chosen options (approval and one-of-several)

    @property
    def threshold_label(self) -> str:
        return Threshold(self.threshold).label

    @property
    def is_approval(self) -> bool:
        return self.kind == Question.Kind.APPROVAL

    @property
    def shares(self) -> tuple[tuple[str, int, int, bool], ...]:
        """(label, count, percent of those who took part, chosen) per option, most marked first."""
        return tuple(
            (label, count, percent(count, whole=self.took_part), label in self.chosen)
            for label, count in self.counts.items()
        )


@dataclass(frozen=True)
class BallotOutcome:
    """A closed ballot's result: `passed` when every binding question met its threshold."""

    ballot_id: int
    passed: bool
    questions: tuple

    def for_question(self, question_id: int) -> QuestionOutcome:
        return next(q for q in self.questions if q.question_id == question_id)


def ballot_outcome(ballot: Ballot) -> BallotOutcome | None:
    """The stored outcome of a closed ballot (None while it is not closed)."""
    if ballot.status != Ballot.Status.CLOSED:
        return None
    questions = ballot.questions.select_related("result").prefetch_related("tally__option")
    outcomes = tuple(
        QuestionOutcome(
            question_id=question.pk,
            text=question.text,
            kind=question.kind,
            binding=question.binding,
            threshold=question.threshold,
            took_part=question.result.took_part,
            threshold_met=question.result.threshold_met,
            counts={tally.option.label: tally.count for tally in question.tally.all()},
            chosen=tuple(tally.option.label for tally in question.tally.all() if tally.chosen),
        )
        for question in questions
    )
    passed = all(outcome.threshold_met for outcome in outcomes if outcome.binding)
    return BallotOutcome(ballot_id=ballot.pk, passed=passed, questions=outcomes)


# Who may see a ballot -------------------------------------------------------------


def can_manage_ballots(user: User | AnonymousUser | None) -> bool:
    """Whether a user may create, open and close ballots; None is the system itself."""
    if user is None:
        return True
    return is_board_officer(user)


def _member_of(user: User | AnonymousUser | None) -> Member | None:
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "member", None)


def _nominated_in(member: Member | None) -> QuerySet[FellowshipNomination, Any]:
    """The ballots that ask about a member's Fellowship nomination."""
    return FellowshipNomination.objects.filter(
        nominee=member, question__isnull=False
    ).values("question__ballot")


def fellowship_ballot_condition() -> Q:
    """A Q for ballots that are Fellows' votes: nominations were gathered into their questions."""
    return Q(Exists(FellowshipNomination.objects.filter(question__ballot=OuterRef("pk"))))


def _confidential() -> Q:
    # Fellowship votes: "Nominees would not be notified" and there is no discussion
    # (new-membership-model.md, "Fellowship Nomination and Voting Procedure"). An
    # undecided sponsor application is the organisation's and its voters' business.
    undecided = SponsorOrganisation.objects.filter(status=SponsorOrganisation.Status.APPLIED)
    return fellowship_ballot_condition() | subject_in(SponsorOrganisation, undecided.values("pk"))


def visible_ballots(
    user: User | AnonymousUser | None, *, ballots: QuerySet[Ballot] | None = None
) -> QuerySet[Ballot]:
    """The ballots a user may see on the voting pages and in the calendar.

    Managers see every ballot; others see published ballots, and a confidential
    one (a Fellowship vote, an undecided sponsor application) only from its roll.
    Nobody, a manager included, sees the ballot that asks about them as a nominee.
    """
    ballots = Ballot.objects.all() if ballots is None else ballots
    member = _member_of(user)
    if member is not None:
        ballots = ballots.exclude(pk__in=_nominated_in(member))
    if user is not None and can_manage_ballots(user):
        return ballots
    on_roll = Q(pk__in=[])
    if member is not None:
        on_roll = Q(pk__in=RollEntry.objects.filter(enrolment__member=member).values("ballot"))
    return ballots.exclude(status__in=UNPUBLISHED).filter(~_confidential() | on_roll)


def ballot_visible_to(ballot: Ballot, *, user: User | AnonymousUser | None) -> bool:
    """Whether a user may see one ballot (see `visible_ballots`)."""
    return visible_ballots(user, ballots=Ballot.objects.filter(pk=ballot.pk)).exists()


def calendar_ballots(user: User | AnonymousUser | None) -> BallotQuerySet:
    """The ballots the calendar lists, each annotated `shown` when the user may see it.

    A published Fellowship vote is listed by its dates for everyone, named by no one.
    """
    visible = visible_ballots(user)
    published_fellowship_votes = fellowship_ballot_condition() & ~Q(status__in=UNPUBLISHED)
    return (
        Ballot.objects.filter(Q(pk__in=visible.values("pk")) | published_fellowship_votes)
        .annotate(
            shown=Exists(visible.filter(pk=OuterRef("pk"))),
            is_fellowship_vote=Exists(
                FellowshipNomination.objects.filter(question__ballot=OuterRef("pk"))
            ),
        )
        .order_by("opens_at")
    )


def without_nominees(enrolments: QuerySet[Enrolment], *, ballot: Ballot) -> QuerySet[Enrolment]:
    """Enrolments less the members a ballot asks about as Fellowship nominees.

    A nominee is never shown the vote about them, so a place on its roll would only
    count a miss they could not avoid.
    """
    nominees = FellowshipNomination.objects.filter(question__ballot=ballot).values("nominee")
    return enrolments.exclude(member__in=nominees)


def teller_roles(user: User) -> QuerySet[Teller]:
    """A person's teller roles on ballots not yet finished, soonest first, with their ballots."""
    return (
        Teller.objects.filter(user=user, ballot__status__in=TELLERS_AT_WORK)
        .select_related("ballot")
        .order_by("ballot__closes_at")
    )


def is_teller(user: User | AnonymousUser) -> bool:
    """Whether a person is a teller of a ballot not yet finished (the admin menu asks)."""
    return user.is_authenticated and teller_roles(user).exists()


@dataclass(frozen=True)
class LateEnrolment:
    """What a member misses by enrolling now: rolls are fixed when a ballot opens."""

    open_ballots: list  # open ballots the member may see and is on no roll of
    next_ballot: Ballot | None  # the earliest scheduled ballot, annotated `shown`


def late_enrolment(user: User | AnonymousUser) -> LateEnrolment:
    """The open ballots a member is not on, and the next scheduled ballot, in one query.

    A scheduled ballot is seen only by those who manage ballots, so for others it gives
    its opening date alone; a ballot about the member as a nominee is never counted.
    One query (after `visible_ballots`' own) keeps the voting dashboard's budget.
    """
    member = _member_of(user)
    visible = visible_ballots(user)
    on_roll = RollEntry.objects.filter(enrolment__member=member, ballot=OuterRef("pk"))
    missed = Ballot.objects.open().filter(pk__in=visible.values("pk")).exclude(Exists(on_roll))
    next_scheduled = (
        Ballot.objects.filter(status=Ballot.Status.SCHEDULED)
        .exclude(pk__in=_nominated_in(member))
        .order_by("opens_at", "pk")
        .values("pk")[:1]
    )
    ballots = list(
        Ballot.objects.filter(Q(pk__in=missed.values("pk")) | Q(pk=Subquery(next_scheduled)))
        .annotate(shown=Exists(visible.filter(pk=OuterRef("pk"))))
        .order_by("closes_at", "pk")
    )
    return LateEnrolment(
        open_ballots=[ballot for ballot in ballots if ballot.status == Ballot.Status.OPEN],
        next_ballot=next(
            (ballot for ballot in ballots if ballot.status == Ballot.Status.SCHEDULED), None
        ),
    )


def voting_record(member: Member) -> dict:
    """What voting holds about one member, for them to download: their enrolments and which
    ballots they voted in, never what they voted (that is not stored with them)."""
    return {
        "enrolments": dated_rows(
            Enrolment.objects.filter(member=member).order_by("period__year"),
            fields=("period__year", "delegate_for__name", "enrolled_at", "rights_ended_at"),
        ),
        "voted_in": list(
            Participation.objects.filter(roll_entry__enrolment__member=member)
            .order_by("ballot__opens_at").values_list("ballot__title", flat=True)
        ),
    }
