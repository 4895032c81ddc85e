"""Reads that several governance views share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet, TextChoices
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState
from wagtail.query import PageQuerySet

from core.roles import (
    BOARD_GROUPS,
    MEMBERS_GROUP,
    MODERATORS_GROUP,
    is_board_officer,
    roles_held,
)
from core.view_restrictions import public_only, public_related
from governance import deadlines
from governance.amendments import word_diffs
from governance.models import (
    COMMENT_MAX_LENGTH,
    FORMER_MEMBER,
    REVIEW_NOTICE_DAYS,
    Amendment,
    BaseProposalPage,
    CharterPage,
    Comment,
    CommentReport,
    Kind,
    Position,
    ProposalPage,
    Resolution,
    SectionPage,
    Stage,
    search_terms,
    specific_in_order,
)
from membership.names import display_name, display_name_from_columns

if TYPE_CHECKING:
    from django.core.paginator import Page as ListingPage

SEARCH_PAGE_SIZE = 20
# How many members the co-author search answers at most.
CO_AUTHOR_RESULTS = 20

PUBLISH = "wagtail.publish"
PUBLISHED_FOR_DISCUSSION = "Published for discussion"
TEXT_UPDATED = "Text updated"
AMENDMENT_APPLIED = "Amendment “{title}” applied"
RESTRICTED_AMENDMENT_APPLIED = "An adopted amendment applied"
ADOPTED_BY_VOTE = "Adopted by a vote of the members"
VOTED_DOWN = "Voted down by the members"

# What the public timeline says for each lifecycle step, besides publishing.
TIMELINE_STEPS = {
    "governance.submit_for_discussion": "Submitted for discussion",
    "governance.move_to_resolution": "Moved to resolution",
    "governance.restart_decision": "Edited, and the decision restarted",
    "governance.return_to_discussion": "Returned to discussion",
    "governance.refer_to_member_vote": "Referred to a member vote",
    "governance.apply_vote_outcome": ADOPTED_BY_VOTE,
    "governance.adopt": "Adopted by the Board",
    "governance.reject": "Rejected by the Board",
    "governance.withdraw": "Withdrawn at the author's request",
    "governance.retire": "Retired",
    "governance.amend": AMENDMENT_APPLIED,
    "governance.declare_conflict": "Conflict of interest declared and recused",
    "governance.record_existing_policy": "Recorded as a policy adopted before this register",
}
# Steps that publish the decided text themselves: the publish logged just before one
# of them is told by the step.
PUBLISHING_STEPS = {
    "governance.adopt", "governance.apply_vote_outcome", "governance.amend",
    "governance.record_existing_policy",
}
# The Board decides these; the Director or Officer named only recorded the decision.
RECORDED_STEPS = {"governance.adopt", "governance.reject"}


@dataclass(frozen=True)
class TimelineEvent:
    """One step of a proposal's public history: what happened, who did it, when."""

    timestamp: datetime
    what: str
    by: str  # " by Dana Director", ", recorded by Dana Director", or "" for the site itself

    @property
    def sentence(self) -> str:
        return self.what + self.by


def proposal_timeline(page: BaseProposalPage) -> list[TimelineEvent]:
    """Every step of a proposal's history, oldest first, as sentences naming who acted.

    A run of publications after the first reads as one "Text updated", dated by the last.
    """
    entries = list(
        PageLogEntry.objects.filter(page=page, action__in=[PUBLISH, *TIMELINE_STEPS])
        .select_related("user__member")
        .order_by("timestamp", "pk")
    )
    hidden = _restricted_proposals(entries)
    events: list[TimelineEvent] = []
    published = False
    for entry, following in zip_longest(entries, entries[1:]):
        if entry.action == PUBLISH and following and following.action in PUBLISHING_STEPS:
            continue
        event = TimelineEvent(entry.timestamp, _what(entry, published, hidden), _actor(entry))
        published = published or entry.action == PUBLISH
        if event.what == TEXT_UPDATED and events and events[-1].what == TEXT_UPDATED:
            events[-1] = event
        else:
            events.append(event)
    return events


