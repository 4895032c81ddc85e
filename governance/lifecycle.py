"""Every transition of the strategic decision-making lifecycle (docs/architecture.md section 3).

Each function checks the actor's role and the proposal's stage, changes the
page inside one transaction, leaves a 301 from the old address, writes a log
entry under its own action name and e-mails the authors and everyone who acted
on the proposal before (wagtail #10196).
"""

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.actions.move_page import MovePageAction
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, TaskState

from core.mail import queue_mail
from core.page_cache import purge_page_on_commit
from core.roles import BOARD_GROUPS
from governance import amendments, following, roles
from governance.member_ballots import VOTE_DAYS, open_referral_ballot
from governance.models import (
    AMENDS_OTHER_TYPE,
    Amendment,
    BaseProposalPage,
    CharterPage,
    ConflictOfInterest,
    Resolution,
    SectionPage,
    Stage,
    lifecycle_writes,
)
from governance.roles import (  # noqa: F401 (the lifecycle's public names)
    CHARTER_NEEDS_VOTE,
    CONFLICT_ALREADY_DECLARED,
    CONFLICTED,
    NOT_AN_AUTHOR,
    NOT_AUTHOR,
    NOT_BOARD,
    NOT_LIVE,
    NOT_MEMBER,
    NOTHING_PENDING,
    VOTE_PENDING,
    WRONG_STAGE,
    Step,
    TransitionError,
    is_author,
    is_conflicted,
)
from membership.models import NoticeKind, WorkingGroup
from membership.selectors import director_addresses
from membership.services import charter_working_group
from voting import services as voting_services
from voting.models import Ballot

ALREADY_SUBMITTED = "This proposal is already waiting for moderation."
NO_VOTE_PENDING = "This proposal is not waiting for a member vote."
AMENDS_RETIRED = "The policy this proposal amends is no longer active, so it cannot be amended."
AMENDS_UNPUBLISHED = "The policy this proposal amends is unpublished, so it cannot be amended."
NOT_SUNSET = "Only a policy whose sunset date has passed retires without a Director or Officer."
SUNSET_REASON = "Its sunset date, {date}, has passed."
SLUG_TAKEN = "A page with the address “{slug}” already exists in “{section}”."
REASON_REQUIRED = "Give a reason: it is recorded and sent to the authors."
RECORD_REQUIRED = (
    "Give a link to the minutes or a note: a Board resolution is adopted on the record."
)
MINUTES_REQUIRED = "Give a link to the minutes of the meeting that adopted the policy."
ADOPTED_IN_FUTURE = "The adoption date cannot be in the future."
EXISTING_POLICY_NOTE = "Adopted before this register."


def adoption_stage(page: BaseProposalPage) -> str:
    """Where adoption moves a proposal: archived for an amendment, active otherwise."""
    return Stage.ARCHIVED if page.amends_id else Stage.ACTIVE


def submit_for_discussion(page: BaseProposalPage, *, user: User | None) -> None:
    """Send a draft to the "Publish for discussion" workflow; a moderator publishes it."""
    with transaction.atomic():
        _reload(page)
        roles.check(Step.SUBMIT, page, user)
        if not (is_author(page, user) or page.permissions_for_user(user).can_edit()):
            raise PermissionDenied(NOT_AUTHOR)
        if page.workflow_in_progress:
            raise TransitionError(ALREADY_SUBMITTED)
        # Starting the workflow sends Wagtail's `workflow_submitted`, whose receiver
        # calls record_submission_for_discussion, as for the editor's own button.
        page.get_workflow().start(page, user)


def record_submission_for_discussion(page: BaseProposalPage, *, user: User | None) -> None:
    """Log a submission for discussion and e-mail the authors, however it was submitted."""
    _log(page, "governance.submit_for_discussion", user)
    _notify(page, user, "submitted for discussion")


def record_opened_for_discussion(
    page: BaseProposalPage, *, user: User | None, requested_by: User | None = None
) -> None:
    """Tell the followers that a moderator published the proposal for discussion.

    Whoever submitted it has Wagtail's own e-mail about the approval, so not this one too.
    """
    following.tell_followers(
        page, user, NoticeKind.STAGE, "opened for discussion",
        skip=[requested_by.pk] if requested_by else [],
    )


