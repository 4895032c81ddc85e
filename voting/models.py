"""Voting periods, enrolment, ballots and the secret record of what was cast.

Two sides never meet. `Enrolment`, `RollEntry`, `Participation` and `Miss` say who
may vote and who did; `CastBallot` and `Mark` say what was voted. Nothing on the
second side points at a person, carries a time, or has an ordered key, so neither
a join nor the order of keys can tie a choice to a voter (docs/architecture.md section 4).

The database's own bookkeeping ties them anyway: PostgreSQL stamps the rows one
transaction writes with its id (`xmin`) and lays them out in the order written
(`ctid`), and a cast writes its participation and its cast ballot together. So the
cast ballot holds the choices only sealed with the ballot's public key
(`voting.sealing`); the close opens them, writes the marks in a shuffled order with
no reference to any cast ballot, empties the sealed rows and forgets the key. A
reader of the database, during the vote or after it, cannot tell who voted what
(project issue 18).
"""

import uuid
from fractions import Fraction

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable

from membership.models import Member, SponsorOrganisation
from membership.widgets import MemberSelect, MemberSelectMultiple

# The most a ballot may hold: far above any real ballot, low enough that the admin never
# builds more forms than it can in a request (core/posted_data.py).
MOST_QUESTIONS = 20
MOST_OPTIONS = 100
MOST_TELLERS = 16  # SLIP-39 splits a secret into at most 16 shares

class Threshold(models.TextChoices):
    """How large a share of those who took part in a question must agree."""

    MAJORITY = "majority", "Simple majority (more than half)"
    TWO_THIRDS = "two_thirds", "At least two thirds"
    THREE_QUARTERS = "three_quarters", "At least three quarters"
    FELLOWSHIP = "fellowship", "The Board's Fellowship rule (two thirds or three quarters)"


# (share, strict): a majority is more than half; the supermajorities are "at least"
# (new-membership-model.md, "Fellowship Nomination and Voting Procedure").
THRESHOLD_FRACTIONS = {
    Threshold.MAJORITY: (Fraction(1, 2), True),
    Threshold.TWO_THIRDS: (Fraction(2, 3), False),
    Threshold.THREE_QUARTERS: (Fraction(3, 4), False),
}


def threshold_met(agreeing, took_part, threshold):
    """Whether `agreeing` of `took_part` reaches a threshold; exact fractions, never floats."""
    if took_part == 0:
        return False
    share, strict = THRESHOLD_FRACTIONS[threshold]
    ratio = Fraction(agreeing, took_part)
    return ratio > share if strict else ratio >= share


class Electorate(models.TextChoices):
    """Who is on a ballot's roll."""

    VOTING_MEMBERS = "voting_members", "Voting members (individuals and Sponsor Delegates)"
    FELLOWS = "fellows", "Fellows"


@register_setting(icon="tasks")
class VotingRules(BaseGenericSetting):
    """The foundation's voting rules as data, with the membership model's values as defaults."""

    missed_votes_limit = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1)],
        help_text="Missing this many binding votes in a period ends voting rights until the "
        "next period (\"use it or lose it\").",
    )
    fellowship_threshold = models.CharField(
        max_length=20,
        choices=[
            (Threshold.TWO_THIRDS, Threshold.TWO_THIRDS.label),
            (Threshold.THREE_QUARTERS, Threshold.THREE_QUARTERS.label),
        ],
        default=Threshold.TWO_THIRDS,
        help_text="The supermajority a Fellowship vote needs; the Board may raise it to 3/4.",
    )
    include_long_time_managing_members = models.BooleanField(
        default=False,
        help_text="Let long-time Managing Members vote on Fellowship ballots as well.",
    )
    long_time_managing_years = models.PositiveSmallIntegerField(
        default=5, help_text="Years of Managing Membership that make a member long-time."
    )
    minimum_voting_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1)],
        help_text="A binding ballot must stay open at least this many days, announced to its "
        "roll, before not voting on it counts as a miss; ballots cannot open for less.",
    )

    panels = [
        FieldPanel("missed_votes_limit"),
        FieldPanel("fellowship_threshold"),
        FieldPanel("include_long_time_managing_members"),
        FieldPanel("long_time_managing_years"),
        FieldPanel("minimum_voting_days"),
    ]

    class Meta:
        verbose_name = "voting rules"


