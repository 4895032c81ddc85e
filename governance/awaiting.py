"""What awaits a person: the one answer the dashboard's "Awaiting you" and the header's count share.

It spans moderation, the Board's decisions, ballots and nominations, so it lives in
governance, the top domain app (docs/architecture.md section 1). Each list is read
whole in a fixed number of queries, whatever the number of proposals or ballots, as
every page a signed-in person opens shows the count. Each item says what waits and
links to where to act; the states are the ones the lifecycle, Wagtail's workflow and
the ballots already keep.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Page, PageLogEntry, TaskState

from core.roles import BOARD_GROUPS, MODERATORS_GROUP, is_signed_in, roles_held
from governance.deadlines import discussed_enough, discussion_dates_of
from governance.models import (
    CharterPage,
    ConflictOfInterest,
    ProposalPage,
    Resolution,
    SectionPage,
    Stage,
)
from governance.setup import DISCUSSION_TASK
from voting import selectors as voting_selectors
from voting import tellers
from voting.models import Ballot, BoardNomination, OutcomeStatus

DAY = "j F Y"
MOMENT = "j F Y, H:i e"
# A closed ballot's outcome that was not applied keeps that status for good (the Board
# carries it out by hand and nothing records that), so it is shown for this long.
NOT_APPLIED_SHOWN_FOR = datetime.timedelta(days=30)

SUBMISSION = "“{title}” was submitted for discussion and awaits a moderator."
DISCUSSED_ENOUGH = (
    "“{title}” has been in discussion since {since}; the Board may move it to resolution."
)
DECISION_PENDING = "“{title}” is in resolution and awaits the Board's decision."
WITHDRAWAL_ASKED = "The authors of “{title}” asked on {asked} to withdraw it."
OUTCOME_NOT_APPLIED = "The outcome of the ballot “{ballot}” could not be applied: {note}"
TELLERS_AWAITED = (
    "The ballot “{ballot}” has closed and waits for its tellers: {entered} of {needed} "
    "shares entered."
)
TO_VOTE = "“{ballot}” is open until {closes} and you have not voted{role}."
AS_DELEGATE = " as delegate of {organisation}"
NOMINATED = "You are nominated for {election}: accept by {closes} to stand."
SHARE_TO_COLLECT = "You are a teller of “{ballot}”: collect your share of its key."
SHARE_TO_ENTER = "You are a teller of “{ballot}”: enter your share so that it can be counted."


@dataclass(frozen=True)
class Awaiting:
    """One thing that waits for a person: what it is, and a link to where they act on it."""

    sentence: str
    action: str
    url: str


@dataclass(frozen=True)
class AwaitingYou:
    """Everything that waits for one person, by the role it waits on them in."""

    moderation: list[Awaiting]
    board: list[Awaiting]
    membership: list[Awaiting]

    @property
    def count(self) -> int:
        return len(self.moderation) + len(self.board) + len(self.membership)

    @property
    def groups(self) -> list[tuple[str, list[Awaiting]]]:
        """(heading, items) for each role, in the order the dashboard shows them."""
        return [
            ("As a moderator", self.moderation),
            ("As a Director or Officer", self.board),
            ("As a member", self.membership),
        ]


def awaiting_you(user, *, now: datetime.datetime | None = None) -> AwaitingYou:
    """What awaits `user` as a moderator, as a Director or Officer, and as a member.

    A Director or Officer who declared a conflict of interest on a proposal is not
    asked to act on it (governance.roles). Nothing awaits an anonymous visitor.
    """
    if not is_signed_in(user):
        return AwaitingYou([], [], [])
    now = now or timezone.now()
    held = roles_held(user)
    return AwaitingYou(
        moderation=_submissions(user) if MODERATORS_GROUP in held else [],
        board=_board_business(user, now) if held & set(BOARD_GROUPS) else [],
        membership=_member_business(user, now),
    )


# Moderators --------------------------------------------------------------------------


def _submissions(user):
    """Pages in review on the "Publish for discussion" task by a group of the user's."""
    reviews = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, task__name=DISCUSSION_TASK,
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id=Cast(OuterRef("pk"), CharField()),
    )
    if not user.is_superuser:
        reviews = reviews.filter(task__groupapprovaltask__groups__user=user)
    pages = Page.objects.filter(Exists(reviews)).order_by("pk").values_list("pk", "draft_title")
    return [
        Awaiting(SUBMISSION.format(title=title), "Review it",
                 reverse("wagtailadmin_pages:edit", args=[pk]))
        for pk, title in pages
    ]


# Directors and Officers --------------------------------------------------------------


def _board_business(user, now):
    sections = {section.stage: section for section in SectionPage.objects.all()}
    recused = set(
        ConflictOfInterest.objects.filter(director=user).values_list("page_id", flat=True)
    )
    return [
        *_decisions_pending(recused),
        *_withdrawals_asked(sections, recused),
        *_discussed_enough(sections[Stage.DISCUSSION], recused, now),
        *_outcomes_not_applied(now),
        *_tellers_awaited(),
    ]


def _proposals_in(section):
    return Page.objects.child_of(section).type(ProposalPage, CharterPage)


