"""Members, the membership categories they hold, and the history of those grants."""

import datetime

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.search import index

from membership.project_addresses import validate_project_address

DEFAULT_CODE_OF_CONDUCT = (
    "<p>Members of the foundation are open, considerate and respectful. We welcome people "
    "of every background and identity, we are kind to one another, and we resolve "
    "disagreements in good faith. Harassment of any kind is not tolerated.</p>"
)


@register_setting(icon="doc-full")
class CodeOfConduct(BaseGenericSetting):
    """The Code of Conduct every member agrees to when joining; its version is stored per member."""

    version = models.CharField(
        max_length=20, default="1.0",
        help_text="Change it whenever the text changes: members record the version they agreed to.",
    )
    text = RichTextField(default=DEFAULT_CODE_OF_CONDUCT)

    panels = [FieldPanel("version"), FieldPanel("text")]

    class Meta:
        verbose_name = "code of conduct"


class CategoryCode(models.TextChoices):
    """The categories of the new membership model; rules are keyed by these codes."""

    BASIC = "basic", "Basic Member"
    SUPPORTING = "supporting", "Supporting Member"
    SPONSOR = "sponsor", "Sponsor Delegate"
    MANAGING = "managing", "Managing Member"
    CONTRIBUTING = "contributing", "Contributing Member"
    FELLOW = "fellow", "Fellow"


