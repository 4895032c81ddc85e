"""Governance views: admin confirmations for the lifecycle and the policies report; the
public register, stances, the discussion and JSON Feed. Each parses, calls a service or
selector, renders.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from core import ratelimits
from core.roles import is_board_officer, is_member, is_moderator
from core.view_restrictions import public_only
from governance import amendments, following, lifecycle, roles, services
from governance.amendments import AmendmentConflict
from governance.feeds import json_feed
from governance.forms import (
    AdoptForm,
    CommentForm,
    ConfirmForm,
    ExistingPolicyForm,
    HideCommentForm,
    ReasonForm,
    ReportCommentForm,
    StanceForm,
)
from governance.models import (
    REVIEW_NOTICE_DAYS,
    BaseProposalPage,
    Comment,
    Follow,
    Kind,
    Resolution,
    SectionPage,
    Stage,
    search_terms,
)
from governance.roles import Step
from governance.selectors import (
    REGISTER_ORDERS,
    ProposalState,
    active_policies,
    co_authors_named,
    proposal_standings,
    search_proposals,
    withdrawal_requests,
)
from membership.forms import NotificationPreferencesForm
from membership.names import display_name
from membership.selectors import preferences_of
from membership.services import save_notification_preferences

# The co-author search answers from this many letters of a name.
CO_AUTHOR_QUERY_MINIMUM = 2
STANCE_RECORDED = "Your stance is recorded. You can change it until the proposal leaves discussion."


@dataclass(frozen=True)
class Transition:
    """How the admin offers one lifecycle step; who may take it is `governance.roles`."""

    step: Step
    form_class: type
    perform: Callable  # the lifecycle step: (page, *, user, **the form's fields)
    destination: Callable  # page -> Stage, or None when the page stays put
    explanation: str = ""  # what happens, when the page does not move

    @property
    def label(self):
        return self.step.label


REFERRAL_EXPLANATION = (
    "“{title}” stays where it is until the member vote is decided. "
    "The pinned text is what the members vote on; nobody can change it until the vote ends."
)
CONFLICT_EXPLANATION = (
    "You recuse from deciding “{title}”: you will not be able to adopt, reject or refer it. "
    "Your declaration and its reason appear in its history and on its public page."
)
WITHDRAWAL_REQUEST_EXPLANATION = (
    "The Directors and Officers are told that you ask to withdraw “{title}”, with your "
    "reason. One of them archives it."
)


TRANSITIONS = {
    "move-to-resolution": Transition(
        Step.MOVE_TO_RESOLUTION, ConfirmForm, lifecycle.move_to_resolution,
        lambda page: Stage.RESOLUTION,
    ),
    "adopt": Transition(Step.ADOPT, AdoptForm, lifecycle.adopt, lifecycle.adoption_stage),
    "refer-to-member-vote": Transition(
        Step.REFER, ConfirmForm, lifecycle.refer_to_member_vote,
        lambda page: None, explanation=REFERRAL_EXPLANATION,
    ),
    "reject": Transition(Step.REJECT, ReasonForm, lifecycle.reject, lambda page: Stage.ARCHIVED),
    "declare-conflict": Transition(
        Step.DECLARE_CONFLICT, ReasonForm, lifecycle.declare_conflict,
        lambda page: None, explanation=CONFLICT_EXPLANATION,
    ),
    "return-to-discussion": Transition(
        Step.RETURN_TO_DISCUSSION, ReasonForm, lifecycle.return_to_discussion,
        lambda page: Stage.DISCUSSION,
    ),
    "request-withdrawal": Transition(
        Step.REQUEST_WITHDRAWAL, ReasonForm, lifecycle.request_withdrawal,
        lambda page: None, explanation=WITHDRAWAL_REQUEST_EXPLANATION,
    ),
    "withdraw": Transition(
        Step.WITHDRAW, ReasonForm, lifecycle.withdraw, lambda page: Stage.ARCHIVED
    ),
    "retire": Transition(Step.RETIRE, ReasonForm, lifecycle.retire, lambda page: Stage.RETIRED),
    "record-existing-policy": Transition(
        Step.RECORD_EXISTING_POLICY, ExistingPolicyForm, lifecycle.record_existing_policy,
        lambda page: Stage.ACTIVE,
    ),
}


def transitions_for(page, user):
    """The (name, transition) pairs the user may start on this page now."""
    allowed = set(roles.steps_for(page, user))
    return [(name, transition) for name, transition in TRANSITIONS.items()
            if transition.step in allowed]


def transition_view(request, page_id, name):
    """Confirm a transition, then perform it; a clear message if the proposal cannot take it."""
    transition = TRANSITIONS.get(name)
    page = get_object_or_404(Page, pk=page_id).specific
    if transition is None or not isinstance(page, BaseProposalPage):
        raise Http404
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    try:
        roles.check(transition.step, page, request.user)
    except AmendmentConflict as error:
        # The Board sees both versions side by side; nothing can be decided yet.
        messages.error(request, " ".join(error.messages))
        return _confirmation(request, page, transition, None, edit_url)
    except PermissionDenied as error:
        # A 403 that says why: Wagtail would turn PermissionDenied into a bare redirect.
        return TemplateResponse(request, "governance/admin/refused.html", {
            "page": page, "step": transition.label, "reason": str(error),
        }, status=403)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(edit_url)
    form = transition.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            transition.perform(page, user=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
        else:
            messages.success(request, f"“{page.title}”: {transition.label.lower()} done.")
        return redirect(edit_url)
    return _confirmation(request, page, transition, form, edit_url)


def _confirmation(request, page, transition, form, edit_url):
    destination = transition.destination(page)
    pending = page.resolutions.filter(outcome=Resolution.Outcome.PENDING).first()
    decided_text = pending.revision.as_object() if pending else None
    policy = amendments.decided_policy(decided_text) if decided_text else None
    return TemplateResponse(request, "governance/admin/confirm_transition.html", {
        "page": page,
        "transition": transition,
        "form": form,
        "move": lifecycle.planned_move(page, stage=destination) if destination else None,
        "destination": Stage(destination).label if destination else None,
        "explanation": transition.explanation.format(title=page.title),
        "edit_url": edit_url,
        "tally": page.stance_tally(),
        "recusals": page.recusals(),
        "pending": pending,
        "decided_text": decided_text,
        "policy": policy,
        "changes": amendments.changes(decided_text, policy) if policy else [],
        "withdrawal_requests": withdrawal_requests(page),
    })


class PoliciesDueForReviewView(ReportView):
    """The admin report of active policies whose review date is near or past."""

    page_title = "Policies due for review"
    header_icon = "time"
    index_url_name = "governance_policies_due_for_review"
    index_results_url_name = "governance_policies_due_for_review_results"
    columns = [
        TitleColumn("title", label="Policy", url_name="wagtailadmin_pages:edit"),
        Column("review_date", label="Review date"),
        Column("effective_on", label="Effective"),
        Column("sunset_date", label="Sunset"),
    ]
    list_export = ["title", "review_date", "effective_on", "sunset_date"]

    def dispatch(self, request, *args, **kwargs):
        if not is_board_officer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return active_policies(due_for_review=True, order="review", include_restricted=True)


def policy_register(request):
    """Every active policy with its dates, adopting resolution and latest amendment."""
    kind = request.GET.get("kind", "")
    order = request.GET.get("order", "title")
    order = order if order in REGISTER_ORDERS else "title"
    due_for_review = request.GET.get("due") == "1"
    return TemplateResponse(request, "governance/register.html", {
        "policies": active_policies(kind=kind, due_for_review=due_for_review, order=order),
        "kinds": Kind.choices,
        "selected_kind": kind,
        "order": order,
        "orders": [(value, label) for value, (label, _key) in REGISTER_ORDERS.items()],
        "due_for_review": due_for_review,
        "notice_days": REVIEW_NOTICE_DAYS,
    })


@require_POST
@login_required
@ratelimits.limit(ratelimits.POLL)
def record_stance(request, page_id):
    """A member records or changes their stance on a proposal in discussion."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, BaseProposalPage):
        raise Http404
    form = StanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values()
                                         for error in errors))
    else:
        try:
            services.record_stance(page, user=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, STANCE_RECORDED)
    return redirect(page.url + "#poll")


