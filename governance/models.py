"""Governance pages, resolutions and amendments (docs/architecture.md section 3).

The rules come from the strategic decision-making document: a proposal's stage
is the section it sits in, so there is no second status field to drift.

The modules that decide and read (the roles, the lifecycle, the selectors, the
permission testers, the feeds, the editor's form) import these models, so these
models import none of them: what a page or the Board's task needs from them is
handed in by `GovernanceConfig.ready` (governance/apps.py), and an import contract
in pyproject.toml keeps it so.
"""

import contextvars
import hashlib
import json
import re
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.locks import BaseLock
from wagtail.models import Page, PageManager, PageQuerySet, Task, TaskState
from wagtail.search import index

from core.roles import is_board_officer
from core.view_restrictions import ViewRestrictionsMixin, public_only, public_related
from governance.serializers import (
    AmendmentSerializer,
    PageReferenceSerializer,
    RecusalSerializer,
    ResolutionSerializer,
)
from governance.widgets import CoAuthorChooser
from membership.models import NoticeKind
from membership.names import display_name
from voting.models import Ballot

LISTING_PAGE_SIZE = 20
# Years the calendar has, in ASCII digits: "0", "99999" or "²" would crash the lookup.
LISTING_YEAR = re.compile(r"[1-9][0-9]{0,3}")
NOT_A_YEAR = "There is no year “{year}”: showing every year. Choose a year from the list."
REGISTER_PATH = "/governance/register/"


class Stage(models.TextChoices):
    """The five sections of the strategic decision-making process."""

    DISCUSSION = "discussion", "Proposals for discussion"
    RESOLUTION = "resolution", "Proposals for resolution"
    ACTIVE = "active", "Active policies"
    RETIRED = "retired", "Retired policies"
    ARCHIVED = "archived", "Archived proposals"


class Kind(models.TextChoices):
    """What a proposal asks for."""

    NEW_POLICY = "new_policy", "New policy"
    AMENDMENT = "amendment", "Amendment"
    CHARTER = "charter", "Working-group charter"
    OTHER = "other", "Other"


AMENDS_NEEDS_KIND = "Only an amendment may point at a policy it amends."
KIND_NEEDS_AMENDS = "An amendment must say which active policy it amends."
AMENDS_NOT_ACTIVE = "An amendment can only amend an active policy."
AMENDS_OTHER_TYPE = "A proposal can only amend a policy of its own type."
SUNSET_BEFORE_EFFECTIVE = "The sunset date cannot be earlier than the effective date."
# Why a proposal's text cannot change outside discussion, and what to do instead.
TEXT_FROZEN = {
    "resolution": "“{title}” is being decided: its text stays as it was published for "
    "discussion. To change it, a Director or Officer returns it to discussion (which "
    "cancels an open member vote).",
    "active": "“{title}” is an active policy: its text is what was decided. To change it, "
    "propose an amendment for discussion.",
    "retired": "“{title}” is a retired policy and is kept as it was.",
    "archived": "“{title}” is archived and kept as it was; write a new proposal instead.",
}
UNDER_MEMBER_VOTE = (
    "“{title}” is before the voting members: the ballot “{ballot}” is open until {closes}, "
    "and nobody, Directors included, can change the text they are voting on. To change "
    "course, a Director or Officer returns it to discussion, which cancels the ballot."
)

# Set while a lifecycle step writes a page whose text is otherwise frozen.
_lifecycle_writing = contextvars.ContextVar("lifecycle_writing", default=False)


@contextmanager
def lifecycle_writes():
    """Let the lifecycle write a revision of a page outside discussion (an amendment)."""
    token = _lifecycle_writing.set(True)
    try:
        yield
    finally:
        _lifecycle_writing.reset(token)