class MembershipCategory(index.Indexed, models.Model):
    """A category of membership; staff edit its words and numbers as a snippet."""

    class Term(models.TextChoices):
        NONE = "none", "No term: held while a member"
        ANNUAL = "annual", "One year, renewable"
        LIFETIME = "lifetime", "For life"

    code = models.CharField(max_length=20, choices=CategoryCode.choices, unique=True)
    name = models.CharField(max_length=80)
    way_of_supporting = models.CharField(
        max_length=40,
        blank=True,
        help_text="Creating, Coordinating or Funding, as the model names them.",
    )
    description = models.TextField()
    how_to_join = models.TextField(blank=True)
    term = models.CharField(max_length=10, choices=Term.choices, default=Term.ANNUAL)
    suggested_fee = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="Yearly, in US dollars."
    )
    lifetime_fee = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True,
        help_text="A single contribution at or above this gives the category for life.",
    )
    voting_eligible = models.BooleanField(
        default=False, help_text="Holding this category makes a member eligible to enrol to vote."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("way_of_supporting"),
        FieldPanel("description"),
        FieldPanel("how_to_join"),
        FieldPanel("term"),
        FieldPanel("suggested_fee"),
        FieldPanel("lifetime_fee"),
        FieldPanel("voting_eligible"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "membership categories"

    def __str__(self):
        return self.name

    @property
    def has_no_term(self):
        return self.term == self.Term.NONE


class MemberQuerySet(models.QuerySet):
    def qualified_for_managing(self, on):
        """Members who may be Managing on a day: in a working group, or with an approved
        pro-forma charter in force (new-membership-model.md, "Managing Members").

        Every rule that decides whether Managing status holds asks this, and nothing else.
        """
        places = WorkingGroupMembership.objects.filter(
            Q(left_on__isnull=True) | Q(left_on__gt=on), member=models.OuterRef("pk")
        )
        charters = ProFormaCharter.objects.in_force(on).filter(member=models.OuterRef("pk"))
        return self.filter(models.Exists(places) | models.Exists(charters))


class Member(models.Model):
    """A natural person who has joined the foundation by agreeing to the Code of Conduct."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    name = models.CharField(max_length=150)
    country = models.CharField(max_length=80, blank=True)
    code_of_conduct_version = models.CharField(max_length=20)
    code_of_conduct_agreed_at = models.DateTimeField()
    declines_supporter_gifts = models.BooleanField(
        default=False,
        help_text="The member asked not to receive the yearly Supporting Member gifts.",
    )
    joined = models.DateField(auto_now_add=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def email(self):
        return self.user.email


def not_ended_by(day):
    """A condition on rows with an `ends` day: not ended before `day` (null ends = for life)."""
    return Q(ends__isnull=True) | Q(ends__gte=day)


class CategoryGrantQuerySet(models.QuerySet):
    def active_on(self, day):
        """Grants in force on a day: started, and not yet ended (null ends = for life)."""
        return self.filter(not_ended_by(day), starts__lte=day)

    def voting(self):
        return self.filter(category__voting_eligible=True)

    def of(self, code):
        return self.filter(category__code=code)

    def held_during(self, first, last):
        """Grants in force on at least one day from `first` to `last`."""
        return self.filter(not_ended_by(first), starts__lte=last)

    def years_held(self, until):
        """The calendar years, up to `until`'s, in which any of these grants was in force."""
        years = set()
        for starts, ends in self.filter(starts__lte=until).values_list("starts", "ends"):
            last = until if ends is None else min(ends, until)
            years.update(range(starts.year, last.year + 1))
        return sorted(years)


class CategoryGrant(models.Model):
    """One stretch of time during which a member held a category; history is never overwritten."""

    class Source(models.TextChoices):
        SIGNUP = "signup", "Signed up"
        CONTRIBUTION = "contribution", "Contribution"
        CERTIFICATION = "certification", "Self-certification"
        BOARD_SEAT = "board_seat", "Board seat"
        SPONSOR = "sponsor", "Sponsor delegate"
        FELLOWSHIP_VOTE = "fellowship_vote", "Fellowship vote"
        LEGACY_IMPORT = "legacy_import", "Legacy roster import"
        STAFF = "staff", "Recorded by staff"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="grants")
    category = models.ForeignKey(
        MembershipCategory, on_delete=models.PROTECT, related_name="grants"
    )
    starts = models.DateField()
    ends = models.DateField(
        null=True, blank=True,
        help_text="Last day held; empty means for life. The day before it starts if it was "
        "never held (declined on its first day).",
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    note = models.CharField(
        max_length=255, blank=True, help_text="Staff only; never shown publicly."
    )
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the renewal reminder went out; it goes once."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CategoryGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-starts"]
        indexes = [models.Index(fields=["category", "starts", "ends"])]
        constraints = [
            # A grant declined on its first day ends the day before: it was held on no day.
            models.CheckConstraint(
                condition=Q(ends__isnull=True)
                | Q(ends__gte=models.F("starts") - datetime.timedelta(days=1)),
                name="category_grant_ends_no_earlier_than_the_day_before_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.member} · {self.category} from {self.starts}"


class SponsorLevel(models.Model):
    """A level of Sponsor Membership, priced by the Board, with its delegate seats."""

    name = models.CharField(max_length=60, unique=True)
    yearly_fee = models.DecimalField(max_digits=10, decimal_places=2)
    delegate_seats = models.PositiveSmallIntegerField(
        help_text="How many Sponsor Delegates the organisation may name."
    )
    benefits = models.TextField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("yearly_fee"),
        FieldPanel("delegate_seats"),
        FieldPanel("benefits"),
    ]

    class Meta:
        ordering = ["yearly_fee"]

    def __str__(self):
        return self.name


class SponsorTermQuerySet(models.QuerySet):
    def covering(self, day):
        """Terms in force on a day."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class SponsorOrganisationQuerySet(models.QuerySet):
    def in_term(self, day):
        """Organisations that are Sponsor Members on a day: one of their terms covers it."""
        terms = SponsorTerm.objects.covering(day).filter(organisation=models.OuterRef("pk"))
        return self.filter(models.Exists(terms))


class SponsorOrganisation(models.Model):
    """An organisation applying for, or holding, Sponsor Membership; its terms are its history."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied, awaiting the member vote"
        ADMITTED = "admitted", "Admitted"
        REFUSED = "refused", "Refused by the member vote"

    name = models.CharField(max_length=150, unique=True)
    website = models.URLField(blank=True)
    level = models.ForeignKey(SponsorLevel, on_delete=models.PROTECT, related_name="sponsors")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    contact_email = models.EmailField(blank=True, help_text="Staff only; never shown publicly.")
    applied_at = models.DateTimeField(auto_now_add=True)

    objects = SponsorOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SponsorTerm(models.Model):
    """One year of Sponsor Membership: from admission by the member vote, or a paid renewal."""

    organisation = models.ForeignKey(
        SponsorOrganisation, on_delete=models.CASCADE, related_name="terms"
    )
    level = models.ForeignKey(SponsorLevel, on_delete=models.PROTECT, related_name="terms")
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="Last day of the term.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text="The staff member who recorded a renewal.",
    )
    payment_reference = models.CharField(
        max_length=100, blank=True, help_text="Staff only; the payment that paid for a renewal."
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SponsorTermQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "starts_on"], name="one_sponsor_term_per_start"
            ),
            models.UniqueConstraint(
                fields=["payment_reference"], condition=~Q(payment_reference=""),
                name="sponsor_payment_recorded_once",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="sponsor_term_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.starts_on} to {self.ends_on}"


class SponsorDelegateQuerySet(models.QuerySet):
    def in_term(self, day):
        """Delegations in force on a day: named, not ended, and the organisation in its term."""
        terms = SponsorTerm.objects.covering(day).filter(
            organisation=models.OuterRef("organisation")
        )
        return self.filter(not_ended_by(day), models.Exists(terms), starts__lte=day)


class SponsorDelegate(models.Model):
    """A member named by a Sponsor Member to vote as its delegate."""

    organisation = models.ForeignKey(
        SponsorOrganisation, on_delete=models.CASCADE, related_name="delegates"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="delegations")
    starts = models.DateField()
    # The last day in force. A delegation ended on its first day ends the day before it
    # began: it was never in force, and its seat is free that same day.
    ends = models.DateField(null=True, blank=True)
    end_reason = models.CharField(
        max_length=255, blank=True,
        help_text="Why the delegation ended before its term did; staff only.",
    )
    grant = models.OneToOneField(
        CategoryGrant, on_delete=models.PROTECT, null=True, blank=True, related_name="delegation"
    )

    objects = SponsorDelegateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "member", "starts"], name="one_delegation_per_start"
            )
        ]

    def __str__(self):
        return f"{self.member} for {self.organisation}"