def _what(entry: PageLogEntry, published: bool, hidden: set[int | None]) -> str:
    if entry.action == PUBLISH:
        return TEXT_UPDATED if published else PUBLISHED_FOR_DISCUSSION
    data = entry.data or {}
    if entry.action == "governance.apply_vote_outcome" and not data.get("passed"):
        return VOTED_DOWN
    if entry.action == "governance.amend":
        if _named_proposal(entry) in hidden | {None}:
            # The timeline is public: a restricted amendment is not named (core.view_restrictions).
            return RESTRICTED_AMENDMENT_APPLIED
        return AMENDMENT_APPLIED.format(title=data["proposal"]["title"])
    return TIMELINE_STEPS[entry.action]


def _actor(entry: PageLogEntry) -> str:
    # Log entries keep a deleted account's id with no row behind it (no constraint).
    if not (entry.user_id and entry.user):
        return ""
    verb = ", recorded by" if entry.action in RECORDED_STEPS else " by"
    return f"{verb} {display_name(entry.user)}"


def _named_proposal(entry: PageLogEntry) -> int | None:
    return ((entry.data or {}).get("proposal") or {}).get("id")


def _restricted_proposals(entries: list[PageLogEntry]) -> set[int | None]:
    named = {_named_proposal(entry) for entry in entries} - {None}
    if not named:
        return set()
    public = public_only(Page.objects.filter(pk__in=named)).values_list("pk", flat=True)
    return named - set(public)


REJECTED_BY_BOARD = "Rejected by the Board"
WITHDRAWN = "Withdrawn at the author's request"
APPLIED_TO = "Applied as an amendment to"
APPLIED_TO_RESTRICTED = "Applied as an amendment to a policy"
# The steps that archive a proposal; the last one on the record says why it is archived.
ARCHIVING_STEPS = ("governance.reject", "governance.withdraw", "governance.apply_vote_outcome",
                   "governance.adopt")


@dataclass(frozen=True)
class ArchiveReason:
    """Why a proposal is in Archived proposals; `policy` is the policy it amended, if public."""

    text: str
    policy: Page | None = None


def with_archive_reasons(proposals: list[BaseProposalPage]) -> list[BaseProposalPage]:
    """The archived `proposals`, each with `.archive_reason` (None if the record is silent).

    Two queries whatever the number of proposals.
    """
    ids = [proposal.pk for proposal in proposals]
    last_step = {}
    steps = PageLogEntry.objects.filter(page_id__in=ids, action__in=ARCHIVING_STEPS)
    for entry in steps.order_by("timestamp", "pk"):
        last_step[entry.page_id] = entry
    applied = public_related(
        Amendment.objects.filter(proposal_id__in=ids).select_related("policy"), "policy"
    )
    policies = {amendment.proposal_id: amendment.policy for amendment in applied}
    for proposal in proposals:
        proposal.archive_reason = _archive_reason(
            last_step.get(proposal.pk), policies.get(proposal.pk)
        )
    return proposals


def archive_reason(page: BaseProposalPage) -> ArchiveReason | None:
    """Why `page` is archived, or None while it is in another stage."""
    if page.stage != Stage.ARCHIVED:
        return None
    return with_archive_reasons([page])[0].archive_reason


def _archive_reason(entry: PageLogEntry | None, policy: Page | None) -> ArchiveReason | None:
    if entry is None:
        return None
    if entry.action == "governance.reject":
        return ArchiveReason(REJECTED_BY_BOARD)
    if entry.action == "governance.withdraw":
        return ArchiveReason(WITHDRAWN)
    if entry.action == "governance.apply_vote_outcome" and not (entry.data or {}).get("passed"):
        return ArchiveReason(VOTED_DOWN)
    # Adopted, yet archived: an amendment, applied to its policy.
    if policy is None:
        return ArchiveReason(APPLIED_TO_RESTRICTED)
    return ArchiveReason(APPLIED_TO, policy)


# How the register sorts: (label, key) per GET value, blank dates last.
REGISTER_ORDERS = {
    "title": ("Title", lambda policy: policy.title.lower()),
    "effective": (
        "Effective date", lambda policy: (policy.effective_on is None, policy.effective_on)
    ),
    "review": ("Review date", lambda policy: (policy.review_date is None, policy.review_date)),
    "sunset": ("Sunset date", lambda policy: (policy.sunset_date is None, policy.sunset_date)),
}