class VotingPeriodQuerySet(models.QuerySet):
    def covering(self, day):
        """Periods that include a day."""
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class VotingPeriod(models.Model):
    """A year in which voting-eligible members enrol to vote."""

    year = models.PositiveSmallIntegerField(unique=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = VotingPeriodQuerySet.as_manager()

    panels = [FieldPanel("year"), FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")])]

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="voting_period_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return f"Voting period {self.year}"


class Enrolment(models.Model):
    """A member's yes to voting in a period, as an individual or as a Sponsor Delegate."""

    period = models.ForeignKey(VotingPeriod, on_delete=models.CASCADE, related_name="enrolments")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="enrolments")
    delegate_for = models.ForeignKey(
        SponsorOrganisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="delegate_enrolments",
    )
    enrolled_at = models.DateTimeField()
    rights_ended_at = models.DateTimeField(null=True, blank=True)
    rights_ended_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["period", "member"]
        # Two partial constraints because NULLs are distinct in a plain unique constraint,
        # and `nulls_distinct` needs PostgreSQL 15 while SQLite must work too.
        constraints = [
            models.UniqueConstraint(
                fields=["period", "member"],
                condition=Q(delegate_for__isnull=True),
                name="one_individual_enrolment_per_period",
            ),
            models.UniqueConstraint(
                fields=["period", "member", "delegate_for"],
                condition=Q(delegate_for__isnull=False),
                name="one_delegate_enrolment_per_organisation_and_period",
            ),
        ]

    def __str__(self):
        role = f" for {self.delegate_for}" if self.delegate_for_id else ""
        return f"{self.member}{role} · {self.period}"


def subject_in(model, ids):
    """A condition on ballots: the subject is a `model` object whose key is in `ids`.

    `model` is a model or one of its objects; `ids` a list of keys or a query of them.
    """
    return Q(subject_type=ContentType.objects.get_for_model(model), subject_id__in=ids)


class BallotQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Ballot.Status.OPEN)

    def closed(self):
        return self.filter(status=Ballot.Status.CLOSED)

    def awaiting_tellers(self):
        return self.filter(status=Ballot.Status.AWAITING_TELLERS)

    def to_count(self):
        """Ballots whose voting has ended, waiting for their count (or their tellers)."""
        return self.filter(status__in=[Ballot.Status.AWAITING_TELLERS, Ballot.Status.COUNTING])

    def outcome_pending(self):
        """Closed ballots whose outcome has not been carried out yet (a crash after the close)."""
        return self.closed().filter(outcome_status=OutcomeStatus.PENDING)

    def due_to_open(self, now):
        return self.filter(status=Ballot.Status.SCHEDULED, opens_at__lte=now)

    def due_to_close(self, now):
        return self.filter(status=Ballot.Status.OPEN, closes_at__lte=now)

    def about(self, subject):
        """Ballots whose subject is a given object."""
        return self.about_any(subject, [subject.pk])

    def about_any(self, model, ids):
        """Ballots whose subject is a `model` object with its key in `ids`."""
        return self.filter(subject_in(model, ids))


class KeyHolders(models.TextChoices):
    """Who can open a ballot's sealed choices at the count."""

    SERVER = "server", "The server: its key from the environment opens them at closing time"
    TELLERS = "tellers", "Tellers: a number of named tellers must enter their shares to count"


class OutcomeStatus(models.TextChoices):
    """Whether a closed ballot's outcome was carried out by the app that owns its subject."""

    PENDING = "pending", "Pending"
    APPLIED = "applied", "Applied"
    NOT_APPLIED = "not applied", "Not applied"
    NO_SUBJECT = "no subject", "No subject"