SLUG_USED = "The address “{slug}” is already used by “{title}” in {section}. Choose another."
SLUG_USED_BY_SECTION = (
    "The address “{slug}” is already used by the section “{title}”. Choose another."
)
SLUG_REDIRECTS = (
    "The address “{slug}” still leads to “{title}”, which was there before it moved. "
    "Choose another."
)

# Directors are reminded this many days before a policy's review date (issue 9).
REVIEW_NOTICE_DAYS = 30

# Who may set a policy's register dates and a page's search-engine fields: Directors and
# Officers (governance.setup grants it).
SET_POLICY_DETAILS = "governance.set_policy_details"

# Proposal and charter pages, for choosers that must offer only governance pages.
PROPOSAL_PAGE_TYPES = {
    "content_type__app_label": "governance",
    "content_type__model__in": ["proposalpage", "charterpage"],
}


@register_setting(icon="time")
class GovernanceRules(BaseGenericSetting):
    """The foundation's governance rules as data, editable in Settings."""

    minimum_discussion_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="A proposal stays in discussion at least this many days, counted from its "
        "publication or its latest return to discussion, before a Director or Officer may "
        "move it to resolution. 0 sets no minimum.",
    )

    panels = [FieldPanel("minimum_discussion_days")]

    class Meta:
        verbose_name = "governance rules"
        permissions = [
            ("set_policy_details", "Can set a policy's register dates and search-engine fields")
        ]


