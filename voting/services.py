"""Every change to voting: periods, enrolment, ballots, casting, closing and tallying.

`cast` writes who voted (`Participation`) and what was voted (`CastBallot`) in one
transaction, and what was voted only sealed; the close opens it and writes the
`Mark`s it counts (project issue 18). Nothing about the answers is ever logged.
"""

import datetime
import logging
import secrets
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone
from wagtail.log_actions import log

from core.errors import Refusal, refusal_messages
from membership.models import Member, SponsorOrganisation
from voting import notifications, outcomes, receipts, sealing, tellers
from voting.errors import VotingError
from voting.models import (
    Ballot,
    BallotKey,
    BoardNomination,
    CastBallot,
    Electorate,
    Enrolment,
    FellowshipNomination,
    Mark,
    Miss,
    Option,
    OutcomeStatus,
    Participation,
    Question,
    QuestionResult,
    RollEntry,
    TallyResult,
    Threshold,
    VotingPeriod,
    threshold_met,
)
from voting.selectors import (
    BallotOutcome,
    ballot_outcome,
    can_manage_ballots,
    current_period,
    enrolment_ids,
    enrolment_roles,
    members_invited_to_enrol,
    roll_enrolments,
    roll_members,
    voting_rules,
    without_nominees,
)

NOT_ALLOWED_TO_MANAGE = "Only Directors and Officers may create, open or close ballots."
BALLOT_NOT_OPEN = "This ballot is not open for voting."
NOT_ON_ROLL = "You are not on this ballot's roll in that role, so you cannot vote on it."
ALREADY_VOTED = "A ballot has already been cast in that role. Each voter votes once per role."
FORGED_QUESTION = "The ballot was changed: it answers a question that is not on this ballot."
FORGED_OPTION = "The ballot was changed: it marks an option that does not belong to its question."
MALFORMED_ANSWERS = "The ballot was changed: its answers are not in the expected form."
DUPLICATE_MARK = "An option can be marked only once."
TOO_MANY_MARKS = "“{question}” allows at most {seats} mark(s); this ballot has {marks}."
CANNOT_CHANGE = "Only a draft or scheduled ballot can be changed; this one is {status}."
CANNOT_OPEN = "Only a draft or scheduled ballot can be opened; this one is {status}."
CANNOT_CLOSE = "Only an open ballot can be closed; this one is {status}."
CLOSES_IN_PAST = "The ballot's closing time has passed; set a later one first."
CLOSES_TOO_SOON = (
    "A ballot must stay open at least {days} days (the voting rules' minimum voting period); "
    "set its closing time to {earliest:%d %B %Y, %H:%M %Z} or later."
)
NO_MISSES_POLL = "Only non-binding questions: missing a poll never counts."
NO_MISSES_NOT_ANNOUNCED = "Its roll was not told when it opened, so no misses were counted."
NO_MISSES_CLOSED_EARLY = (
    "Closed before its announced closing time ({closes_at:%d %B %Y, %H:%M %Z}), so no misses "
    "were counted."
)
NO_MISSES_TOO_SHORT = "Open less than the minimum of {days} days, so no misses were counted."
NO_MISSES_CANCELLED = "Cancelled, so no misses were counted."
NO_QUESTIONS = "A ballot needs at least one question."
TOO_FEW_OPTIONS = "“{question}” needs at least {minimum} options."
OWN_OPTIONS_ON_YES_NO = "“{question}” is a yes/no/abstain question; it takes no options of its own."
NO_CURRENT_PERIOD = "There is no voting period today, so nobody is enrolled to vote."
PERIOD_NOT_CURRENT = "Enrolment is open only during the current voting period."
NOT_ELIGIBLE_TO_ENROL = "You are not voting-eligible today, so you cannot enrol to vote."
NOT_A_DELEGATE = "You are not a Sponsor Delegate of that organisation today."
CANNOT_CANCEL = "Only a ballot that has not closed can be cancelled; this one is {status}."
CANCEL_REASON_REQUIRED = "Give the reason for cancelling the ballot: its voters are told it."
OUTCOME_FAILED = "The outcome could not be applied: {error}. The details are in the server log."
NO_SUBJECT = "The ballot decides nothing that the site carries out."
NO_HANDLER = "The site does not carry out the outcome of a ballot about a {subject}."
CANCELLABLE = (
    Ballot.Status.DRAFT, Ballot.Status.SCHEDULED, Ballot.Status.OPEN,
    Ballot.Status.AWAITING_TELLERS,
)
COUNTABLE = (Ballot.Status.OPEN, Ballot.Status.AWAITING_TELLERS, Ballot.Status.COUNTING)