def policies_due_for_review(
    queryset: QuerySet[Page], *, on: date | None = None
) -> QuerySet[Page]:
    """Narrow policies to those whose review date falls within the notice period, or has passed."""
    on = on or timezone.localdate()
    return queryset.filter(review_date__lte=on + timedelta(days=REVIEW_NOTICE_DAYS))


def active_policies(
    *,
    kind: str = "",
    due_for_review: bool = False,
    order: str = "title",
    on: date | None = None,
    include_restricted: bool = False,
) -> list[BaseProposalPage]:
    """Every live active policy with its adopting resolution, latest amendment and supersedes.

    Only public policies unless `include_restricted` (the Board's report, housekeeping).
    A fixed number of queries whatever the number of policies: per page type, one
    for the pages and one for each prefetched relation.
    """
    section = SectionPage.objects.get(stage=Stage.ACTIVE)
    policies = []
    for model in (ProposalPage, CharterPage):
        queryset = model.objects.child_of(section).live().prefetch_related(
            Prefetch("supersedes", queryset=_superseded(include_restricted)),
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.filter(outcome=Resolution.Outcome.ADOPTED),
                to_attr="adopted_resolutions",
            ),
            Prefetch(
                "amendment_records",
                queryset=_amendments_newest_first(include_restricted),
                to_attr="amendments_newest_first",
            ),
        )
        if not include_restricted:
            queryset = public_only(queryset)
        if kind in Kind.values:
            queryset = queryset.filter(kind=kind)
        if due_for_review:
            queryset = policies_due_for_review(queryset, on=on)
        policies.extend(queryset)
    _label, key = REGISTER_ORDERS.get(order, REGISTER_ORDERS["title"])
    return sorted(policies, key=key)


def _superseded(include_restricted: bool) -> PageQuerySet:
    pages = Page.objects.order_by("title")
    return pages if include_restricted else public_only(pages)


def _amendments_newest_first(include_restricted: bool) -> QuerySet[Amendment]:
    amendments = Amendment.objects.select_related("proposal").order_by("-applied_at")
    return amendments if include_restricted else public_related(amendments, "proposal")


def resolutions_with_ballots(page: BaseProposalPage) -> list[Resolution]:
    """The page's public resolutions, each with `.ballot`: its member vote, if it went to one."""
    from governance.models import Resolution
    from voting.models import Ballot

    resolutions = list(page.public_resolutions())
    ballots = Ballot.objects.about_any(Resolution, [resolution.pk for resolution in resolutions])
    by_resolution = {ballot.subject_id: ballot for ballot in ballots}
    for resolution in resolutions:
        resolution.ballot = by_resolution.get(resolution.pk)
    return resolutions


def proposal_page_context(
    page: BaseProposalPage, *, user: User | AnonymousUser
) -> dict[str, Any]:
    """What a proposal's public page shows `user`: its record and its poll."""
    if page.pk is None:
        return _unsaved_proposal(page)
    held = roles_held(user)  # one query answers both the poll and the discussion
    viewer_is_member = bool(held & {MEMBERS_GROUP, *BOARD_GROUPS})
    return (
        _proposal_record(page)
        | _proposal_poll(page, user, viewer_is_member=viewer_is_member)
        | _proposal_discussion(
            page, viewer_is_member=viewer_is_member, viewer_moderates=MODERATORS_GROUP in held
        )
    )


def _unsaved_proposal(page: BaseProposalPage) -> dict[str, Any]:
    """A page being added is previewed before its first save: no record, no poll yet."""
    return {
        "stage": page.stage, "timeline": [], "resolutions": [], "recusals": [],
        "amends": page.amends if page.amends_id else None,
        "superseded": page.supersedes.all(),
        "amendments": [], "applied_to": None, "archive_reason": None,
        "authors": page.authors(),
        "poll_open": False, "stances_total": 0, "discussion": None, "word_diffs": [],
        "discussion_open": False, "comment_count": 0, "threads": [],
    }