class GovernanceIndexPage(ViewRestrictionsMixin, Page):
    """The root of the governance tree: explains the process and lists the sections."""

    introduction = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["governance.SectionPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = public_only(SectionPage.objects.child_of(self).live().specific())
        context["sections"] = sorted(sections, key=lambda s: list(Stage.values).index(s.stage))
        return context


def _year_error(year):
    """What a hand-made listing address with a year the calendar lacks is told, if it is so."""
    return NOT_A_YEAR.format(year=year[:20]) if year and not LISTING_YEAR.fullmatch(year) else ""


class SectionPage(RoutablePageMixin, ViewRestrictionsMixin, Page):
    """One stage of the lifecycle; a proposal's stage is the section it sits in."""

    stage = models.CharField(max_length=20, choices=Stage.choices)
    introduction = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    settings_panels = Page.settings_panels + [FieldPanel("stage")]
    api_fields = [APIField("stage"), APIField("introduction")]

    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types = ["governance.ProposalPage", "governance.CharterPage"]

    # Set by GovernanceConfig.ready: governance.permissions.SectionPermissionTester,
    # governance.feeds.SectionFeed and governance.selectors.with_archive_reasons.
    permission_tester = None
    feed_class = None
    with_archive_reasons = None

    def __str__(self):
        return self.title

    def proposals(self):
        """The live, public proposals and charters in this section, newest first."""
        return public_only(
            Page.objects.child_of(self)
            .live()
            .type(ProposalPage, CharterPage)
            .order_by("-first_published_at", "-pk")
        )

    def filtered_proposals(self, params):
        """The section's proposals narrowed by the kind, year and search in `params`."""
        proposals = self.proposals()
        kind = params.get("kind", "")
        if kind in Kind.values:
            proposals = proposals.filter(Q(proposalpage__kind=kind) | Q(charterpage__kind=kind))
        year = params.get("year", "")
        if LISTING_YEAR.fullmatch(year):
            proposals = proposals.filter(first_published_at__year=int(year))
        query = search_terms(params.get("q", ""))
        if query:
            # Search results sort only on indexed fields, so the tie-break on pk goes.
            proposals = proposals.order_by("-first_published_at").search(
                query, order_by_relevance=False
            )
        return proposals

    def years(self):
        dates = self.proposals().dates("first_published_at", "year", order="DESC")
        return [date.year for date in dates]

    def listed(self, pages):
        """The listing's pages; in Archived proposals, each says why it is there."""
        proposals = specific_in_order(pages)
        if self.stage == Stage.ARCHIVED:
            return self.with_archive_reasons(proposals)
        return proposals

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: built only if the template renders them, not when a cached fragment serves.
        listing = SimpleLazyObject(
            lambda: Paginator(
                self.filtered_proposals(request.GET), LISTING_PAGE_SIZE
            ).get_page(request.GET.get("page"))
        )
        context.update(
            listing=listing,
            proposals=SimpleLazyObject(lambda: self.listed(listing.object_list)),
            kinds=Kind.choices,
            stages=Stage,
            years=SimpleLazyObject(self.years),
            selected_kind=request.GET.get("kind", ""),
            selected_year=request.GET.get("year", ""),
            year_error=_year_error(request.GET.get("year", "")),
            query=request.GET.get("q", ""),
        )
        return context

    def permissions_for_user(self, user):
        return self.permission_tester(user, self)

    def get_cached_paths(self):
        # The listing, its Atom feed and its JSON Feed (governance/urls.py) show each proposal.
        return ["/", "feed/", "feed.json"]

    @path("feed/")
    def feed(self, request):
        return self.feed_class()(request, section=self)


class ProposalQuerySet(PageQuerySet):
    """Proposals and charters, narrowed by the section they sit in or their authors."""

    def in_stage(self, stage):
        return self.child_of(SectionPage.objects.get(stage=stage))

    def authored_by(self, user):
        return self.filter(Q(owner=user) | Q(co_authors=user)).distinct()


ProposalManager = PageManager.from_queryset(ProposalQuerySet)


class BaseProposalPage(ViewRestrictionsMixin, Page):
    """Fields every proposal shares, whatever its body."""

    summary = models.TextField(help_text="One or two sentences: what the proposal asks for.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEW_POLICY)
    amends = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The active policy this proposal amends, if it is an amendment.",
    )
    amends_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
        help_text="The revision of the amended policy this amendment is drafted against.",
    )
    discussion_url = models.URLField(
        blank=True, help_text="Where members discuss this proposal (mailing list thread, forum)."
    )
    co_authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+",
        help_text="Authors besides the page's owner; they are e-mailed at every transition.",
    )
    effective_date = models.DateField(
        null=True, blank=True,
        help_text="When the policy takes effect; the date of its adoption if left empty.",
    )
    review_date = models.DateField(
        null=True, blank=True,
        help_text=f"When the Board reviews the policy; Directors are e-mailed "
        f"{REVIEW_NOTICE_DAYS} days before.",
    )
    sunset_date = models.DateField(
        null=True, blank=True, help_text="The policy is retired on this date.",
    )
    supersedes = ParentalManyToManyField(
        "wagtailcore.Page", blank=True, related_name="+", limit_choices_to=PROPOSAL_PAGE_TYPES,
        help_text="Policies this one replaces.",
    )

    objects = ProposalManager()
    # Set by GovernanceConfig.ready: the editor's form (governance.page_forms), the
    # permission tester (governance.permissions), the public page's context
    # (governance.selectors) and how an amendment in discussion follows its policy
    # (governance.amendments).
    base_form_class = None
    permission_tester = None
    page_context = None
    bring_up_to_date = None

    parent_page_types = ["governance.SectionPage"]
    subpage_types = []

    # The fields an adopted amendment copies onto the policy it amends.
    amendable_fields = ("summary",)

    search_fields = Page.search_fields + [index.SearchField("summary")]

    # The read API's allow-list (governance/api.py): public fields only, never a count.
    api_fields = [
        APIField("summary"),
        APIField("kind"),
        APIField("stage"),
        APIField("amends", serializer=PageReferenceSerializer(
            allow_null=True, source="public_amends")),
        APIField("effective_on"),
        APIField("review_date"),
        APIField("sunset_date"),
        APIField("supersedes", serializer=PageReferenceSerializer(
            many=True, source="public_supersedes")),
        APIField("resolutions", serializer=ResolutionSerializer(
            many=True, source="public_resolutions")),
        APIField("amendments", serializer=AmendmentSerializer(
            many=True, source="public_amendments")),
        APIField("recusals", serializer=RecusalSerializer(many=True)),
    ]

    # The editor shows a member what they write first: the text (each page type's own
    # panels, between these two lists), then who wrote it and what it changes. The
    # register's dates and the search-engine fields are the Board's: a member's form has
    # no such fields, so a hand-made post cannot set them either.
    opening_panels = Page.content_panels + [FieldPanel("summary")]
    closing_panels = [
        FieldPanel("co_authors", widget=CoAuthorChooser),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("amends", widget=forms.Select),
                FieldPanel("supersedes", widget=forms.CheckboxSelectMultiple),
            ],
            heading="What it changes",
        ),
        FieldPanel("discussion_url"),
        MultiFieldPanel(
            [
                FieldPanel(name, permission=SET_POLICY_DETAILS)
                for name in ("effective_date", "review_date", "sunset_date")
            ],
            heading="In the policy register",
        ),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel(name, permission=SET_POLICY_DETAILS)
                for name in ("slug", "seo_title", "search_description")
            ],
            heading="For search engines",
        ),
        MultiFieldPanel(
            [FieldPanel("show_in_menus", permission=SET_POLICY_DETAILS)],
            heading="For site menus",
        ),
    ]

    class Meta:
        abstract = True

    @property
    def section(self):
        """The SectionPage this proposal sits in, read once per instance and position.

        A page shows its stage several times; the lookup is remembered against the
        parent's path, so a move (which changes the path) is never answered stale.
        """
        parent_path = self.path[: -self.steplen]
        remembered = self.__dict__.get("_section")
        if remembered is None or remembered[0] != parent_path:
            section = SectionPage.objects.filter(path=parent_path).first()
            remembered = self.__dict__["_section"] = (parent_path, section)
        return remembered[1]

    @property
    def stage(self):
        section = self.section
        return section.stage if section else None

    def authors(self):
        """The owner first, then the co-authors."""
        co_authors = [user for user in self.co_authors.all() if user.pk != self.owner_id]
        return ([self.owner] if self.owner_id else []) + co_authors

    def cache_dependent_paths(self):
        """Besides its section, the policy register and any policy it amends show this page."""
        paths = [REGISTER_PATH]
        if self.amends_id and self.amends:
            paths.append(self.amends.get_url_parts()[2])
        return paths

    def adopted_resolution(self):
        """The resolution that adopted this proposal, if any (prefetched by the register)."""
        if hasattr(self, "adopted_resolutions"):
            return next(iter(self.adopted_resolutions), None)
        return self.resolutions.filter(outcome=Resolution.Outcome.ADOPTED).first()

    def latest_amendment(self):
        """The amendment applied last, if any (prefetched by the register)."""
        if hasattr(self, "amendments_newest_first"):
            return next(iter(self.amendments_newest_first), None)
        return self.amendment_records.select_related("proposal").order_by("-applied_at").first()

    @property
    def effective_on(self):
        """The effective date, or the date of the resolution that adopted it."""
        if self.effective_date:
            return self.effective_date
        resolution = self.adopted_resolution() if self.pk else None
        return resolution.decided_on if resolution else None

    # The relations a public page names: only pages anyone may view, as the page is
    # cached for everyone (core.view_restrictions).

    def public_amends(self):
        """The policy this proposal amends, if anyone may view it."""
        if not self.amends_id:
            return None
        return public_only(Page.objects.filter(pk=self.amends_id)).first()

    def public_supersedes(self):
        """The policies this one replaces that anyone may view."""
        superseded = self.supersedes.all()
        # A preview holds the relation in memory; only editors see it.
        return public_only(superseded) if isinstance(superseded, PageQuerySet) else superseded

    def public_amendments(self):
        """The amendments applied to this policy whose proposals anyone may view, oldest first."""
        records = self.amendment_records.select_related("proposal").order_by("applied_at")
        return public_related(records, "proposal")

    def public_applied_to(self):
        """Where this adopted amendment was applied, if anyone may view that policy."""
        records = self.applied_amendments.select_related("policy")
        return public_related(records, "policy").first()

    def public_resolutions(self):
        """The decisions the public sees: every resolution but those superseded by an edit."""
        return self.resolutions.exclude(outcome=Resolution.Outcome.SUPERSEDED).select_related(
            "revision"
        ).order_by("created_at")

    def recusals(self):
        """The Directors' declared conflicts of interest on this proposal, oldest first."""
        return self.conflicts.select_related("director__member").order_by("declared_at")

    def stance_tally(self):
        """(position label, count) for every position, in one aggregate query."""
        return Stance.objects.tally(self)

    def text_is_frozen(self):
        """Outside discussion a proposal's text is what was (or is being) decided."""
        return bool(self.pk) and self.stage not in (None, Stage.DISCUSSION)

    def frozen_text_message(self):
        ballot = self.open_member_vote() if self.stage == Stage.RESOLUTION else None
        if ballot is not None:
            return UNDER_MEMBER_VOTE.format(
                title=self.title, ballot=ballot.title,
                closes=date_format(timezone.localtime(ballot.closes_at), "j F Y, H:i"),
            )
        return TEXT_FROZEN.get(self.stage, "").format(title=self.title)

    def open_member_vote(self):
        """The open ballot deciding this proposal, if it was referred to the members."""
        pending = self.resolutions.filter(
            outcome=Resolution.Outcome.PENDING, method=Resolution.Method.MEMBER_VOTE
        ).first()
        return Ballot.objects.about(pending).open().first() if pending else None

    def get_lock(self):
        if self.text_is_frozen():
            return DecidedTextLock(self)
        return super().get_lock()

    def save_revision(self, *args, **kwargs):
        # The editor refuses through the lock; this refuses every other path.
        if self.text_is_frozen() and not _lifecycle_writing.get():
            raise ValidationError(self.frozen_text_message())
        if self.amends_id and not self.text_is_frozen():
            self.bring_up_to_date(self)
        return super().save_revision(*args, **kwargs)

    def permissions_for_user(self, user):
        return self.permission_tester(user, self)

    def clean(self):
        super().clean()
        self._check_address_is_free()
        effective = self.effective_on
        if self.sunset_date and effective and self.sunset_date < effective:
            raise ValidationError({"sunset_date": SUNSET_BEFORE_EFFECTIVE})
        if self.amends_id and self.kind != Kind.AMENDMENT:
            raise ValidationError({"kind": AMENDS_NEEDS_KIND})
        if self.kind == Kind.AMENDMENT and not self.amends_id:
            raise ValidationError({"amends": KIND_NEEDS_AMENDS})
        if self.amends_id and self.stage in (None, Stage.DISCUSSION, Stage.RESOLUTION):
            policy = self.amends.specific
            if type(policy) is not type(self):
                raise ValidationError({"amends": AMENDS_OTHER_TYPE})
            if policy.stage != Stage.ACTIVE:
                raise ValidationError({"amends": AMENDS_NOT_ACTIVE})

    def minimal_clean(self):
        # A draft saved outside the editor skips clean(); its address is held to the rule too.
        super().minimal_clean()
        self._check_address_is_free()

    def _check_address_is_free(self):
        message = address_taken(self)
        if message:
            raise ValidationError({"slug": message})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.page_context(self, user=request.user))
        return context