class Contribution(models.Model):
    """A payment from a member that makes them a Supporting Member for a year, or for life."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="contributions")
    amount = models.DecimalField(max_digits=10, decimal_places=2, help_text="In US dollars.")
    received_on = models.DateField()
    reference = models.CharField(
        max_length=100, blank=True,
        help_text="The payment processor's reference; a payment export is imported once.",
    )
    grant = models.OneToOneField(
        CategoryGrant, on_delete=models.PROTECT, null=True, blank=True,
        related_name="contribution",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""),
                name="contribution_reference_recorded_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_amount_positive"),
        ]

    def __str__(self):
        return f"{self.member} · ${self.amount} on {self.received_on}"


class WorkingGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=WorkingGroup.Status.ACTIVE)


class WorkingGroup(models.Model):
    """A group chartered to work on one aspect of the foundation; Managing Members join them."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed, charter awaiting the member vote"
        ACTIVE = "active", "Active"
        DISSOLVED = "dissolved", "Dissolved"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    purpose = models.TextField(blank=True)
    # The governance app points a CharterPage here; membership never imports governance.
    charter_url = models.URLField(blank=True, help_text="Where the group's charter is published.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    chartered_on = models.DateField(null=True, blank=True)
    dissolved_on = models.DateField(null=True, blank=True)
    budget_allowance = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True,
        help_text="Yearly, in US dollars, if the Board granted one.",
    )
    is_local_user_group = models.BooleanField(
        default=False, help_text="A local user group certified as a working group."
    )

    objects = WorkingGroupQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("purpose"),
        FieldPanel("charter_url"),
        FieldPanel("status"),
        FieldPanel("chartered_on"),
        FieldPanel("dissolved_on"),
        FieldPanel("budget_allowance"),
        FieldPanel("is_local_user_group"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class WorkingGroupMembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)