def move_to_resolution(page: BaseProposalPage, *, user: User | None) -> None:
    """Move a published proposal to resolution, pinning its live text for the decision.

    Strategic decision-making, "Proposals for Resolution": what is decided is what the
    members discussed, so a draft saved after publication never enters the decision.
    """
    with transaction.atomic():
        _reload(page)
        roles.check(Step.MOVE_TO_RESOLUTION, page, user)
        _cancel_workflow(page, user)
        moved = _move(page, Stage.RESOLUTION, user)
        revision = page.live_revision or page.save_revision(user=user)
        Resolution.objects.create(page=page, revision=revision)
        page.get_workflow().start(page, user)
        # Wagtail starts the task on the latest revision; the Board decides the pinned one.
        TaskState.objects.for_instance(page).filter(
            status=TaskState.STATUS_IN_PROGRESS
        ).update(revision=revision)
        _log(page, "governance.move_to_resolution", user, {**moved, "revision": revision.pk})
        _notify(page, user, "moved to resolution", NoticeKind.STAGE)


def adopt(
    page: BaseProposalPage, *, user: User | None, minutes_url: str = "", notes: str = ""
) -> None:
    """Adopt the pinned revision by Board resolution, on the record (minutes or a note)."""
    _require_record(minutes_url, notes)
    with transaction.atomic():
        _reload(page)
        roles.check(Step.ADOPT, page, user)
        resolution = _pending_resolution(page, Resolution.Method.BOARD)
        _decide(resolution, Resolution.Outcome.ADOPTED, user, minutes_url=minutes_url, notes=notes)
        moved = _carry_out_adoption(page, resolution, user)
        _log(page, "governance.adopt", user, {**moved, "minutes_url": minutes_url, "notes": notes})
        _notify(page, user, "adopted by Board resolution", NoticeKind.DECISION)


def refer_to_member_vote(
    page: BaseProposalPage, *, user: User | None, days: int = VOTE_DAYS
) -> None:
    """Refer the pinned revision to a binding member vote of `days` days; its text is frozen."""
    with transaction.atomic():
        _reload(page)
        roles.check(Step.REFER, page, user)
        resolution = _pending_resolution(page, Resolution.Method.BOARD)
        resolution.method = Resolution.Method.MEMBER_VOTE
        resolution.save(update_fields=["method"])
        _log(page, "governance.refer_to_member_vote", user, {"revision": resolution.revision_id})
        open_referral_ballot(page, resolution, days=days)
        _notify(page, user, "referred to a binding vote of the voting members",
                NoticeKind.VOTE_OPENED)


def apply_vote_outcome(
    page: BaseProposalPage, *, passed: bool, on: datetime.date | None = None
) -> None:
    """Complete a member vote: adopt the pinned revision if it passed, archive it if not.

    `on` is the day the vote closed (default today): the resolution is dated by it.
    """
    with transaction.atomic():
        _reload(page)
        _expect_stage(page, Stage.RESOLUTION)
        resolution = _pending_resolution(page, Resolution.Method.MEMBER_VOTE)
        if passed:
            _decide(resolution, Resolution.Outcome.ADOPTED, None, decided_on=on)
            moved = _carry_out_adoption(page, resolution, None)
        else:
            _decide(resolution, Resolution.Outcome.REJECTED, None, decided_on=on)
            _cancel_workflow(page, None)
            moved = _move(page, Stage.ARCHIVED, None)
        _log(page, "governance.apply_vote_outcome", None, {**moved, "passed": passed})
        _notify(page, None, "adopted by member vote" if passed else "rejected by member vote",
                NoticeKind.DECISION)


def reject(page: BaseProposalPage, *, user: User | None, reason: str) -> None:
    """Resolve the proposal unfavourably: it moves to archived with the reason."""
    _require_reason(reason)
    with transaction.atomic():
        _reload(page)
        roles.check(Step.REJECT, page, user)
        resolution = _pending_resolution(page, Resolution.Method.BOARD)
        _decide(resolution, Resolution.Outcome.REJECTED, user, notes=reason)
        _move_for_reason(
            page, Stage.ARCHIVED, user, action="governance.reject", reason=reason,
            notice="rejected", kind=NoticeKind.DECISION,
        )


def return_to_discussion(page: BaseProposalPage, *, user: User | None, reason: str) -> None:
    """Take a proposal out of resolution and back to discussion, cancelling an open vote.

    The only way to change course once a decision is pending: the pending resolution
    ends as "returned", a member vote on it is cancelled (it counts no missed votes),
    and the old address redirects to the discussion one.
    """
    _require_reason(reason)
    with transaction.atomic():
        _reload(page)
        roles.check(Step.RETURN_TO_DISCUSSION, page, user)
        resolution = page.resolutions.get(outcome=Resolution.Outcome.PENDING)
        _decide(resolution, Resolution.Outcome.RETURNED, user, notes=reason)
        for ballot in Ballot.objects.about(resolution).exclude(
            status__in=[Ballot.Status.CLOSED, Ballot.Status.CANCELLED]
        ):
            voting_services.cancel_ballot(ballot, user=user, reason=reason)
        _move_for_reason(
            page, Stage.DISCUSSION, user, action="governance.return_to_discussion", reason=reason,
            notice="returned to discussion",
        )