class ProposalPage(BaseProposalPage):
    """A proposal written as free text: a new policy, an amendment or anything else."""

    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", icon="title")),
            ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])),
            (
                "quote",
                blocks.StructBlock(
                    [
                        ("quote", blocks.TextBlock()),
                        ("attribution", blocks.CharBlock(required=False)),
                    ],
                    icon="openquote",
                ),
            ),
            (
                "link",
                blocks.StructBlock(
                    [("url", blocks.URLBlock()), ("text", blocks.CharBlock())], icon="link"
                ),
            ),
        ],
        blank=True,
    )

    amendable_fields = ("summary", "body")
    search_fields = BaseProposalPage.search_fields + [index.SearchField("body")]
    api_fields = BaseProposalPage.api_fields + [APIField("body")]
    content_panels = (
        BaseProposalPage.opening_panels + [FieldPanel("body")] + BaseProposalPage.closing_panels
    )

    template = "governance/proposal_page.html"


class CharterPage(BaseProposalPage):
    """A proposal whose body is a working-group charter (membership model, working groups)."""

    purpose = models.TextField(help_text="What the working group is for.")
    duration = models.TextField(help_text="How long the working group is active.")
    end_goal = models.TextField(help_text="The end goal or product of the working group.")
    communication = models.TextField(help_text="How the working group communicates.")
    internal_governance = models.TextField(help_text="How the working group governs itself.")

    charter_fields = ("purpose", "duration", "end_goal", "communication", "internal_governance")
    amendable_fields = ("summary", *charter_fields)
    search_fields = BaseProposalPage.search_fields + [
        index.SearchField(name) for name in charter_fields
    ]
    api_fields = BaseProposalPage.api_fields + [APIField(name) for name in charter_fields]
    content_panels = (
        BaseProposalPage.opening_panels
        + [MultiFieldPanel([FieldPanel(name) for name in charter_fields], heading="Charter")]
        + BaseProposalPage.closing_panels
    )

    template = "governance/proposal_page.html"

    def save(self, *args, **kwargs):
        if not self.amends_id:
            self.kind = Kind.CHARTER
        super().save(*args, **kwargs)

    def charter(self):
        """The five charter fields as (label, text) pairs, in the membership model's order."""
        return [
            (self._meta.get_field(name).help_text.rstrip("."), getattr(self, name))
            for name in self.charter_fields
        ]