def _discussed_enough(section, recused, now):
    """Live proposals in discussion whose minimum discussion period has ended."""
    today = timezone.localdate(now)
    pages = [page for page in _proposals_in(section).live().order_by("first_published_at", "pk")
             if page.pk not in recused]
    dates = discussion_dates_of(pages)
    return [
        Awaiting(
            DISCUSSED_ENOUGH.format(title=page.title, since=date_format(since, DAY)),
            "Move it to resolution",
            reverse("governance_transition", args=[page.pk, "move-to-resolution"]),
        )
        for page in pages
        for since, earliest in [dates[page.pk]]
        if since is not None and discussed_enough(earliest, on=today)
    ]


def _decisions_pending(recused):
    """Proposals in resolution on which the Board's own decision (not a vote) is pending."""
    pending = (
        Resolution.objects.filter(
            outcome=Resolution.Outcome.PENDING, method=Resolution.Method.BOARD
        ).exclude(page_id__in=recused).select_related("page").order_by("created_at", "pk")
    )
    return [
        Awaiting(DECISION_PENDING.format(title=resolution.page.title), "Decide",
                 reverse("wagtailadmin_pages:edit", args=[resolution.page_id]))
        for resolution in pending
    ]


def _withdrawals_asked(sections, recused):
    """Authors' requests to withdraw a proposal that is still undecided, the last per page."""
    undecided = [
        _proposals_in(sections[stage]).values("pk")
        for stage in (Stage.DISCUSSION, Stage.RESOLUTION)
    ]
    requests = (
        PageLogEntry.objects.filter(action="governance.request_withdrawal")
        .filter(Q(page_id__in=undecided[0]) | Q(page_id__in=undecided[1]))
        .exclude(page_id__in=recused)
        .values_list("page_id", "page__title", "timestamp")
        .order_by("timestamp", "pk")
    )
    last = {page_id: (title, asked) for page_id, title, asked in requests}
    return [
        Awaiting(
            WITHDRAWAL_ASKED.format(
                title=title, asked=date_format(timezone.localtime(asked), DAY)
            ),
            "Withdraw it", reverse("governance_transition", args=[page_id, "withdraw"]),
        )
        for page_id, (title, asked) in last.items()
    ]


def _outcomes_not_applied(now):
    ballots = Ballot.objects.filter(
        outcome_status=OutcomeStatus.NOT_APPLIED, closed_at__gte=now - NOT_APPLIED_SHOWN_FOR
    ).order_by("closed_at", "pk")
    return [
        Awaiting(OUTCOME_NOT_APPLIED.format(ballot=ballot.title, note=ballot.outcome_note),
                 "Carry it out by hand", reverse("voting_ballots:edit", args=[ballot.pk]))
        for ballot in ballots
    ]


def _tellers_awaited():
    ballots = Ballot.objects.awaiting_tellers().annotate(
        entered=Count("tellers", filter=Q(tellers__entered_at__isnull=False))
    ).order_by("votes_closed_at", "pk")
    return [
        Awaiting(
            TELLERS_AWAITED.format(ballot=ballot.title, entered=ballot.entered,
                                   needed=ballot.tellers_needed),
            "See the ballot", reverse("voting_ballots:edit", args=[ballot.pk]),
        )
        for ballot in ballots
    ]


# Members -----------------------------------------------------------------------------


def _member_business(user, now):
    member = getattr(user, "member", None)
    items = _teller_shares(user)
    if member is None:
        return items
    return [*_ballots_to_vote(member), *_nominations_to_accept(member, now), *items]


def _ballots_to_vote(member):
    entries = voting_selectors.roll_entries_for(member, ballots=Ballot.objects.open()).order_by(
        "ballot__closes_at", "pk"
    )
    # `voted` is the annotation roll_entries_for adds.
    return [_to_vote(entry) for entry in entries if not entry.voted]  # type: ignore[attr-defined]


def _to_vote(entry):
    organisation = entry.enrolment.delegate_for
    if organisation is None:
        url = reverse("voting:cast", args=[entry.ballot_id])
        role = ""
    else:
        url = reverse("voting:cast_as_delegate", args=[entry.ballot_id, organisation.pk])
        role = AS_DELEGATE.format(organisation=organisation)
    closes = date_format(timezone.localtime(entry.ballot.closes_at), MOMENT)
    return Awaiting(TO_VOTE.format(ballot=entry.ballot.title, closes=closes, role=role),
                    "Vote now", url)


def _nominations_to_accept(member, now):
    nominations = BoardNomination.objects.filter(
        nominee=member, accepted_at__isnull=True, election__ballot__isnull=True,
        election__nominations_close_at__gt=now,
    ).select_related("election").order_by("election__nominations_close_at", "pk")
    dashboard = reverse("membership:dashboard") + "#nominations-heading"
    return [
        Awaiting(
            NOMINATED.format(
                election=nomination.election,
                closes=date_format(
                    timezone.localtime(nomination.election.nominations_close_at), MOMENT
                ),
            ),
            "Accept the nomination", dashboard,
        )
        for nomination in nominations
    ]


def _teller_shares(user):
    """Shares a teller has still to collect (before the ballot opens) or to enter (after)."""
    roles = tellers.shares_awaited().filter(user=user).select_related("ballot").order_by(
        "ballot__closes_at", "pk"
    )
    return [
        Awaiting(SHARE_TO_ENTER.format(ballot=role.ballot.title), "Enter your share",
                 reverse("voting_enter_share", args=[role.ballot_id]))
        if role.ballot.is_awaiting_tellers else
        Awaiting(SHARE_TO_COLLECT.format(ballot=role.ballot.title), "Collect your share",
                 reverse("voting_collect_share", args=[role.ballot_id]))
        for role in roles
    ]