logger = logging.getLogger("foundation")

YES_NO_ABSTAIN = [
    ("Yes", Option.CODE_YES),
    ("No", Option.CODE_NO),
    ("Abstain", Option.CODE_ABSTAIN),
]


def require_manager(user: User | None) -> None:
    if not can_manage_ballots(user):
        raise PermissionDenied(NOT_ALLOWED_TO_MANAGE)


def _lock(ballot: Ballot) -> Ballot:
    return Ballot.objects.select_for_update().get(pk=ballot.pk)


def hash_receipt(code: str) -> str:
    """The SHA-256 of a receipt code's canonical form, as stored and published."""
    return receipts.receipt_hash(code)


# Periods and enrolment ------------------------------------------------------------


@transaction.atomic
def create_period(
    *, year: int, opens_on: datetime.date, closes_on: datetime.date, user: User | None = None
) -> VotingPeriod:
    """Create a voting period."""
    require_manager(user)
    period = VotingPeriod(year=year, opens_on=opens_on, closes_on=closes_on)
    period.full_clean()
    period.save()
    log(period, "wagtail.create", user=user)
    return period


@transaction.atomic
def send_period_invitations(period: VotingPeriod, *, on: datetime.date | None = None) -> int:
    """E-mail every voting-eligible member and delegate once, asking them to enrol."""
    period = VotingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.invitations_sent_at is not None:
        return 0
    members = list(members_invited_to_enrol(on or timezone.localdate()))
    notifications.enrolment_invitation(period, members, voting_rules().missed_votes_limit)
    period.invitations_sent_at = timezone.now()
    period.save(update_fields=["invitations_sent_at"])
    return len(members)


def enrol(
    *,
    member: Member,
    delegate_for: SponsorOrganisation | None = None,
    on: datetime.date | None = None,
) -> Enrolment:
    """Record a member's yes to voting this period, as themselves or as a delegate."""
    on = on or timezone.localdate()
    period = current_period(on)
    if period is None:
        raise VotingError(PERIOD_NOT_CURRENT)
    roles = enrolment_roles(member, on=on)
    if delegate_for is None and None not in roles:
        raise VotingError(NOT_ELIGIBLE_TO_ENROL)
    if delegate_for is not None and delegate_for not in roles:
        raise VotingError(NOT_A_DELEGATE)
    enrolment = Enrolment(
        period=period, member=member, delegate_for=delegate_for, enrolled_at=timezone.now()
    )
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        # Affirming twice is harmless: the existing enrolment stands.
        return Enrolment.objects.get(period=period, member=member, delegate_for=delegate_for)
    return enrolment


# Creating ballots -----------------------------------------------------------------


@transaction.atomic
def create_ballot(
    *,
    title: str,
    electorate: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    questions: Iterable[dict[str, Any]] = (),
    description: str = "",
    subject: Model | None = None,
    user: User | None = None,
) -> Ballot:
    """Create a draft ballot with its questions; `subject` is what it decides, if anything.

    Each question is a dict of `add_question`'s keyword arguments.
    """
    require_manager(user)
    ballot = Ballot(
        title=title, description=description, electorate=electorate,
        opens_at=opens_at, closes_at=closes_at, created_by=user, subject=subject,
    )
    ballot.full_clean(exclude=["subject_type", "subject_id"])
    ballot.save()
    for question in questions:
        add_question(ballot, user=user, **question)
    log(ballot, "wagtail.create", user=user)
    return ballot


@transaction.atomic
def add_question(
    ballot: Ballot,
    *,
    text: str,
    kind: str = Question.Kind.YES_NO_ABSTAIN,
    options: Iterable[str] = (),
    seats: int = 1,
    binding: bool = True,
    threshold: str | None = None,
    user: User | None = None,
) -> Question:
    """Add a question with its options; yes/no/abstain questions get their three options."""
    require_manager(user)
    ballot = _lock(ballot)
    if ballot.status not in (Ballot.Status.DRAFT, Ballot.Status.SCHEDULED):
        raise VotingError(CANNOT_CHANGE.format(status=ballot.get_status_display().lower()))
    if threshold is None:
        fellows = ballot.electorate == Electorate.FELLOWS
        threshold = Threshold.FELLOWSHIP if fellows else Threshold.MAJORITY
    question = Question(
        ballot=ballot, text=text, kind=kind, seats=seats, binding=binding, threshold=threshold,
        sort_order=ballot.questions.count(),
    )
    question.full_clean(exclude=["ballot"])
    question.save()
    Option.objects.bulk_create(
        Option(question=question, label=label, sort_order=position)
        for position, label in enumerate(options)
    )
    _check_question(question)
    return question