def section_json_feed(request, section_slug):
    """The JSON Feed twin of a section's Atom feed."""
    section = get_object_or_404(SectionPage.objects.live().public(), slug=section_slug)
    return JsonResponse(
        json_feed(request, section), content_type="application/feed+json",
        json_dumps_params={"ensure_ascii": False},
    )


SEARCH_MAX_LENGTH = 200


def site_search(request):
    """Search every published proposal and policy; each result names its stage."""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    sections = public_only(SectionPage.objects.live().order_by("path"))
    context = {"query": query, "sections": sections}
    if search_terms(query):
        listing, results = search_proposals(query, page_number=request.GET.get("page"))
        context.update(listing=listing, results=results)
    return TemplateResponse(request, "governance/search.html", context)


def co_author_search(request):
    """Members whose member name contains `q`, for the editor's co-author chooser (JSON).

    Names only: a login or an address would tell one member what another keeps private.
    """
    if not is_member(request.user):
        raise PermissionDenied
    # PostgreSQL refuses a NUL character in a query.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if len(query) < CO_AUTHOR_QUERY_MINIMUM:
        return JsonResponse({"results": []})
    members = co_authors_named(query)
    return JsonResponse(
        {"results": [{"id": user.pk, "name": display_name(user)} for user in members]}
    )