def request_withdrawal(page: BaseProposalPage, *, user: User | None, reason: str) -> None:
    """An author asks the Directors and Officers to withdraw their proposal.

    Strategic decision-making, "Archived Proposals": a withdrawn proposal is moved by a
    Director or Officer, so the author asks and the Board acts (`withdraw`).
    """
    _require_reason(reason)
    with transaction.atomic():
        _reload(page)
        roles.check(Step.REQUEST_WITHDRAWAL, page, user)
        _log(page, "governance.request_withdrawal", user, {"reason": reason})
        _notify_board(page, f"“{page.title}”: its authors ask to withdraw it", reason)


def withdraw(page: BaseProposalPage, *, user: User | None, reason: str) -> None:
    """Withdraw a proposal from consideration: a Director or Officer archives it."""
    _require_reason(reason)
    with transaction.atomic():
        _reload(page)
        roles.check(Step.WITHDRAW, page, user)
        pending = page.resolutions.filter(outcome=Resolution.Outcome.PENDING).first()
        if pending:
            _decide(pending, Resolution.Outcome.WITHDRAWN, user, notes=reason)
        _move_for_reason(
            page, Stage.ARCHIVED, user, action="governance.withdraw", reason=reason,
            notice="withdrawn",
        )


def declare_conflict(page: BaseProposalPage, *, user: User | None, reason: str) -> None:
    """A Director declares a conflict of interest on a proposal in resolution and recuses."""
    _require_reason(reason)
    with transaction.atomic():
        _reload(page)
        roles.check(Step.DECLARE_CONFLICT, page, user)
        conflict = ConflictOfInterest(page=page, director=user, reason=reason)
        conflict.full_clean()
        conflict.save()
        _log(page, "governance.declare_conflict", user, {"reason": reason})


def record_existing_policy(
    page: BaseProposalPage, *, user: User | None, adopted_on: datetime.date, minutes_url: str
) -> None:
    """Place a policy the Board adopted before this site in Active policies, on the record.

    A Director or Officer writes its text as a page in discussion; this publishes that
    text and leaves a resolution with its adoption date and minutes.
    """
    if not minutes_url:
        raise TransitionError(MINUTES_REQUIRED)
    URLValidator()(minutes_url)
    if adopted_on > timezone.localdate():
        raise TransitionError(ADOPTED_IN_FUTURE)
    with transaction.atomic():
        _reload(page)
        roles.check(Step.RECORD_EXISTING_POLICY, page, user)
        _cancel_workflow(page, user)
        revision = page.get_latest_revision() or page.save_revision(user=user)
        resolution = Resolution.objects.create(
            page=page, revision=revision, method=Resolution.Method.EXISTING,
        )
        _decide(resolution, Resolution.Outcome.ADOPTED, user, minutes_url=minutes_url,
                notes=EXISTING_POLICY_NOTE, decided_on=adopted_on)
        revision.publish(user=user, skip_permission_checks=True)
        moved = _move(page, Stage.ACTIVE, user)
        _log(page, "governance.record_existing_policy", user, {
            **moved, "minutes_url": minutes_url, "adopted_on": adopted_on.isoformat(),
        })


def retire(
    page: BaseProposalPage,
    *,
    user: User | None,
    reason: str | None = None,
    on: datetime.date | None = None,
) -> None:
    """Retire an active policy: by a Director or Officer, or by the system at its sunset date.

    `user=None` is the system (`governance.housekeeping`), allowed only once the
    policy's sunset date is `on` (default: the current date) or earlier.
    """
    if user is None:
        reason = reason or SUNSET_REASON.format(date=page.sunset_date)
    _require_reason(reason)
    with transaction.atomic():
        _reload(page)
        if user is not None:
            roles.check(Step.RETIRE, page, user)
        on = on or timezone.localdate()
        if user is None and not (page.sunset_date and page.sunset_date <= on):
            raise PermissionDenied(NOT_SUNSET)
        _retire(page, user, reason)