class Ballot(ClusterableModel):
    """A secret ballot of one or more questions, put to one electorate between two times."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open"
        AWAITING_TELLERS = "awaiting", "Awaiting tellers"
        COUNTING = "counting", "Being counted"
        CLOSED = "closed", "Closed"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    electorate = models.CharField(
        max_length=20, choices=Electorate.choices, default=Electorate.VOTING_MEMBERS
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    period = models.ForeignKey(
        VotingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="ballots",
        help_text="The period whose enrolments made the roll; set when the ballot opens.",
    )
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    announced_at = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="When the e-mails telling its roll that it opened were queued.",
    )
    votes_closed_at = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="When it stopped taking votes; it is counted after, in the background.",
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    key_holders = models.CharField(
        "who holds the key", max_length=10, choices=KeyHolders.choices,
        default=KeyHolders.SERVER,
        help_text="Tellers suit elections and any vote the Board wants counted only when "
        "several trusted people come together.",
    )
    tellers_needed = models.PositiveSmallIntegerField(
        "tellers needed to count", null=True, blank=True,
        help_text="Tellers only: how many of the tellers must enter their shares to count "
        "the ballot; at least 2, and fewer than the tellers named, so a lost share does "
        "not stop the count.",
    )
    # The tally commits first; the outcome is carried out after it, on its own, so a
    # failure there is recorded here and never undoes the close (docs/architecture.md section 1).
    outcome_status = models.CharField(
        max_length=12, choices=OutcomeStatus.choices, default=OutcomeStatus.PENDING,
        editable=False,
    )
    outcome_note = models.TextField(
        blank=True, editable=False, help_text="Why the outcome was not applied, or what it did."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_reason = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="ballots_created",
    )
    # What the ballot decides (a proposal revision, a charter, a sponsor application):
    # generic so that voting never imports the apps above it (docs/architecture.md section 1).
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    subject = GenericForeignKey("subject_type", "subject_id")

    objects = BallotQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("electorate"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        InlinePanel("questions", heading="Questions", min_num=1, max_num=MOST_QUESTIONS),
        MultiFieldPanel([
            FieldPanel("key_holders"),
            FieldPanel("tellers_needed"),
            InlinePanel("tellers", label="Teller", max_num=MOST_TELLERS),
        ], heading="Who can open the ballots at the count"),
    ]

    class Meta:
        ordering = ["-opens_at"]
        indexes = [models.Index(fields=["status", "closes_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="ballot_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_binding(self):
        return any(question.binding for question in self.questions.all())

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_awaiting_tellers(self):
        return self.status == self.Status.AWAITING_TELLERS

    @property
    def is_being_counted(self):
        return self.status == self.Status.COUNTING

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def outcome_not_applied(self):
        return self.outcome_status == OutcomeStatus.NOT_APPLIED

    @property
    def passed(self):
        """Whether every binding question met its threshold; None until closed."""
        if not self.is_closed:
            return None
        return all(
            question.result.threshold_met for question in self.questions.all() if question.binding
        )


class Question(Orderable, ClusterableModel):
    """One question on a ballot: yes/no/abstain, approval for N seats, or one of several."""

    class Kind(models.TextChoices):
        YES_NO_ABSTAIN = "yes_no_abstain", "Yes, no or abstain"
        APPROVAL = "approval", "Approval: mark up to N options (elections)"
        SINGLE_CHOICE = "single_choice", "One of several options"

    ballot = ParentalKey(Ballot, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.YES_NO_ABSTAIN)
    seats = models.PositiveSmallIntegerField(
        default=1, help_text="Approval questions: how many options a voter may mark."
    )
    binding = models.BooleanField(
        default=True,
        help_text="Untick for a non-binding poll (strategic decision-making, \"Non-binding "
        "polls\"); missing only polls never counts against a voter.",
    )
    threshold = models.CharField(
        max_length=20, choices=Threshold.choices, default=Threshold.MAJORITY
    )

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("seats")]),
        FieldRowPanel([FieldPanel("binding"), FieldPanel("threshold")]),
        MultiFieldPanel(
            [InlinePanel("options", label="Option", max_num=MOST_OPTIONS)],
            heading="Options (yes, no and abstain are added for you)",
        ),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def max_marks(self):
        return self.seats if self.kind == self.Kind.APPROVAL else 1


class Option(Orderable):
    """A choice a voter can mark on a question."""

    CODE_YES = "yes"
    CODE_NO = "no"
    CODE_ABSTAIN = "abstain"

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    code = models.CharField(
        max_length=10, blank=True, editable=False, help_text="yes, no or abstain; else empty."
    )

    panels = [FieldPanel("label")]

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.label


class RollEntry(models.Model):
    """One enrolled voter, in one role, on a ballot's roll; fixed when the ballot opens."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="roll")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="roll_entries")

    class Meta:
        verbose_name_plural = "roll entries"
        constraints = [
            models.UniqueConstraint(fields=["ballot", "enrolment"], name="once_on_a_roll")
        ]

    def __str__(self):
        return f"{self.enrolment} on {self.ballot}"