class Resolution(models.Model):
    """One decision on a proposal: the exact revision decided, how, and with what outcome."""

    class Method(models.TextChoices):
        BOARD = "board", "Board resolution"
        MEMBER_VOTE = "member_vote", "Binding vote of the voting members"
        EXISTING = "existing", "Board resolution before this register"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending"
        ADOPTED = "adopted", "Adopted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SUPERSEDED = "superseded", "Superseded by an edit"
        RETURNED = "returned", "Returned to discussion"

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="resolutions"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="resolutions",
        help_text="The exact text being decided.",
    )
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.BOARD)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="governance_resolutions",
    )
    minutes_url = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page"], condition=Q(outcome="pending"), name="one_pending_resolution"
            ),
            models.UniqueConstraint(
                fields=["page"], condition=Q(outcome="adopted"), name="one_adopted_resolution"
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} on revision {self.revision_id}: {self.outcome}"

    @property
    def is_pending(self):
        return self.outcome == self.Outcome.PENDING

    @property
    def fingerprint(self):
        """The decided text's short fingerprint (`text_fingerprint`)."""
        return text_fingerprint(self.revision)


class Amendment(models.Model):
    """An adopted amendment applied to a policy: the policy's new revision and its source."""

    policy = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="amendment_records"
    )
    proposal = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="applied_amendments"
    )
    resolution = models.OneToOneField(
        Resolution, on_delete=models.CASCADE, related_name="amendment"
    )
    policy_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="amendments",
        help_text="The policy's revision that carries the amended text.",
    )
    applied_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.proposal} amends {self.policy}"