def retire_dissolved_charter(page: BaseProposalPage, *, reason: str) -> None:
    """Retire the charter of a working group the members' yearly evaluation dissolved."""
    _require_reason(reason)
    with transaction.atomic():
        _reload(page)
        _retire(page, None, reason)


def _retire(page: BaseProposalPage, user: User | None, reason: str | None) -> None:
    _expect_stage(page, Stage.ACTIVE)
    _move_for_reason(
        page, Stage.RETIRED, user, action="governance.retire", reason=reason,
        notice="retired",
    )


def planned_move(page: BaseProposalPage, *, stage: str) -> dict[str, str]:
    """The old and new public paths a move to `stage` would give, for confirmations."""
    section = SectionPage.objects.get(stage=stage)
    return {"from": page.url, "to": f"{section.url}{page.slug}/"}


# Steps shared by the transitions.


def _require_reason(reason: str | None) -> None:
    if not (reason or "").strip():
        raise TransitionError(REASON_REQUIRED)


def _require_record(minutes_url: str | None, notes: str | None) -> None:
    if not ((minutes_url or "").strip() or (notes or "").strip()):
        raise TransitionError(RECORD_REQUIRED)
    if minutes_url:
        URLValidator()(minutes_url)


def _reload(page: BaseProposalPage) -> None:
    # Lock the row so two Directors cannot decide the same proposal at once.
    list(Page.objects.select_for_update().filter(pk=page.pk).values_list("pk"))
    page.refresh_from_db()


def _expect_stage(page: BaseProposalPage, *stages: str) -> None:
    roles.check_stage(page, *stages)


def _pending_resolution(page: BaseProposalPage, method: str) -> Resolution:
    resolution = page.resolutions.filter(outcome=Resolution.Outcome.PENDING).first()
    if resolution is None:
        raise TransitionError(NOTHING_PENDING)
    if resolution.method != method:
        raise TransitionError(
            VOTE_PENDING if method == Resolution.Method.BOARD else NO_VOTE_PENDING
        )
    return resolution


def _decide(
    resolution: Resolution,
    outcome: str,
    user: User | None,
    *,
    minutes_url: str = "",
    notes: str = "",
    decided_on: datetime.date | None = None,
) -> None:
    resolution.outcome = outcome
    resolution.decided_on = decided_on or timezone.localdate()
    resolution.decided_by = user
    resolution.minutes_url = minutes_url
    resolution.notes = notes
    resolution.full_clean()
    resolution.save()


def _carry_out_adoption(
    page: BaseProposalPage, resolution: Resolution, user: User | None
) -> dict[str, str]:
    # Check the amended policy before anything changes (strategic decision-making,
    # "Active Policies": amendments update the policy they amend).
    policy = page.amends.specific if page.amends_id else None  # type: ignore[union-attr]
    if policy is not None:
        _check_amendable(page, policy)
        amendments.check_up_to_date(resolution.revision.as_object(), policy)
    # The pinned revision is published whatever drafts exist; the Board's workflow then
    # finishes without publishing (governance.workflows.finish_workflow).
    resolution.revision.publish(user=user, skip_permission_checks=True)
    task_state = page.current_workflow_task_state
    if task_state:
        task_state.approve(user=user)
    if policy is not None:
        with lifecycle_writes():
            _amend_policy(policy, resolution, user)
    moved = _move(page, adoption_stage(page), user)
    if policy is None and isinstance(page, CharterPage):
        _charter_working_group(page)
    return moved


def _charter_working_group(charter: CharterPage) -> None:
    # Membership model, "Working Groups": an approved charter creates the official group.
    if WorkingGroup.objects.filter(slug=charter.slug).exists():
        return
    charter_working_group(
        name=charter.title, slug=charter.slug, purpose=charter.purpose,
        charter_url=charter.full_url or "",
    )


def _check_amendable(page: BaseProposalPage, policy: BaseProposalPage) -> None:
    if policy.stage != Stage.ACTIVE:
        raise TransitionError(AMENDS_RETIRED)
    if not policy.live:
        raise TransitionError(AMENDS_UNPUBLISHED)
    if type(policy) is not type(page):
        raise TransitionError(AMENDS_OTHER_TYPE)


def _amend_policy(policy: BaseProposalPage, resolution: Resolution, user: User | None) -> None:
    decided_text = resolution.revision.as_object()
    changed = amendments.apply(decided_text, policy)
    revision = policy.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    Amendment.objects.create(
        policy=policy, proposal_id=resolution.page_id, resolution=resolution,
        policy_revision=revision,
    )
    _log(policy, "governance.amend", user, {
        "proposal": {"id": resolution.page_id, "title": decided_text.title},
        "revision": revision.pk, "fields": changed,
    })