class Participation(models.Model):
    """That a voter, in one role, cast a ballot; it never says what or when.

    The one-to-one key to the roll entry is the database constraint that refuses a
    second ballot, even when requests race. The key is a random UUID rather than a
    counter, so the order in which people voted is not kept here either.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="participations")
    roll_entry = models.OneToOneField(
        RollEntry, on_delete=models.CASCADE, related_name="participation"
    )

    def __str__(self):
        return f"{self.roll_entry.enrolment} voted on {self.ballot}"


class ClosingReminder(models.Model):
    """That a voter was reminded, once, that a ballot they had not voted in closes soon.

    It holds no more than the roll already does: whether the voter had voted is not kept.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="closing_reminders")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="one_closing_reminder")
        ]

    def __str__(self):
        return f"{self.member} reminded of {self.ballot}"


class BallotKey(models.Model):
    """The key pair that seals an open ballot's choices; deleted when it closes or is cancelled.

    Server key mode: the private key is stored only wrapped by BALLOT_SEALING_KEY from
    the environment, so the database alone cannot open a sealed ballot.
    """

    ballot = models.OneToOneField(
        Ballot, on_delete=models.CASCADE, primary_key=True, related_name="key"
    )
    public_key = models.BinaryField()
    wrapped_private_key = models.BinaryField(
        null=True, help_text="Never shown: the ballot's private key, encrypted with "
        "BALLOT_SEALING_KEY; empty for a tellers ballot, whose key is only in its shares.",
    )
    share_identifier = models.PositiveIntegerField(
        null=True, help_text="Tellers only: the identifier every share of this key carries, "
        "so a share of another ballot is recognised.",
    )
    sealed_length = models.PositiveIntegerField(
        default=0, help_text="Every choice is padded to this many bytes before it is sealed."
    )

    def __str__(self):
        return f"Key of {self.ballot}"


class Teller(models.Model):
    """A person who holds one share of a tellers ballot's key, from collection to the count.

    The server keeps the share only until the teller collects it, and the share the
    teller enters at the count only until enough have been entered; both wrapped.
    """

    ballot = ParentalKey(Ballot, on_delete=models.CASCADE, related_name="tellers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teller_roles",
        limit_choices_to={"member__isnull": False},
    )
    share = models.BinaryField(null=True, editable=False)
    collected_at = models.DateTimeField(null=True, blank=True, editable=False)
    entered_share = models.BinaryField(null=True, editable=False)
    entered_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    panels = [FieldPanel("user", widget=MemberSelect)]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "user"], name="one_teller_role_per_ballot")
        ]

    def __str__(self):
        return f"Teller of {self.ballot}"


class CastBallot(models.Model):
    """One voter's ballot: their choices sealed until the count, and their receipt's hash.

    A random UUID key and no timestamp: a counter or a time would put cast ballots in
    the order they arrived, and that order matched against the order of participations
    would name the voters. `sealed` is emptied once the count has opened it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="cast_ballots")
    receipt_hash = models.CharField(max_length=64, help_text="SHA-256 of the voter's receipt code.")
    sealed = models.BinaryField(
        null=True, editable=False,
        help_text="Never shown: the choices sealed with the ballot's public key; "
        "empty once counted.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "receipt_hash"], name="one_receipt_per_ballot"
            )
        ]

    def __str__(self):
        return f"Cast ballot {self.receipt_hash[:12]}"


class Mark(models.Model):
    """One option marked on a ballot, written at the count; no reference to whose ballot.

    The count writes every ballot's marks in one shuffled batch, so neither their
    transaction nor their order follows the casts.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="marks")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="marks")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="marks")
    # Set on one mark per cast ballot and question, so the tally counts who took part
    # in an approval question (several marks each) in the same pass as the options.
    first_on_question = models.BooleanField(default=False, editable=False)

    class Meta:
        # No uniqueness here any more: `cast` refuses an option marked twice before sealing.
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self):
        return f"Mark for option {self.option_id}"


class Miss(models.Model):
    """A binding ballot that an enrolled voter, in one role, did not vote on."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="misses")
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="misses")

    class Meta:
        verbose_name_plural = "misses"
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "ballot"], name="one_miss_per_ballot")
        ]

    def __str__(self):
        return f"{self.enrolment} missed {self.ballot}"


class QuestionResult(models.Model):
    """The outcome of one question, written when its ballot closes."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="result")
    took_part = models.PositiveIntegerField(
        help_text="Cast ballots with at least one mark on this question."
    )
    threshold_met = models.BooleanField()

    def __str__(self):
        return f"Result of {self.question}"