def _check_question(question: Question) -> None:
    own_options = question.options.filter(code="")
    if question.kind == Question.Kind.YES_NO_ABSTAIN:
        if own_options.exists():
            raise VotingError(OWN_OPTIONS_ON_YES_NO.format(question=question))
        if not question.options.exists():
            Option.objects.bulk_create(
                Option(question=question, label=label, code=code, sort_order=position)
                for position, (label, code) in enumerate(YES_NO_ABSTAIN)
            )
        return
    minimum = 1 if question.kind == Question.Kind.APPROVAL else 2
    if own_options.count() < minimum:
        raise VotingError(TOO_FEW_OPTIONS.format(question=question, minimum=minimum))


def _check_ready(
    ballot: Ballot, now: datetime.datetime, *, starts: datetime.datetime | None = None
) -> None:
    """Refuse a ballot that cannot open at `starts` (default now) as it stands."""
    if ballot.closes_at <= now:
        raise VotingError(CLOSES_IN_PAST)
    _check_long_enough(ballot, starts or now)
    questions = list(ballot.questions.all())
    if not questions:
        raise VotingError(NO_QUESTIONS)
    for question in questions:
        _check_question(question)


def _check_long_enough(ballot: Ballot, starts: datetime.datetime) -> None:
    # A ballot shorter than the minimum could cost voters their rights before they saw it
    # ("use it or lose it", new-membership-model.md, "Voting privileges").
    days = voting_rules().minimum_voting_days
    earliest = starts + datetime.timedelta(days=days)
    if ballot.closes_at < earliest:
        raise VotingError(CLOSES_TOO_SOON.format(days=days, earliest=earliest))


@transaction.atomic
def schedule_ballot(ballot: Ballot, *, user: User | None = None) -> Ballot:
    """Mark a draft ballot ready; housekeeping opens it when its opening time comes."""
    require_manager(user)
    locked = _lock(ballot)
    if locked.status != Ballot.Status.DRAFT:
        raise VotingError(CANNOT_OPEN.format(status=locked.get_status_display().lower()))
    now = timezone.now()
    _check_ready(locked, now, starts=max(locked.opens_at, now))
    if tellers.uses_tellers(locked):
        tellers.issue_shares(locked)
    locked.status = Ballot.Status.SCHEDULED
    locked.save(update_fields=["status"])
    log(locked, "voting.ballot.schedule", user=user)
    ballot.refresh_from_db()
    return ballot


# Opening, casting, closing --------------------------------------------------------


@transaction.atomic
def open_ballot(
    ballot: Ballot, *, user: User | None = None, now: datetime.datetime | None = None
) -> Ballot:
    """Open a ballot now, fix its roll (the enrolled voters still eligible today), tell the roll.

    `now` is housekeeping's clock (`core.chores.chore_clock`); default the real time.
    """
    require_manager(user)
    locked = _lock(ballot)
    if locked.status not in (Ballot.Status.DRAFT, Ballot.Status.SCHEDULED):
        raise VotingError(CANNOT_OPEN.format(status=locked.get_status_display().lower()))
    now = now or timezone.now()
    if tellers.uses_tellers(locked):
        tellers.check_ready_to_open(locked)
        _keep_voting_time(locked, now)
    _check_ready(locked, now)
    period = current_period(timezone.localdate(now))
    if period is None:
        raise VotingError(NO_CURRENT_PERIOD)
    rules = voting_rules()
    # The Board's Fellowship rule is fixed when voting starts, never changed mid-vote.
    locked.questions.filter(threshold=Threshold.FELLOWSHIP).update(
        threshold=rules.fellowship_threshold
    )
    enrolments = roll_enrolments(
        electorate=locked.electorate, period=period, on=timezone.localdate(now), rules=rules
    )
    _fix_roll(locked, without_nominees(enrolments, ballot=locked))
    _prepare_key(locked)
    locked.status = Ballot.Status.OPEN
    locked.period = period
    locked.opened_at = now
    locked.opens_at = min(locked.opens_at, now)
    _announce_open(locked, now)
    locked.save(update_fields=[
        "status", "period", "opened_at", "opens_at", "closes_at", "announced_at",
    ])
    log(locked, "voting.ballot.open", user=user)
    ballot.refresh_from_db()
    return ballot


