"""Who may take which lifecycle step, in one place (strategic decision-making, "Access Control").

The lifecycle, the admin's buttons, the Board's workflow task and the page
permission hooks all ask `check` or `may`, so no screen offers a step the
lifecycle would refuse. A role refusal is a `PermissionDenied`; a refusal
because of the proposal's state is a `TransitionError`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import cached_property

from core.roles import is_board_officer, is_member
from governance.amendments import check_up_to_date, decided_policy
from governance.deadlines import too_early
from governance.errors import TransitionError
from governance.models import CharterPage, ConflictOfInterest, Resolution, Stage

NOT_BOARD = "Only a Director or Officer may do this."
NOT_AUTHOR = "Only the proposal's authors, a Director or an Officer may do this."
NOT_AN_AUTHOR = "Only the proposal's authors may ask to withdraw it."
NOT_MEMBER = "Only a member may submit a proposal for discussion."
CONFLICTED = "You declared a conflict of interest on this proposal, so you cannot act on it."
CONFLICT_ALREADY_DECLARED = "You have already declared a conflict of interest on this proposal."
WRONG_STAGE = "This proposal is in “{actual}”; this step needs it in “{expected}”."
NOT_LIVE = "Only a published proposal can move to resolution: publish it for discussion first."
NOTHING_PENDING = "This proposal has no decision pending; it may already have been decided."
VOTE_PENDING = (
    "This proposal has been referred to a member vote; the vote decides it. To change "
    "course, return it to discussion (this cancels the vote)."
)
CHARTER_NEEDS_VOTE = (
    "A working-group charter is approved by the voting members: refer it to a member vote "
    "(the Board may still reject it)."
)


class Step(models.TextChoices):
    """Every lifecycle step a person can take (governance/lifecycle.py)."""

    SUBMIT = "submit_for_discussion", "Submit for discussion"
    MOVE_TO_RESOLUTION = "move_to_resolution", "Move to resolution"
    ADOPT = "adopt", "Adopt by Board resolution"
    REFER = "refer_to_member_vote", "Refer to member vote"
    REJECT = "reject", "Reject"
    DECLARE_CONFLICT = "declare_conflict", "Declare a conflict of interest"
    RETURN_TO_DISCUSSION = "return_to_discussion", "Return to discussion"
    REQUEST_WITHDRAWAL = "request_withdrawal", "Ask to withdraw"
    WITHDRAW = "withdraw", "Withdraw"
    RETIRE = "retire", "Retire"
    RECORD_EXISTING_POLICY = "record_existing_policy", "Record an existing policy"


def is_author(page, user):
    return bool(user and user.is_authenticated) and (
        page.owner_id == user.pk or user.pk in {author.pk for author in page.co_authors.all()}
    )


def is_conflicted(page, user):
    """True if `user` declared a conflict of interest on the proposal."""
    return bool(user and user.is_authenticated) and ConflictOfInterest.objects.filter(
        page_id=page.pk, director_id=user.pk
    ).exists()


def check(step, page, user, asked=None):
    """Raise PermissionDenied or TransitionError unless `user` may take `step` on `page` now."""
    asked = asked or Asked(page, user)
    for rule in RULES[step]:
        rule(asked)


def may(step, page, user, asked=None):
    """Whether `user` may take `step` on `page` now."""
    try:
        check(step, page, user, asked)
    except (PermissionDenied, ValidationError):
        return False
    return True


def steps_for(page, user):
    """The steps `user` may take on `page` now, in the lifecycle's order."""
    asked = Asked(page, user)
    return [step for step in Step if step in OFFERED_STEPS and may(step, page, user, asked)]


class Asked:
    """What the rules ask about one page and one user, each read once per question.

    Built afresh for every `check` and `steps_for`, so nothing is remembered between
    two questions (the lifecycle asks after locking and reloading the page).
    """

    def __init__(self, page, user):
        self.page, self.user = page, user

    @cached_property
    def board(self):
        return is_board_officer(self.user)

    @cached_property
    def conflicted(self):
        return is_conflicted(self.page, self.user)

    @cached_property
    def pending(self):
        return self.page.resolutions.filter(outcome=Resolution.Outcome.PENDING).first()