class WorkingGroupMembership(models.Model):
    """One stretch of time a member spent in a working group."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="working_group_memberships"
    )
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    objects = WorkingGroupMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "member"], condition=Q(left_on__isnull=True),
                name="one_current_membership_per_working_group",
            )
        ]

    def __str__(self):
        return f"{self.member} in {self.working_group}"


class Certification(models.Model):
    """A member's yearly declaration that they are a Managing or Contributing Member."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="certifications")
    category = models.ForeignKey(
        MembershipCategory, on_delete=models.PROTECT, related_name="certifications"
    )
    certified_on = models.DateField()
    affirms_hours = models.BooleanField(help_text="Affirmed 5 to 10 hours a month.")
    working_groups = models.ManyToManyField(WorkingGroup, blank=True, related_name="certifications")
    grant = models.OneToOneField(
        CategoryGrant, on_delete=models.PROTECT, related_name="certification"
    )

    class Meta:
        ordering = ["-certified_on"]

    def __str__(self):
        return f"{self.member} · {self.category} on {self.certified_on}"


class OpenSourceLicence(models.TextChoices):
    """OSI-approved licences a declared project may use: SPDX ids and names.

    "Proprietary code ... isn't a contribution" (new-membership-model.md, "Contributing
    Members"). The PSF's own PSF-2.0 is not OSI-approved as such; Python-2.0 is.
    """

    NOT_STATED = "", "Not stated"
    BSD_0 = "0BSD", "BSD Zero Clause License"
    AGPL_3_ONLY = "AGPL-3.0-only", "GNU Affero General Public License v3.0 only"
    AGPL_3_OR_LATER = "AGPL-3.0-or-later", "GNU Affero General Public License v3.0 or later"
    APACHE_2 = "Apache-2.0", "Apache License 2.0"
    ARTISTIC_2 = "Artistic-2.0", "Artistic License 2.0"
    BSD_2_CLAUSE = "BSD-2-Clause", "BSD 2-Clause “Simplified” License"
    BSD_3_CLAUSE = "BSD-3-Clause", "BSD 3-Clause “New” or “Revised” License"
    BSL_1 = "BSL-1.0", "Boost Software License 1.0"
    EPL_2 = "EPL-2.0", "Eclipse Public License 2.0"
    EUPL_1_2 = "EUPL-1.2", "European Union Public License 1.2"
    GPL_2_ONLY = "GPL-2.0-only", "GNU General Public License v2.0 only"
    GPL_2_OR_LATER = "GPL-2.0-or-later", "GNU General Public License v2.0 or later"
    GPL_3_ONLY = "GPL-3.0-only", "GNU General Public License v3.0 only"
    GPL_3_OR_LATER = "GPL-3.0-or-later", "GNU General Public License v3.0 or later"
    ISC = "ISC", "ISC License"
    LGPL_2_1_ONLY = "LGPL-2.1-only", "GNU Lesser General Public License v2.1 only"
    LGPL_2_1_OR_LATER = "LGPL-2.1-or-later", "GNU Lesser General Public License v2.1 or later"
    LGPL_3_ONLY = "LGPL-3.0-only", "GNU Lesser General Public License v3.0 only"
    LGPL_3_OR_LATER = "LGPL-3.0-or-later", "GNU Lesser General Public License v3.0 or later"
    MIT = "MIT", "MIT License"
    MPL_2 = "MPL-2.0", "Mozilla Public License 2.0"
    POSTGRESQL = "PostgreSQL", "PostgreSQL License"
    PYTHON_2 = "Python-2.0", "Python License 2.0"
    UNLICENSE = "Unlicense", "The Unlicense"
    ZLIB = "Zlib", "zlib License"