def _proposal_record(page: BaseProposalPage) -> dict[str, Any]:
    """What has happened to the page. Lazy: read only if the template renders it,
    not when cached fragments serve."""
    return {
        "stage": SimpleLazyObject(lambda: page.stage),
        "timeline": SimpleLazyObject(lambda: proposal_timeline(page)),
        "resolutions": SimpleLazyObject(lambda: resolutions_with_ballots(page)),
        "recusals": SimpleLazyObject(page.recusals),
        "amends": SimpleLazyObject(page.public_amends),
        "superseded": SimpleLazyObject(page.public_supersedes),
        "amendments": SimpleLazyObject(page.public_amendments),
        "applied_to": SimpleLazyObject(page.public_applied_to),
        "archive_reason": SimpleLazyObject(lambda: archive_reason(page)),
        "authors": SimpleLazyObject(page.authors),
        "discussion": SimpleLazyObject(lambda: discussion_dates(page)),
        "word_diffs": SimpleLazyObject(lambda: word_diffs(page)),
    }


def discussion_dates(page: BaseProposalPage) -> dict[str, date | None] | None:
    """When a proposal in discussion started it and the earliest day the Board may decide it."""
    if not (page.live and page.stage == Stage.DISCUSSION):
        return None
    since, earliest = deadlines.discussion_dates(page)
    return {"since": since, "earliest": earliest}


def _proposal_poll(
    page: BaseProposalPage, user: User | AnonymousUser, *, viewer_is_member: bool
) -> dict[str, Any]:
    """The sense of the room: the tally for everyone; the stances for members only."""
    stances = (
        list(page.stances.select_related("member__member").order_by("-updated_at"))
        if viewer_is_member
        else []
    )
    # Lazy, like the rest of the page: a visitor's poll may come from a cached fragment.
    tally = SimpleLazyObject(page.stance_tally)
    return {
        "poll_open": SimpleLazyObject(lambda: page.live and page.stage == Stage.DISCUSSION),
        "tally": tally,
        "stances_total": SimpleLazyObject(lambda: sum(number for _label, number in tally)),
        "viewer_is_member": viewer_is_member,
        "stances": stances,
        "own_stance": next((s for s in stances if s.member_id == user.pk), None),
        "positions": Position.choices,
    }


def _proposal_discussion(
    page: BaseProposalPage, *, viewer_is_member: bool, viewer_moderates: bool
) -> dict[str, Any]:
    """The discussion: its size for everyone; the thread for members and moderators only,
    like the stances' reasons."""
    viewer_reads = viewer_moderates or viewer_is_member
    return {
        "discussion_open": SimpleLazyObject(lambda: page.live and page.stage == Stage.DISCUSSION),
        # Lazy: a visitor's count may come from a cached fragment.
        "comment_count": SimpleLazyObject(page.discussion_comments.count),
        "threads": discussion_threads(page) if viewer_reads else [],
        "viewer_reads_discussion": viewer_reads,
        "viewer_moderates": viewer_moderates,
        "comment_max_length": COMMENT_MAX_LENGTH,
    }


@dataclass
class ThreadComment:
    """A comment as its thread shows it, read from its columns without model instances."""

    pk: int
    reply_to_id: int | None
    author_id: int | None
    author_name: str
    by_an_author: bool
    text: str
    created_at: datetime
    hiding_reason: str
    is_hidden: bool
    thread_replies: list[ThreadComment] = field(default_factory=list)


THREAD_COLUMNS = (
    "pk", "reply_to_id", "author_id", "text", "created_at", "hidden_at", "hiding_reason",
    "author__is_active", "author__member__name", "author__first_name", "author__last_name",
)


def discussion_threads(page: BaseProposalPage) -> list[ThreadComment]:
    """The comments on a proposal that start a thread, oldest first, each with its
    `thread_replies`: two queries, however many comments."""
    author_ids = {page.owner_id, *(user.pk for user in page.co_authors.all())}
    threads, replies = [], defaultdict(list)
    for row in page.discussion_comments.values_list(*THREAD_COLUMNS):
        comment = _thread_comment(*row, author_ids=author_ids)
        if comment.reply_to_id is None:
            threads.append(comment)
        else:
            replies[comment.reply_to_id].append(comment)
    for thread in threads:
        thread.thread_replies = replies[thread.pk]
    return threads