def _keep_voting_time(ballot: Ballot, now: datetime.datetime) -> None:
    """A tellers ballot opens only once its tellers hold their shares; it keeps its full time."""
    if now > ballot.opens_at:
        ballot.closes_at += now - ballot.opens_at


def _announce_open(ballot: Ballot, now: datetime.datetime) -> None:
    """Queue the roll's opening e-mails and record that the roll was told."""
    notifications.ballot_opened(ballot, roll_members(ballot))
    ballot.announced_at = now


def _fix_roll(ballot: Ballot, enrolments: QuerySet[Enrolment]) -> None:
    """Copy the eligible enrolments onto the roll in one INSERT ... SELECT.

    A roll can hold every voting member; sending each row through Python took seconds.
    """
    eligible_sql, eligible_params = enrolments.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RollEntry._meta.db_table} (ballot_id, enrolment_id) "
            f"SELECT %s, eligible.* FROM ({eligible_sql}) eligible",
            [ballot.pk, *eligible_params],
        )


def _prepare_key(ballot: Ballot) -> None:
    """Fix how long every sealed choice is; a server-key ballot gets its key pair now.

    A tellers ballot got its key when it was scheduled, and only its shares hold the
    private half; a server-key ballot's private half is stored only wrapped.
    """
    questions = list(ballot.questions.all())
    largest_option = Option.objects.filter(question__ballot=ballot).order_by("-pk").first()
    length = sealing.sealed_length(
        sum(question.max_marks for question in questions),
        max(question.pk for question in questions),
        largest_option.pk,
    )
    if tellers.uses_tellers(ballot):
        BallotKey.objects.filter(ballot=ballot).update(sealed_length=length)
        return
    public_key, private_key = sealing.new_ballot_keys()
    BallotKey.objects.create(
        ballot=ballot, public_key=public_key,
        wrapped_private_key=sealing.wrap_private_key(private_key), sealed_length=length,
    )


def _as_id(raw: Any) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise VotingError(MALFORMED_ANSWERS) from None


def _validated_marks(ballot: Ballot, answers: Mapping[Any, Any]) -> list[tuple[int, int]]:
    """(question id, option id) pairs from answers, refusing anything not on the ballot."""
    if not isinstance(answers, dict):
        raise VotingError(MALFORMED_ANSWERS)
    questions = {question.pk: question for question in ballot.questions.all()}
    options = dict(Option.objects.filter(question__ballot=ballot).values_list("pk", "question"))
    marks: list[tuple[int, int]] = []
    for raw_question, raw_options in answers.items():
        question = questions.get(_as_id(raw_question))
        if question is None:
            raise VotingError(FORGED_QUESTION)
        if not isinstance(raw_options, list | tuple | set | frozenset):
            raise VotingError(MALFORMED_ANSWERS)
        option_ids = [_as_id(raw) for raw in raw_options]
        if len(set(option_ids)) != len(option_ids):
            raise VotingError(DUPLICATE_MARK)
        if len(option_ids) > question.max_marks:
            raise VotingError(
                TOO_MANY_MARKS.format(question=question, seats=question.max_marks,
                                      marks=len(option_ids))
            )
        if any(options.get(option_id) != question.pk for option_id in option_ids):
            raise VotingError(FORGED_OPTION)
        marks.extend((question.pk, option_id) for option_id in option_ids)
    return marks


def _lock_for_casting(ballot: Ballot) -> Ballot:
    """Read the ballot's status under a lock that lets casts run together but not past a close.

    PostgreSQL's FOR KEY SHARE does not block other casts, and `close_ballot`'s FOR
    UPDATE waits for every cast in flight, so no ballot is accepted after the tally.
    SQLite, for development only, lets one transaction write at a time.
    """
    if connection.vendor != "postgresql":
        return Ballot.objects.get(pk=ballot.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Ballot._meta.db_table} WHERE id = %s FOR KEY SHARE", [ballot.pk]
        )
    return Ballot.objects.get(pk=ballot.pk)


def _roll_entry(
    ballot: Ballot, user: User | None, delegate_for: SponsorOrganisation | None
) -> RollEntry:
    member = getattr(user, "member", None) if user is not None else None
    if member is None:
        raise VotingError(NOT_ON_ROLL)
    try:
        return RollEntry.objects.get(
            ballot=ballot, enrolment_id__in=enrolment_ids(member, delegate_for=delegate_for)
        )
    except RollEntry.DoesNotExist:
        raise VotingError(NOT_ON_ROLL) from None