class TallyResult(models.Model):
    """How many cast ballots marked one option, written when the ballot closes."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tally")
    option = models.OneToOneField(Option, on_delete=models.CASCADE, related_name="tally_result")
    count = models.PositiveIntegerField()
    chosen = models.BooleanField(
        default=False, help_text="Elected (approval) or the winning option (one of several)."
    )

    class Meta:
        ordering = ["question", "-count", "option__sort_order"]

    def __str__(self):
        return f"{self.option}: {self.count}"


# Fellowship nominations ("Fellowship Nomination and Voting Procedure") ------------


class Criterion(models.TextChoices):
    """The two Fellowship criteria of the membership model, "Fellows"."""

    CREATING = "creating", "Creating"
    COORDINATING = "coordinating", "Coordinating"


CRITERION_STATEMENTS = {
    Criterion.CREATING: (
        "[Nominated Person] has served the Python community by making available code, "
        "tests, documentation, or design, either in a Python implementation or in a Python "
        "ecosystem project, that 1) shows technical excellence, 2) is an example of software "
        "engineering principles and best practices, and 3) has achieved widespread usage or "
        "acclaim."
    ),
    Criterion.COORDINATING: (
        "[Nominated Person] has served the Python community through extraordinary efforts "
        "in organizing Python events, publicly promoting Python, and teaching and "
        "coordinating others. [Nominated Person]'s efforts have shown leadership and "
        "resulted in long-lasting and substantial gains in the number and quality of Python "
        "users, and have been widely recognized as being above and beyond normal "
        "volunteering."
    ),
}


class FellowshipNomination(models.Model):
    """A Fellow's nomination of a member; who nominated is never stored.

    `nominator_digest` is a keyed HMAC of the cycle, the nominator and the nominee:
    it refuses a second nomination of the same person by the same Fellow in a cycle,
    and without `settings.FELLOW_NOMINATION_KEY` it cannot be traced back to anyone.
    The key is a random UUID and there is no timestamp, so neither the order of rows
    nor a time can be matched against who was logged in.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.PositiveSmallIntegerField(help_text="The year of the nomination cycle.")
    nominee = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="fellowship_nominations"
    )
    criterion = models.CharField(max_length=20, choices=Criterion.choices)
    description = models.TextField()
    urls = models.JSONField(default=list, blank=True)
    nominator_digest = models.CharField(max_length=64, unique=True, editable=False)
    question = models.ForeignKey(
        "Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="fellowship_nominations",
        help_text="The ballot question this nomination was gathered into.",
    )

    class Meta:
        ordering = ["nominee__name", "criterion"]

    def __str__(self):
        return f"Fellowship nomination of {self.nominee} ({self.cycle})"


# Board elections ("Nominations to the Board") -------------------------------------


class Election(models.Model):
    """An election of Directors: nominations, then an approval vote for `seats` seats."""

    title = models.CharField(max_length=200)
    seats = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    nominations_close_at = models.DateTimeField(
        help_text="After this, no nomination is taken and the vote can start."
    )
    voting_days = models.PositiveSmallIntegerField(
        default=14, validators=[MinValueValidator(1)], help_text="How long the vote stays open."
    )
    term_starts = models.DateField()
    term_ends = models.DateField()
    tellers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+",
        limit_choices_to={"member__isnull": False},
        help_text="Optional: name at least three tellers to hold shares of the ballot's key; "
        "the vote then opens once they all hold their shares and is counted only when enough "
        "of them enter theirs. Leave empty to have the server's key count it.",
    )
    tellers_needed = models.PositiveSmallIntegerField(
        "tellers needed to count", null=True, blank=True,
        help_text="With tellers: how many must enter their shares to count the vote; at least "
        "2 and fewer than the tellers named.",
    )
    ballot = models.OneToOneField(
        Ballot, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="election",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("seats"), FieldPanel("voting_days")]),
        FieldPanel("nominations_close_at"),
        FieldRowPanel([FieldPanel("term_starts"), FieldPanel("term_ends")]),
        MultiFieldPanel(
            [FieldPanel("tellers", widget=MemberSelectMultiple), FieldPanel("tellers_needed")],
            heading="Tellers (optional)",
        ),
    ]

    class Meta:
        ordering = ["-nominations_close_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends__gt=models.F("term_starts")),
                name="election_term_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title


class BoardNomination(models.Model):
    """A member nominated for an election; on the ballot once they accept with a statement."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="board_nominations")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    statement = models.TextField(blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    option = models.OneToOneField(
        Option, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="board_nomination",
    )

    class Meta:
        ordering = ["nominee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "nominee"], name="one_nomination_per_election_and_nominee"
            )
        ]

    def __str__(self):
        return f"{self.nominee} for {self.election}"