def _thread_comment(
    pk: int, reply_to_id: int | None, author_id: int | None, text: str, created_at: datetime,
    hidden_at: datetime | None, hiding_reason: str, is_active: bool | None,
    member_name: str | None, first_name: str | None, last_name: str | None, *,
    author_ids: set[int],
) -> ThreadComment:
    # A closed account keeps its comments, signed as Comment.author_name signs them.
    name = FORMER_MEMBER if author_id is None or not is_active else display_name_from_columns(
        member_name=member_name, first_name=first_name, last_name=last_name, pk=author_id
    )
    return ThreadComment(
        pk=pk, reply_to_id=reply_to_id, author_id=author_id, author_name=name,
        by_an_author=author_id is not None and author_id in author_ids, text=text,
        created_at=created_at, hiding_reason=hiding_reason, is_hidden=hidden_at is not None,
    )


def discussion_record(user: User) -> dict[str, list[dict[str, Any]]]:
    """The comments a member wrote and the reports they made, for their data download."""
    comments = Comment.objects.filter(author=user).select_related("page").order_by("created_at")
    reports = CommentReport.objects.filter(reporter=user).order_by("created_at")
    return {
        "discussion_comments": [
            {"id": comment.pk, "proposal": comment.page.title, "reply_to": comment.reply_to_id,
             "text": comment.text, "written_at": str(comment.created_at),
             "hidden_by_a_moderator_because": comment.hiding_reason or None}
            for comment in comments
        ],
        "comment_reports": [
            {"comment": report.comment_id, "reason": report.reason,
             "reported_at": str(report.created_at)}
            for report in reports
        ],
    }


@dataclass(frozen=True)
class SearchResult:
    page: Page
    section: SectionPage | None

    @property
    def stage_label(self) -> str:
        return self.section.get_stage_display() if self.section else ""


def search_proposals(
    query: str, *, page_number: int | str | None = None, per_page: int = SEARCH_PAGE_SIZE
) -> tuple[ListingPage[Page], list[SearchResult]]:
    """Live, public proposals and policies matching `query`, best first, with their stage.

    A fixed number of queries per results page: the search, one per page type and
    one for the five sections.
    """
    pages = public_only(Page.objects.live().type(ProposalPage, CharterPage)).search(
        search_terms(query)
    )
    listing = Paginator(pages, per_page).get_page(page_number)
    sections = {section.path: section for section in SectionPage.objects.all()}
    results = [
        SearchResult(page, sections.get(page.path[: -page.steplen]))
        for page in specific_in_order(listing.object_list)
    ]
    return listing, results


def withdrawal_requests(page: BaseProposalPage) -> list[tuple[datetime, User | None, str]]:
    """The authors' requests to withdraw `page`, newest first: (when, who, reason)."""
    from wagtail.models import PageLogEntry

    entries = PageLogEntry.objects.filter(
        page=page, action="governance.request_withdrawal"
    ).select_related("user").order_by("-timestamp")
    return [(entry.timestamp, entry.user, entry.data.get("reason", "")) for entry in entries]


def live_active_policies(
    *, excluding: Page | None = None, of_type: type[Page] | None = None
) -> PageQuerySet:
    """The live pages of the Active policies section, by title: what a proposal may amend
    or supersede (strategic decision-making, "Active policies").

    `excluding` leaves a page out (a policy never replaces itself); `of_type` keeps one
    page type (an amendment amends a policy of its own type).
    """
    types = (of_type,) if of_type else (ProposalPage, CharterPage)
    section = SectionPage.objects.get(stage=Stage.ACTIVE)
    policies = Page.objects.child_of(section).live().type(*types)
    if excluding is not None and excluding.pk:
        policies = policies.exclude(pk=excluding.pk)
    return policies.order_by("title")


def co_author_candidates() -> QuerySet[User]:
    """Active accounts of the members who may write proposals: those who may co-author."""
    writers = Group.objects.filter(name__in=(MEMBERS_GROUP, *BOARD_GROUPS))
    return get_user_model().objects.filter(
        is_active=True, pk__in=writers.values("user")
    )


def co_authors_named(query: str, *, limit: int = CO_AUTHOR_RESULTS) -> QuerySet[User]:
    """Up to `limit` co-author candidates whose member name contains `query`, by name."""
    return co_author_candidates().filter(member__name__icontains=query).select_related(
        "member"
    ).order_by("member__name", "pk")[:limit]