def cast(
    ballot: Ballot,
    *,
    user: User,
    answers: Mapping[Any, Any],
    delegate_for: SponsorOrganisation | None = None,
) -> str:
    """Cast a secret ballot in one role and return the receipt code, shown only this once.

    `answers` maps question id to a list of option ids; a question left out or given
    an empty list is one the voter did not take part in.
    """
    with transaction.atomic():
        current = _lock_for_casting(ballot)
        now = timezone.now()
        if current.status != Ballot.Status.OPEN or not current.opens_at <= now < current.closes_at:
            raise VotingError(BALLOT_NOT_OPEN)
        entry = _roll_entry(current, user, delegate_for)
        marks = _validated_marks(current, answers)
        try:
            with transaction.atomic():
                Participation.objects.create(ballot=current, roll_entry=entry)
        except IntegrityError:
            raise VotingError(ALREADY_VOTED) from None
        code = receipts.new_receipt_code()
        # Sealed, never plain: this row shares the participation's transaction id and
        # physical order, so it must say nothing a database reader can read (issue 18).
        key = BallotKey.objects.get(ballot=current)
        CastBallot.objects.create(
            ballot=current, receipt_hash=hash_receipt(code),
            sealed=sealing.seal(key.public_key, marks, key.sealed_length),
        )
    return code


def _mark_rows(marks: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, bool]]:
    """(question, option, first on its question) for one cast ballot's pairs."""
    answered = set()
    for question_id, option_id in marks:
        yield question_id, option_id, question_id not in answered
        answered.add(question_id)


def _insert_marks(ballot: Ballot, rows: list[tuple[int, int, bool]]) -> None:
    """Write marks in the order given; on PostgreSQL one INSERT per 50,000 from arrays.

    Building a model instance per mark made 100,000 ballots close in over a minute.
    """
    if connection.vendor != "postgresql":
        Mark.objects.bulk_create(
            Mark(ballot=ballot, question_id=question, option_id=option, first_on_question=first)
            for question, option, first in rows
        )
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 50_000):
            questions, options, firsts = zip(*rows[start:start + 50_000], strict=True)
            cursor.execute(
                f"INSERT INTO {Mark._meta.db_table} "
                "(id, ballot_id, question_id, option_id, first_on_question) "
                "SELECT gen_random_uuid(), %s, question, option, first FROM unnest("
                "%s::bigint[], %s::bigint[], %s::boolean[]) WITH ORDINALITY "
                "AS marked(question, option, first, position) ORDER BY position",
                [ballot.pk, list(questions), list(options), list(firsts)],
            )


def verify_receipt(ballot: Ballot, *, code: str) -> bool:
    """Whether a receipt code, however it is typed back, belongs to a ballot cast on this ballot."""
    return CastBallot.objects.filter(
        ballot=ballot, receipt_hash__in=receipts.hashes_to_look_for(code)
    ).exists()


def close_ballot(
    ballot: Ballot, *, user: User | None = None, now: datetime.datetime | None = None
) -> BallotOutcome | None:
    """Close and tally a ballot, then carry out its outcome once, on its own; idempotent.

    The tally commits before the outcome is applied, so a subject's handler that
    fails is recorded on the ballot and never reopens it. A ballot closed earlier
    whose outcome is still pending (a crash after the commit) gets it applied now.
    `now` is housekeeping's clock; default the real time.
    """
    require_manager(user)
    return _finish(ballot, user, now=now)


def end_voting(ballot: Ballot, *, user: User | None = None) -> Ballot:
    """Stop taking votes on an open ballot now and leave it to be counted; idempotent.

    The count is slow on a large ballot, so the caller enqueues it (voting/counting.py);
    housekeeping counts a ballot left being counted. A tellers ballot waits for them.
    """
    require_manager(user)
    with transaction.atomic():
        # FOR UPDATE waits for every cast in flight: each is counted, any later one refused.
        locked = _lock(ballot)
        if locked.status == Ballot.Status.OPEN:
            now = timezone.now()
            if tellers.uses_tellers(locked):
                _await_tellers(locked, now, user)
            else:
                _stop_voting(locked, Ballot.Status.COUNTING, now, user, "voting.ballot.end_voting")
        elif locked.status not in (*COUNTABLE, Ballot.Status.CLOSED):
            raise VotingError(CANNOT_CLOSE.format(status=locked.get_status_display().lower()))
    ballot.refresh_from_db()
    return ballot


def _stop_voting(
    ballot: Ballot, status: str, now: datetime.datetime, user: User | None, action: str
) -> None:
    """Take no more votes: the ballot now waits for its count, or for its tellers."""
    ballot.status = status
    ballot.votes_closed_at = now
    ballot.save(update_fields=["status", "votes_closed_at"])
    log(ballot, action, user=user)