class DeclaredProject(models.Model):
    """An open-source project a Contributing Member declared they work on."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField(max_length=120)
    url = models.URLField(validators=[validate_project_address])
    licence = models.CharField(
        max_length=20, choices=OpenSourceLicence.choices, blank=True,
        help_text="Its SPDX id; blank on declarations made before the licence was asked.",
    )

    def __str__(self):
        return self.name


class BoardSeat(models.Model):
    """A member's term on the Board of Directors; it qualifies them as a Managing Member."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="board_seats")
    starts = models.DateField()
    ends = models.DateField()
    grant = models.OneToOneField(
        CategoryGrant, on_delete=models.PROTECT, related_name="board_seat"
    )

    class Meta:
        ordering = ["-starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")), name="board_seat_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return f"{self.member} on the Board {self.starts}–{self.ends}"


class Affiliate(models.Model):
    """A legally organised, Python-focused entity recognised as an affiliate of the foundation."""

    name = models.CharField(max_length=150, unique=True)
    country = models.CharField(max_length=80)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("country"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["country", "name"]

    def __str__(self):
        return self.name


def year_bounds(year):
    """The first and last day of a calendar year."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class ManagingRecognition(models.Model):
    """A Managing Member's agreement to be named on one year's public roll of Managing Members."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="managing_recognitions"
    )
    year = models.PositiveSmallIntegerField()
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"], name="one_managing_recognition_per_year"
            )
        ]

    def __str__(self):
        return f"{self.member} on the Managing Members {self.year} roll"


class ProFormaCharterQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ProFormaCharter.Status.SUBMITTED)

    def approved(self):
        return self.filter(status=ProFormaCharter.Status.APPROVED)

    def in_force(self, on):
        """Approved charters whose year includes the day `on`."""
        return self.approved().filter(decided_on__lte=on, ends__gte=on)


class ProFormaCharter(models.Model):
    """A member's short charter for their work in another community organisation, such as
    the Plone Foundation or NumFOCUS; once the Board approves it, it qualifies them as a
    Managing Member for a year, as a working group does."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for the Board's review"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="pro_forma_charters")
    organisation = models.CharField(max_length=150)
    role = models.CharField(max_length=150, help_text="What the member does there.")
    link = models.URLField(
        max_length=500, validators=[URLValidator(schemes=["https"])],
        help_text="A public https page that shows the member's role.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    reason = models.TextField(blank=True, help_text="The Board's reason, shown to the member.")
    ends = models.DateField(
        null=True, blank=True, help_text="Last day an approved charter is in force."
    )

    objects = ProFormaCharterQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-pk"]

    def __str__(self):
        return f"{self.member} · {self.organisation}"

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class NoticeKind(models.TextChoices):
    """What a member may be told about the proposals they follow, and about their ballots."""

    STAGE = "stage", "A proposal changes stage"
    DECISION = "decision", "A proposal gets a decision"
    VOTE_OPENED = "vote_opened", "A member vote opens on a proposal"
    VOTE_REMINDER = "vote_reminder", "A ballot you have not voted in closes in 48 hours"


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately, one e-mail each"
    DAILY = "daily", "A daily digest"
    WEEKLY = "weekly", "A weekly digest, on Mondays"


class NotificationPreferences(models.Model):
    """What one account is told and how; an account without a row has the defaults (all on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    stage = models.BooleanField("Stage changes", default=True)
    decision = models.BooleanField("Decisions", default=True)
    vote_opened = models.BooleanField("Votes opened", default=True)
    vote_reminder = models.BooleanField("Vote reminders", default=True)
    delivery = models.CharField(max_length=12, choices=Delivery.choices,
                                default=Delivery.IMMEDIATELY)

    # What a member chooses: the preferences form, the service that saves it and the data
    # download all read this list.
    CHOSEN = ("stage", "decision", "vote_opened", "vote_reminder", "delivery")

    class Meta:
        verbose_name_plural = "notification preferences"

    def __str__(self):
        return f"{self.user}: {self.get_delivery_display()}"

    def wants(self, kind):
        """Whether this account is told of `kind` (a NoticeKind) at all."""
        return getattr(self, NoticeKind(kind).value)