class ReviewReminder(models.Model):
    """A reminder, sent once to the Directors, that a policy is due for review on a date."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="review_reminders"
    )
    review_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "review_date"], name="one_reminder_per_review_date"
            )
        ]

    def __str__(self):
        return f"Review of {self.page} on {self.review_date}"


class ConflictOfInterest(models.Model):
    """A Director's declared conflict of interest: they recuse from deciding the proposal."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="conflicts")
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="governance_conflicts"
    )
    reason = models.TextField()
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "director"], name="one_conflict_per_director")
        ]

    def __str__(self):
        return f"{self.director} recuses from {self.page}"


class Position(models.TextChoices):
    """A member's sense of the room on a proposal (the document's deferred Loomio-like poll)."""

    AGREE = "agree", "Agree"
    ABSTAIN = "abstain", "Abstain"
    DISAGREE = "disagree", "Disagree"
    BLOCK = "block", "Block"


class StanceQuerySet(models.QuerySet):
    def tally(self, page):
        """(position label, count) for every position on `page`, in one aggregate query."""
        counts = self.filter(page=page).aggregate(
            **{
                position.value: models.Count("pk", filter=Q(position=position.value))
                for position in Position
            }
        )
        return [(position.label, counts[position.value]) for position in Position]


class Stance(models.Model):
    """One member's position on a proposal in discussion; stances are not secret."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="stances")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="governance_stances"
    )
    position = models.CharField(max_length=10, choices=Position.choices)
    reason = models.CharField(max_length=280, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StanceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "member"], name="one_stance_per_member")
        ]

    def __str__(self):
        return f"{self.member}: {self.position} on {self.page}"


class Follow(models.Model):
    """A member follows a proposal, or a section and every proposal in it.

    A proposal's authors follow it without a row (`governance.following.followers`).
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="governance_follows"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "page"], name="one_follow_per_page")
        ]

    def __str__(self):
        return f"{self.member} follows {self.page}"