def enter_share(ballot: Ballot, *, user: User, words: str) -> bool:
    """A teller enters their share of a ballot awaiting tellers; True once enough are in.

    Enough shares that rebuild the key leave the ballot being counted; the caller
    enqueues the count (voting/counting.py). Shares that do not are forgotten and refused.
    """
    with transaction.atomic():
        tellers.store_share(_lock(ballot), user, words)
    if tellers.rebuilt_key(ballot) is None:
        return False
    with transaction.atomic():
        locked = _lock(ballot)
        if locked.status == Ballot.Status.AWAITING_TELLERS:
            locked.status = Ballot.Status.COUNTING
            locked.save(update_fields=["status"])
    ballot.refresh_from_db()
    return True


def count_ballot(ballot: Ballot) -> BallotOutcome | None:
    """Count a ballot whose voting has ended, and carry out its outcome; idempotent.

    None while a tellers ballot lacks the shares that rebuild its key.
    """
    private_key = None
    if tellers.uses_tellers(ballot):
        private_key = tellers.rebuilt_key(ballot)
        if private_key is None:
            return None
    return _finish(ballot, None, private_key)


def _finish(
    ballot: Ballot,
    user: User | None,
    private_key: bytes | None = None,
    now: datetime.datetime | None = None,
) -> BallotOutcome | None:
    _close(ballot, user, private_key, now=now)
    apply_outcome(ballot)
    ballot.refresh_from_db()
    return ballot_outcome(ballot)


def _close(
    ballot: Ballot,
    user: User | None,
    private_key: bytes | None = None,
    now: datetime.datetime | None = None,
) -> bool:
    """Tally, results, misses, status and log entry in one transaction; False if not closed now.

    A tellers ballot without its rebuilt key only stops taking votes and waits.
    """
    with transaction.atomic():
        locked = _lock(ballot)
        if locked.status == Ballot.Status.CLOSED:
            return False
        if locked.status not in COUNTABLE:
            raise VotingError(CANNOT_CLOSE.format(status=locked.get_status_display().lower()))
        now = now or timezone.now()
        if private_key is None and tellers.uses_tellers(locked):
            _await_tellers(locked, now, user)
            return False
        _open_sealed_ballots(locked, private_key)
        _tally(locked)
        votes_closed_at = locked.votes_closed_at or now
        no_misses_because = _record_misses(locked, votes_closed_at)
        locked.status = Ballot.Status.CLOSED
        locked.closed_at = now
        locked.votes_closed_at = votes_closed_at
        locked.closes_at = min(locked.closes_at, votes_closed_at)
        locked.outcome_status, locked.outcome_note = OutcomeStatus.PENDING, ""
        locked.save(update_fields=[
            "status", "closed_at", "votes_closed_at", "closes_at", "outcome_status",
            "outcome_note",
        ])
        log(locked, "voting.ballot.close", user=user,
            data={"misses_counted": not no_misses_because, "no_misses_because": no_misses_because})
    return True


def _await_tellers(ballot: Ballot, now: datetime.datetime, user: User | None) -> None:
    """Stop taking votes on a tellers ballot and ask its tellers for their shares; once."""
    if ballot.status == Ballot.Status.AWAITING_TELLERS:
        return
    _stop_voting(ballot, Ballot.Status.AWAITING_TELLERS, now, user, "voting.ballot.await_tellers")
    waiting = [role.user for role in tellers.waiting_for(ballot)]
    notifications.tellers_asked_to_enter(ballot, waiting)


def _open_sealed_ballots(ballot: Ballot, private_key: bytes | None = None) -> None:
    """Open every sealed ballot, write their marks in a shuffled order, then forget them.

    The marks name only the ballot, and one shuffle over all of them breaks the order
    the casts came in; once the sealed rows are emptied and the key deleted, nothing
    left ties a choice to a cast ballot, let alone to a voter (docs/architecture.md section 4).
    """
    key = BallotKey.objects.filter(ballot=ballot).first()
    if key is None:
        return
    open_sealed = sealing.opener(
        private_key or sealing.unwrap_private_key(key.wrapped_private_key)
    )
    sealed_rows = CastBallot.objects.filter(ballot=ballot, sealed__isnull=False)
    rows = [
        row
        for sealed in sealed_rows.values_list("sealed", flat=True).iterator(chunk_size=5000)
        for row in _mark_rows(open_sealed(sealed))
    ]
    secrets.SystemRandom().shuffle(rows)
    _insert_marks(ballot, rows)
    _forget_sealed_ballots(ballot)