def _move_for_reason(
    page: BaseProposalPage,
    stage: str,
    user: User | None,
    *,
    action: str,
    reason: str | None,
    notice: str,
    kind: NoticeKind | None = NoticeKind.STAGE,
) -> None:
    """End the Board's workflow, move the page to a section, and log and tell why."""
    _cancel_workflow(page, user)
    moved = _move(page, stage, user)
    _log(page, action, user, {**moved, "reason": reason})
    _notify(page, user, f"{notice}: {reason}", kind)


def _cancel_workflow(page: BaseProposalPage, user: User | None) -> None:
    workflow_state = page.current_workflow_state
    if workflow_state:
        workflow_state.cancel(user=user)


def _move(page: BaseProposalPage, stage: str, user: User | None) -> dict[str, str]:
    section = SectionPage.objects.get(stage=stage)
    # A backstop only: BaseProposalPage.clean keeps a slug unique across every section
    # (governance.models.address_taken), so a page added or edited in the editor never
    # meets this. A page placed by code with clean=False, or a Wagtail copy, still could.
    if section.get_children().filter(slug=page.slug).exists():
        raise TransitionError(SLUG_TAKEN.format(slug=page.slug, section=section.title))
    site_id, _root_url, old_path = page.get_url_parts()
    MovePageAction(page, section, pos="last-child", user=user).execute(
        skip_permission_checks=True
    )
    page.refresh_from_db()
    _end_schedules(page)
    # The document asks for a redirect from every past location. Wagtail creates one
    # on move when WAGTAILREDIRECTS_AUTO_CREATE is on; this makes sure either way.
    Redirect.objects.update_or_create(
        site_id=site_id, old_path=Redirect.normalise_path(old_path),
        defaults={"redirect_page": page, "redirect_link": "", "is_permanent": True},
    )
    return {"from": old_path, "to": page.get_url_parts()[2], "stage": stage}


def _end_schedules(page: BaseProposalPage) -> None:
    # Wagtail's publish_scheduled would publish a draft scheduled while the page was in
    # discussion, or take it down at an expiry date set then; from now on only the
    # lifecycle publishes it, and a policy ends at its sunset date (housekeeping).
    page.revisions.exclude(approved_go_live_at=None).update(approved_go_live_at=None)
    if page.expire_at:
        type(page).objects.filter(pk=page.pk).update(expire_at=None)
        page.expire_at = None


def _log(
    page: BaseProposalPage, action: str, user: User | None, data: dict[str, Any] | None = None
) -> None:
    log(instance=page, action=action, user=user, data=data or {})
    # The page's timeline shows every logged step, so its cached copy goes.
    purge_page_on_commit(page)


def _notify(
    page: BaseProposalPage, actor: User | None, what: str, kind: NoticeKind | None = None
) -> None:
    """Tell the followers (the authors among them) as they choose, if the step is of a
    `kind` they choose from; everyone else who acted on the proposal before, always."""
    told = following.tell_followers(page, actor, kind, what) if kind else set()
    recipients = _recipients(page, actor, told)
    if not recipients:
        return
    subject = f"[Governance] “{page.title}” {what.split(':')[0]}"
    body = f"The proposal “{page.title}” was {what}.\n\nIt is now at {page.full_url}\n"
    messages = [(subject, body, None, [address]) for address in recipients]
    queue_mail(messages)


def _notify_board(page: BaseProposalPage, subject: str, reason: str) -> None:
    addresses = director_addresses(groups=BOARD_GROUPS)
    body = f"{subject}.\n\nTheir reason: {reason}\n\nThe proposal: {page.full_url}\n"
    queue_mail([(f"[Governance] {subject}", body, None, [address]) for address in addresses])


def _recipients(
    page: BaseProposalPage,
    actor: User | AnonymousUser | None,
    followers: set[int] | frozenset[int] = frozenset(),
) -> list[str]:
    """The authors and everyone who acted on the proposal before, except the actor and
    the `followers` (ids), whom `following` tells."""
    from django.contrib.auth import get_user_model

    earlier = PageLogEntry.objects.filter(page=page).filter(
        Q(action__startswith="governance.") | Q(action__startswith="wagtail.workflow.")
    )
    users = set(page.authors()) | set(
        get_user_model().objects.filter(pk__in=earlier.values("user_id"))
    )
    actor = actor or AnonymousUser()
    return sorted({user.email for user in users
                   if user.email and user.pk != actor.pk and user.pk not in followers})