# Rules: each raises with the reason it refuses.


def _board(asked):
    if not asked.board:
        raise PermissionDenied(NOT_BOARD)


def _member(asked):
    if not is_member(asked.user):
        raise PermissionDenied(NOT_MEMBER)


def _author(asked):
    if not is_author(asked.page, asked.user):
        raise PermissionDenied(NOT_AN_AUTHOR)


def _unconflicted(asked):
    if asked.conflicted:
        raise PermissionDenied(CONFLICTED)


def _not_yet_conflicted(asked):
    if asked.conflicted:
        raise TransitionError(CONFLICT_ALREADY_DECLARED)


def check_stage(page, *stages):
    """Raise TransitionError unless `page` sits in one of `stages`."""
    actual = page.stage
    if actual not in stages:
        raise TransitionError(WRONG_STAGE.format(
            actual=Stage(actual).label if actual else "no section",
            expected=" or ".join(Stage(stage).label for stage in stages),
        ))


def _in(*stages):
    return lambda asked: check_stage(asked.page, *stages)


def _live(asked):
    if not asked.page.live:
        raise TransitionError(NOT_LIVE)


def _discussed_long_enough(asked):
    # Strategic decision-making: the members get the minimum discussion period (GovernanceRules).
    reason = too_early(asked.page)
    if reason:
        raise TransitionError(reason)


def _board_decision_pending(asked):
    if asked.pending is None:
        raise TransitionError(NOTHING_PENDING)
    if asked.pending.method != Resolution.Method.BOARD:
        raise TransitionError(VOTE_PENDING)


def _no_member_vote_pending(asked):
    if asked.pending is not None and asked.pending.method == Resolution.Method.MEMBER_VOTE:
        raise TransitionError(VOTE_PENDING)


def _amendment_up_to_date(asked):
    policy = decided_policy(asked.page)
    if asked.pending is not None and policy is not None:
        check_up_to_date(asked.pending.revision.as_object(), policy)


def _decision_pending(asked):
    if asked.pending is None:
        raise TransitionError(NOTHING_PENDING)


def _not_a_charter(asked):
    if isinstance(asked.page, CharterPage):
        raise TransitionError(CHARTER_NEEDS_VOTE)


DISCUSSION = _in(Stage.DISCUSSION)
RESOLUTION = _in(Stage.RESOLUTION)
ACTIVE = _in(Stage.ACTIVE)
UNDECIDED = _in(Stage.DISCUSSION, Stage.RESOLUTION)

RULES = {
    Step.SUBMIT: [_member, DISCUSSION],
    Step.MOVE_TO_RESOLUTION: [_board, _unconflicted, DISCUSSION, _live, _discussed_long_enough],
    Step.ADOPT: [
        _board, _unconflicted, RESOLUTION, _board_decision_pending, _not_a_charter,
        _amendment_up_to_date,
    ],
    Step.REFER: [_board, _unconflicted, RESOLUTION, _board_decision_pending, _amendment_up_to_date],
    Step.REJECT: [_board, _unconflicted, RESOLUTION, _board_decision_pending],
    Step.DECLARE_CONFLICT: [_board, _not_yet_conflicted, RESOLUTION],
    Step.RETURN_TO_DISCUSSION: [_board, _unconflicted, RESOLUTION, _decision_pending],
    Step.REQUEST_WITHDRAWAL: [_author, UNDECIDED],
    Step.WITHDRAW: [_board, _unconflicted, UNDECIDED, _no_member_vote_pending],
    Step.RETIRE: [_board, _unconflicted, ACTIVE],
    Step.RECORD_EXISTING_POLICY: [_board, DISCUSSION],
}

# The steps the admin offers as buttons on a page (submitting has Wagtail's own button).
OFFERED_STEPS = set(Step) - {Step.SUBMIT}