def _forget_sealed_ballots(ballot: Ballot) -> None:
    """Empty a ballot's sealed rows, keeping their receipt hashes; delete its key and shares."""
    CastBallot.objects.filter(ballot=ballot, sealed__isnull=False).update(sealed=None)
    BallotKey.objects.filter(ballot=ballot).delete()
    tellers.forget_shares(ballot)


def apply_outcome(ballot: Ballot) -> str:
    """Carry out a closed ballot's outcome through its handler, at most once; return its status."""
    with transaction.atomic():
        locked = _lock(ballot)
        if locked.status != Ballot.Status.CLOSED or locked.outcome_status != OutcomeStatus.PENDING:
            return locked.outcome_status
        status, note = _run_handler(locked)
        locked.outcome_status, locked.outcome_note = status, note
        locked.save(update_fields=["outcome_status", "outcome_note"])
        log(locked, "voting.ballot.outcome", data={"outcome": status, "note": note})
        if status == OutcomeStatus.NOT_APPLIED:
            notifications.outcome_not_applied(locked)
    return status


def _run_handler(ballot: Ballot) -> tuple[str, str]:
    """(status, note) after running the ballot's handler in its own savepoint."""
    handler = outcomes.handler_for(ballot)
    if handler is None:
        return OutcomeStatus.NO_SUBJECT, _no_handler_note(ballot)
    try:
        with transaction.atomic():
            note = handler(ballot, ballot_outcome(ballot))
    except (Refusal, ValidationError, PermissionDenied) as refusal:
        return OutcomeStatus.NOT_APPLIED, refusal_message(refusal)
    except Exception as error:
        # Any failure in another app's handler is recorded, not raised: the vote stands.
        logger.exception("The outcome of ballot %s could not be applied.", ballot.pk)
        return OutcomeStatus.NOT_APPLIED, OUTCOME_FAILED.format(error=type(error).__name__)
    return OutcomeStatus.APPLIED, note or ""


def _no_handler_note(ballot: Ballot) -> str:
    if ballot.subject_type_id is None:
        return NO_SUBJECT
    return NO_HANDLER.format(subject=ballot.subject_type.model_class()._meta.verbose_name)  # type: ignore[union-attr]


def refusal_message(refusal: Exception) -> str:
    """A refusal's own words: a ValidationError's messages, or the exception's text."""
    return " ".join(refusal_messages(refusal))


@transaction.atomic
def cancel_ballot(ballot: Ballot, *, user: User | None = None, reason: str) -> Ballot:
    """Cancel a ballot that has not closed: nothing is counted and nobody misses it."""
    require_manager(user)
    reason = (reason or "").strip()
    if not reason:
        raise VotingError(CANCEL_REASON_REQUIRED)
    locked = _lock(ballot)
    if locked.status not in CANCELLABLE:
        raise VotingError(CANNOT_CANCEL.format(status=locked.get_status_display().lower()))
    # Nothing is counted, so nothing is opened: the choices and the key are forgotten.
    _forget_sealed_ballots(locked)
    locked.status = Ballot.Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancelled_reason = reason
    locked.save(update_fields=["status", "cancelled_at", "cancelled_reason"])
    log(locked, "voting.ballot.cancel", user=user, data={
        "reason": reason, "misses_counted": False, "no_misses_because": NO_MISSES_CANCELLED,
    })
    notifications.ballot_cancelled(locked, roll_members(locked))
    ballot.refresh_from_db()
    return ballot


def _tally(ballot: Ballot) -> None:
    """Count marks and turnout per option with one GROUP BY; store each question's result."""
    questions = list(ballot.questions.prefetch_related("options"))
    rows = (
        Mark.objects.filter(question__in=questions)
        .order_by()
        .values_list("option")
        .annotate(count=Count("*"), turnout=Count("pk", filter=Q(first_on_question=True)))
    )
    counts, turnout = {}, {}
    for option_id, count, first_marks in rows:
        counts[option_id], turnout[option_id] = count, first_marks
    tallies, results = [], []
    for question in questions:
        ranked = sorted(question.options.all(), key=lambda option: -counts.get(option.pk, 0))
        took_part = sum(turnout.get(option.pk, 0) for option in ranked)
        chosen, met = _decide(question, ranked, counts, took_part)
        tallies += [
            TallyResult(question=question, option=option, count=counts.get(option.pk, 0),
                        chosen=option in chosen)
            for option in ranked
        ]
        results.append(QuestionResult(question=question, took_part=took_part, threshold_met=met))
    TallyResult.objects.bulk_create(tallies)
    QuestionResult.objects.bulk_create(results)