def pages_open_to(user: User, *, pages: PageQuerySet) -> PageQuerySet:
    """`pages` narrowed to what `user` may see in the admin: live pages, their own and
    co-authored drafts, and submissions awaiting their review. The Board sees them all."""
    if user.is_superuser or is_board_officer(user):
        return pages
    # One `pk__in` of a subquery, as the search backends take no other condition on pages.
    return pages.filter(pk__in=_page_ids_open_to(user))


def _page_ids_open_to(user: User) -> QuerySet[Page, Any]:
    co_authored = [
        Q(pk__in=model.objects.filter(co_authors=user).values("pk"))
        for model in (ProposalPage, CharterPage)
    ]
    return Page.objects.filter(
        Q(live=True) | Q(owner=user) | co_authored[0] | co_authored[1]
        | Q(Exists(_reviewable_by(user)))
    ).values("pk")


def _reviewable_by(user: User) -> QuerySet[TaskState]:
    # A workflow's object id is text; the page's id is cast to match, as Wagtail does.
    return TaskState.objects.reviewable_by(user).filter(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id=Cast(OuterRef("pk"), CharField()),
    )


class ProposalState(TextChoices):
    """Where a member's proposal stands, as their dashboard names it."""

    DRAFT = "draft", "a draft"
    AWAITING_MODERATOR = "awaiting_moderator", "awaiting a moderator"
    IN_DISCUSSION = "in_discussion", "in discussion"
    IN_RESOLUTION = "in_resolution", "in resolution"
    ADOPTED = "adopted", "adopted"
    RETIRED = "retired", "retired"
    ARCHIVED = "archived", "archived"


STATE_OF_LIVE_PAGE: dict[str | None, ProposalState] = {
    Stage.DISCUSSION: ProposalState.IN_DISCUSSION,
    Stage.RESOLUTION: ProposalState.IN_RESOLUTION,
    Stage.ACTIVE: ProposalState.ADOPTED,
    Stage.RETIRED: ProposalState.RETIRED,
    Stage.ARCHIVED: ProposalState.ARCHIVED,
}


@dataclass(frozen=True)
class ProposalStanding:
    """A proposal, its section and its state; the dates and the reason where they apply."""

    page: BaseProposalPage
    section: SectionPage | None
    state: ProposalState
    since: date | None = None
    earliest_decision: date | None = None
    archive_reason: ArchiveReason | None = None


def proposal_standings(pages: list[BaseProposalPage]) -> list[ProposalStanding]:
    """The state of each of `pages`, in their order: the one place that decides it.

    A fixed number of queries however many pages: the sections, the moderation
    workflows, the returns to discussion, the rules and the archive reasons.
    """
    sections = {section.path: section for section in SectionPage.objects.all()}
    moderated = _awaiting_moderation({page.pk for page in pages if not page.live})
    live = [(page, _stage(page, sections)) for page in pages if page.live]
    in_discussion = [page for page, stage in live if stage == Stage.DISCUSSION]
    archived = [page for page, stage in live if stage == Stage.ARCHIVED]
    dates = deadlines.discussion_dates_of(in_discussion) if in_discussion else {}
    reasons = {page.pk: page.archive_reason for page in with_archive_reasons(archived)}
    standings = []
    for page in pages:
        section = sections.get(page.path[: -page.steplen])
        since, earliest = dates.get(page.pk, (None, None))
        standings.append(ProposalStanding(
            page, section, _state(page, section, moderated), since, earliest,
            reasons.get(page.pk),
        ))
    return standings


def _stage(page: BaseProposalPage, sections: dict[str, SectionPage]) -> str | None:
    section = sections.get(page.path[: -page.steplen])
    return section.stage if section else None


def _state(
    page: BaseProposalPage, section: SectionPage | None, moderated: set[int]
) -> ProposalState:
    if not page.live:
        return ProposalState.AWAITING_MODERATOR if page.pk in moderated else ProposalState.DRAFT
    return STATE_OF_LIVE_PAGE.get(section.stage if section else None, ProposalState.DRAFT)


def _awaiting_moderation(page_ids: set[int]) -> set[int]:
    """The ids among `page_ids` of pages submitted and waiting in a workflow."""
    if not page_ids:
        return set()
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in page_ids],
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    return {int(object_id) for object_id in states.values_list("object_id", flat=True)}