class Notice(models.Model):
    """Something a follower is told in their next digest; sent once, then marked."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="governance_notices"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "member"], name="notice_unsent")]

    def __str__(self):
        return f"{self.member}: {self.text}"


# A comment or a report longer than this is refused: the form says so, the database never sees it.
COMMENT_MAX_LENGTH = 5000
HIDING_REASON_MAX_LENGTH = 500
REPORT_REASON_MAX_LENGTH = 1000
FORMER_MEMBER = "a former member"


class Comment(models.Model):
    """A member's comment on a proposal in discussion, or a reply to one (one level deep)."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="discussion_comments"
    )
    # A closed account keeps its comments; they are signed "a former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
        related_name="discussion_comments",
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    hiding_reason = models.CharField(max_length=HIDING_REASON_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "created_at"], name="comments_on_page_in_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at=None) | ~Q(hiding_reason=""),
                name="hidden_comment_has_a_reason",
            )
        ]

    def __str__(self):
        return f"Comment {self.pk} on {self.page_id}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def author_name(self):
        """The name shown beside the comment: a closed account is "a former member"."""
        if self.author is None or not self.author.is_active:
            return FORMER_MEMBER
        return display_name(self.author)


class CommentReport(models.Model):
    """A member's report of a comment under the Code of Conduct; moderators are told."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.TextField(max_length=REPORT_REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_member")
        ]

    def __str__(self):
        return f"Report of comment {self.comment_id} by {self.reporter_id}"


class ResolutionTask(Task):
    """The Board's step: adopt, reject or refer the pinned revision to a member vote."""

    # Set by GovernanceConfig.ready to governance.board_decisions, which asks the roles
    # module who may decide and has the lifecycle carry the decision out.
    decisions = None

    def user_can_access_editor(self, obj, user):
        return is_board_officer(user)

    def locked_for_user(self, obj, user):
        # The text being decided is frozen for everyone (BaseProposalPage.get_lock).
        return True

    def get_actions(self, obj, user):
        return self.decisions.actions(obj.specific, user)

    def get_template_for_action(self, action):
        # The Board decides with the members' sense of the room and the recusals in view.
        return "governance/admin/resolution_action_modal.html"

    def get_form_for_action(self, action):
        return self.decisions.form_for(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        page = task_state.workflow_state.content_object.specific
        self.decisions.decide(page, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if is_board_officer(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return _("Directors and Officers adopt, reject or refer the proposal to a member vote")

    class Meta:
        verbose_name = "Resolution task"


class DecidedTextLock(BaseLock):
    """Wagtail's lock on a proposal outside discussion: its text is frozen for everyone."""

    def for_user(self, user):
        return True

    def get_message(self, user):
        return self.object.frozen_text_message()

    def get_locked_by(self, user):
        return _("Being decided") if self.object.stage == Stage.RESOLUTION else _("Decided")

    def get_description(self, user):
        return self.object.frozen_text_message()


def field_text(page, name):
    """A field's text in one canonical form, so two versions compare equal when they are:
    a StreamField's JSON comes back with its keys in another order from PostgreSQL."""
    field = page._meta.get_field(name)
    return json.dumps(
        field.get_prep_value(field.value_from_object(page)), sort_keys=True,
        cls=DjangoJSONEncoder,
    )


def text_fingerprint(revision):
    """The first 12 hex digits of a SHA-256 of a revision's text: its title and the fields
    an amendment may change. Shown wherever the text is decided."""
    page = revision.as_object()
    parts = [page.title] + [field_text(page, name) for name in page.amendable_fields]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def search_terms(query):
    """The words of a visitor's query, without the quotes and operators a search engine
    would parse (SQLite's full text search fails on an unbalanced quote)."""
    return " ".join(re.findall(r"\w+", query))[:200]


def address_taken(page):
    """Why `page` cannot have its slug, or "" when the address is free (issue 17).

    Every move between sections keeps the slug, so it must be free in every section
    and in every redirect an earlier move left; then no move can fail on its address.
    One query reads the sections, the page as stored and any page with the slug.
    """
    if not page.slug:
        return ""  # Wagtail makes one from the title on save, and checks it then.
    pages = list(
        Page.objects.type(SectionPage, ProposalPage, CharterPage)
        .filter(Q(slug=page.slug) | Q(pk=page.pk) | Q(sectionpage__isnull=False))
        .order_by("path")
    )
    stored = next((row for row in pages if row.pk == page.pk), None)
    if stored is not None and stored.slug == page.slug:
        return ""
    sections = {row.path: row for row in pages if row.specific_class is SectionPage}
    holder = next((row for row in pages if row.slug == page.slug and row.pk != page.pk), None)
    if holder is not None:
        return _used_by(holder, sections, page.slug)
    return _redirected_from(page, sections.values())


def _used_by(holder, sections, slug):
    if holder.path in sections:
        return SLUG_USED_BY_SECTION.format(slug=slug, title=holder.title)
    section = sections[holder.path[: -holder.steplen]]
    return SLUG_USED.format(slug=slug, title=holder.title, section=section.title)


def _redirected_from(page, sections):
    """The message for a redirect that already answers at the page's address in any section."""
    section_paths = [section.get_url_parts() for section in sections]
    paths = [Redirect.normalise_path(parts[2] + page.slug) for parts in section_paths if parts]
    redirects = Redirect.objects.filter(old_path__in=paths).select_related("redirect_page")
    if page.pk is not None:
        # A page moved back to a section it left finds its own redirect there.
        redirects = redirects.exclude(redirect_page_id=page.pk)
    redirect = redirects.first()
    if redirect is None:
        return ""
    target = redirect.redirect_page.title if redirect.redirect_page else redirect.redirect_link
    return SLUG_REDIRECTS.format(slug=page.slug, title=target)


def specific_in_order(pages):
    """The specific pages for `pages`, in the same order, in one query per page type."""
    pks = [page.pk for page in pages]
    by_pk = {page.pk: page for page in Page.objects.filter(pk__in=pks).specific()}
    return [by_pk[pk] for pk in pks if pk in by_pk]