def _decide(
    question: Question, ranked: list[Option], counts: Mapping[int, int], took_part: int
) -> tuple[list[Option], bool]:
    """The chosen options and whether the question's threshold was met.

    Abstaining counts as taking part: the membership model asks for a share "of those
    participating in the vote", and a voter who marks Abstain participated.
    """
    if question.kind == Question.Kind.YES_NO_ABSTAIN:
        yes = next(option for option in ranked if option.code == Option.CODE_YES)
        return [], threshold_met(counts.get(yes.pk, 0), took_part, question.threshold)
    seats = question.max_marks
    marked = [option for option in ranked if counts.get(option.pk, 0) > 0]
    winners = marked[:seats]
    tie_at_the_last_seat = len(marked) > seats and (
        counts[marked[seats].pk] == counts[marked[seats - 1].pk]
    )
    if tie_at_the_last_seat or not winners:
        return [], False
    if question.kind == Question.Kind.APPROVAL:
        # Approval elects the most-marked options; there is no share to reach.
        return winners, True
    return winners, threshold_met(counts[winners[0].pk], took_part, question.threshold)


def why_misses_do_not_count(ballot: Ballot, *, now: datetime.datetime) -> str:
    """Why closing a ballot at `now` counts no misses; "" when it is fair to count them.

    Misses end voting rights ("use it or lose it", new-membership-model.md, "Voting
    privileges"), so they count only on a binding ballot its roll was told about and
    could vote on for the whole minimum period, up to the closing time it announced.
    """
    days = voting_rules().minimum_voting_days
    if not ballot.is_binding:
        return NO_MISSES_POLL
    if ballot.announced_at is None:
        return NO_MISSES_NOT_ANNOUNCED
    if now < ballot.closes_at:
        return NO_MISSES_CLOSED_EARLY.format(closes_at=ballot.closes_at)
    if ballot.opened_at is None or now - ballot.opened_at < datetime.timedelta(days=days):
        return NO_MISSES_TOO_SHORT.format(days=days)
    return ""


def _record_misses(ballot: Ballot, now: datetime.datetime) -> str:
    """Give a miss to each voter on the roll who did not vote, if fair; end rights at the limit.

    Returns why no misses were counted, or "" when they were.
    """
    no_misses_because = why_misses_do_not_count(ballot, now=now)
    if no_misses_because:
        return no_misses_because
    # One INSERT ... SELECT: the roll can hold every voting member, so no rows go via Python.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Miss._meta.db_table} (enrolment_id, ballot_id) "
            f"SELECT roll.enrolment_id, roll.ballot_id FROM {RollEntry._meta.db_table} roll "
            f"WHERE roll.ballot_id = %s AND NOT EXISTS (SELECT 1 FROM "
            f"{Participation._meta.db_table} voted WHERE voted.roll_entry_id = roll.id) "
            "ON CONFLICT DO NOTHING",
            [ballot.pk],
        )
    limit = voting_rules().missed_votes_limit
    reaching_the_limit = (
        Miss.objects.filter(
            enrolment__in=Miss.objects.filter(ballot=ballot).values("enrolment"),
            enrolment__rights_ended_at__isnull=True,
        )
        .values("enrolment")
        .annotate(missed=Count("*"))
        .filter(missed__gte=limit)
        .values("enrolment")
    )
    losing = list(
        Enrolment.objects.filter(pk__in=reaching_the_limit)
        .select_related("member__user", "period", "delegate_for")
    )
    reason = f"Missed {limit} binding votes in the {ballot.period.year} voting period."  # type: ignore[union-attr]
    Enrolment.objects.filter(pk__in=[enrolment.pk for enrolment in losing]).update(
        rights_ended_at=now, rights_ended_reason=reason
    )
    notifications.voting_rights_ended(losing, limit)
    return ""


ACCOUNT_CLOSED = "The member closed their account."


@transaction.atomic
def withdraw_member(member: Member, *, on: datetime.date) -> None:
    """A member who closes their account: their voting rights end for every period still
    open on `on`, and nominations of them not yet on a ballot are dropped."""
    Enrolment.objects.filter(member=member, period__closes_on__gte=on).update(
        rights_ended_at=timezone.now(), rights_ended_reason=ACCOUNT_CLOSED
    )
    FellowshipNomination.objects.filter(nominee=member, question__isnull=True).delete()
    BoardNomination.objects.filter(nominee=member, election__ballot__isnull=True).delete()