@login_required
def submitted(request, page_id):
    """Where an author lands after submitting a proposal: what happens next, and the way on.

    Only the proposal's authors see it; to anyone else it does not exist.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    if not (isinstance(page, BaseProposalPage) and roles.is_author(page, request.user)):
        raise Http404
    (standing,) = proposal_standings([page])
    return TemplateResponse(request, "governance/submitted.html", {
        "standing": standing, "awaiting": standing.state == ProposalState.AWAITING_MODERATOR,
        "may_edit": page.permissions_for_user(request.user).can_edit(),
    })


FOLLOWING = "You follow “{title}”: you are told as your preferences say."
NOT_FOLLOWING = "You no longer follow “{title}”."
PREFERENCES_SAVED = "Your preferences are saved."


@require_POST
@login_required
@ratelimits.limit(ratelimits.POLL)
def follow_page(request, page_id):
    """A member follows or stops following a proposal or a section, from its page."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not following.followable(page):
        raise Http404
    if request.POST.get("follow") == "no":
        following.unfollow(page, request.user)
        messages.success(request, NOT_FOLLOWING.format(title=page.title))
        return redirect(page.url)
    try:
        following.follow(page, request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, FOLLOWING.format(title=page.title))
    return redirect(page.url)


@login_required
def notification_preferences(request):
    """The member's own preferences and follows: there is no address for another's."""
    if not is_member(request.user):
        raise Http404
    form = NotificationPreferencesForm(
        request.POST or None, instance=preferences_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        save_notification_preferences(request.user, **form.cleaned_data)
        messages.success(request, PREFERENCES_SAVED)
        return redirect("notification_preferences")
    return TemplateResponse(request, "governance/notification_preferences.html", {
        "form": form, "follows": following.follows_of(request.user),
    })


@require_POST
@login_required
def stop_following(request, follow_id):
    """Stop one follow from the preferences page; another member's follow is a 404."""
    try:
        following.stop_following(follow_id, request.user)
    except Follow.DoesNotExist:
        raise Http404 from None
    messages.success(request, "Done: you no longer follow it.")
    return redirect("notification_preferences")


@dataclass(frozen=True)
class DiscussionAction:
    """One of the discussion's forms: what it does to its comment (or page) and what it says."""

    form_class: type
    perform: Callable  # (page, comment or None, user, **cleaned_data) -> the comment concerned
    heading: str
    button: str
    done: str  # the confirmation shown back on the proposal
    may: Callable = is_member  # who may use the form (the service checks again)
    refusal: str = services.NOT_A_MEMBER_COMMENT


DISCUSSION_ACTIONS = {
    "comment": DiscussionAction(
        CommentForm, lambda page, comment, user, text: services.post_comment(
            page, author=user, text=text
        ),
        "Comment on “{title}”", "Post the comment", "Your comment is posted.",
    ),
    "reply": DiscussionAction(
        CommentForm,
        lambda page, comment, user, text: services.post_comment(
            page, author=user, text=text, reply_to=comment
        ),
        "Reply to a comment on “{title}”", "Post the reply", "Your reply is posted.",
    ),
    "report": DiscussionAction(
        ReportCommentForm,
        lambda page, comment, user, reason: services.report_comment(
            comment, reporter=user, reason=reason
        ).comment,
        "Report a comment on “{title}” under the Code of Conduct", "Send the report",
        "Thank you: the moderators are told and will read the comment.",
    ),
    "hide": DiscussionAction(
        HideCommentForm,
        lambda page, comment, user, reason: services.hide_comment(
            comment, moderator=user, reason=reason
        ),
        "Hide a comment on “{title}”", "Hide the comment",
        "The comment is hidden; the reason shows in its place.",
        may=is_moderator, refusal=services.NOT_A_MODERATOR,
    ),
}


@login_required
@ratelimits.limit(ratelimits.COMMENT)
def comment_on(request, page_id):
    """A member comments on a proposal in discussion."""
    page = _discussed_page(request, Page.objects.filter(pk=page_id))
    return _discussion_form(request, DISCUSSION_ACTIONS["comment"], page, None)


@login_required
@ratelimits.limit(ratelimits.COMMENT)
def comment_action(request, comment_id, action):
    """Reply to, report or (a moderator) hide one comment."""
    comment = get_object_or_404(Comment.objects.select_related("author__member"), pk=comment_id)
    page = _discussed_page(request, Page.objects.filter(pk=comment.page_id))
    return _discussion_form(request, DISCUSSION_ACTIONS[action], page, comment)


def _discussed_page(request, pages):
    """The live proposal or charter the request may see, or 404."""
    page = get_object_or_404(pages.live()).specific
    if not isinstance(page, BaseProposalPage):
        raise Http404
    if any(not rule.accept_request(request) for rule in page.get_view_restrictions()):
        raise Http404
    return page


def _discussion_form(request, action, page, comment):
    if not action.may(request.user):
        raise PermissionDenied(action.refusal)
    form = action.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            concerned = action.perform(page, comment, request.user, **form.cleaned_data)
        except services.DiscussionError as error:
            form.add_error(None, error)
        else:
            messages.success(request, action.done)
            return redirect(f"{page.url}#comment-{concerned.pk}")
    return TemplateResponse(request, "governance/discussion_form.html", {
        "page": page, "comment": comment, "form": form,
        "heading": action.heading.format(title=page.title), "button": action.button,
    })
