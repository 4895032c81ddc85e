"""Admin set-up for governance: transition buttons, their views and log actions."""

from django.contrib import messages as django_messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem as SidebarMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.log_actions import LogFormatter

from core.admin_urls import report_urls
from core.roles import is_board_officer
from governance.models import BaseProposalPage
from governance.permissions import BOARDS_WORKFLOW, may_end_workflow
from governance.selectors import discussion_dates, pages_open_to
from governance.sponsor_admin import sponsor_applications
from governance.views import (
    PoliciesDueForReviewView,
    co_author_search,
    transition_view,
    transitions_for,
)


@hooks.register("register_admin_urls")
def register_transition_urls():
    return [
        path(
            "governance/<int:page_id>/<slug:name>/",
            transition_view,
            name="governance_transition",
        ),
        path(
            "governance/co-authors/", co_author_search, name="governance_co_author_search"
        ),
        path(
            "governance/sponsor-applications/",
            sponsor_applications,
            name="governance_sponsor_applications",
        ),
        *report_urls(
            "reports/policies-due-for-review/", PoliciesDueForReviewView,
            "governance_policies_due_for_review",
        ),
    ]


@hooks.register("construct_page_chooser_queryset")
def choose_only_pages_open_to_the_user(pages, request):
    # Choosers list every page, drafts included; a member finds only what they may see.
    return pages_open_to(request.user, pages=pages)


class BoardMenuItem(SidebarMenuItem):
    """A menu item only Directors and Officers see."""

    def is_shown(self, request):
        return is_board_officer(request.user)


def _board_menu_item(label, url_name, *, icon_name, order):
    return BoardMenuItem(
        label, reverse(url_name), name=slugify(label), icon_name=icon_name, order=order
    )


@hooks.register("register_reports_menu_item")
def register_policies_due_for_review_menu_item():
    return _board_menu_item(
        "Policies due for review", "governance_policies_due_for_review", icon_name="time",
        order=1200,
    )


@hooks.register("register_admin_menu_item")
def register_sponsor_applications_menu_item():
    return _board_menu_item(
        "Sponsor applications", "governance_sponsor_applications", icon_name="group", order=850
    )


@hooks.register("register_page_header_buttons")
def transition_header_buttons(page, user, view_name, next_url=None):
    specific_class = page.specific_class
    if not (specific_class and issubclass(specific_class, BaseProposalPage)):
        return
    for priority, (name, transition) in enumerate(transitions_for(page.specific, user), 80):
        yield MenuItem(
            transition.label,
            reverse("governance_transition", args=[page.pk, name]),
            icon_name="arrow-right",
            priority=priority,
        )


# The editor's fields that cancel or restart a page's workflow.
ENDS_WORKFLOW = {"action-cancel-workflow", "action-restart-workflow"}


@hooks.register("before_edit_page")
def keep_the_boards_workflow(request, page):
    # Wagtail lets the submitter or the page's owner cancel a workflow even on a locked page.
    if request.method != "POST" or not ENDS_WORKFLOW & request.POST.keys():
        return None
    if may_end_workflow(page, request.user):
        return None
    messages.error(request, BOARDS_WORKFLOW.format(title=page.title))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def show_the_author_what_happens_next(request, page):
    # An author who cannot review their own submission has nothing more to do in the
    # admin: they land on the site, told who acts next. A moderator stays to review.
    if "action-submit" not in request.POST or not isinstance(page.specific, BaseProposalPage):
        return None
    task_state = page.current_workflow_task_state
    if task_state is None or task_state.task.specific.get_actions(page, request.user):
        return None
    # The admin's own notice, with its admin buttons, would repeat the landing page.
    list(django_messages.get_messages(request))
    return redirect("governance_submitted", page.pk)


DISCUSSION_DATES = "In discussion since {since} · earliest decision {earliest}."


@hooks.register("before_edit_page")
def show_discussion_dates(request, page):
    # Where Directors and Officers act: why "Move to resolution" is not offered yet,
    # and only while it is not.
    if request.method != "GET" or not is_board_officer(request.user):
        return
    specific = page.specific
    dates = isinstance(specific, BaseProposalPage) and discussion_dates(specific)
    if dates and dates["earliest"] and timezone.localdate() < dates["earliest"]:
        messages.info(request, DISCUSSION_DATES.format(
            since=date_format(dates["since"], "j F Y"),
            earliest=date_format(dates["earliest"], "j F Y"),
        ))


class GovernanceLogFormatter(LogFormatter):
    """A transition's message, with its reason or minutes when it has them."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = str(self.message)
        if data.get("to"):
            message += f" ({data['from']} → {data['to']})"
        if data.get("proposal"):
            message += f": “{data['proposal']['title']}”"
        return message

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        return data.get("reason") or data.get("notes") or ""


# (action, label, message) for every transition in governance/lifecycle.py.
LOG_ACTIONS = [
    ("governance.submit_for_discussion", "Submit for discussion", "Submitted for discussion"),
    ("governance.move_to_resolution", "Move to resolution", "Moved to resolution"),
    ("governance.adopt", "Adopt by Board resolution", "Adopted by Board resolution"),
    ("governance.refer_to_member_vote", "Refer to member vote", "Referred to a member vote"),
    ("governance.apply_vote_outcome", "Member vote outcome", "Member vote decided"),
    ("governance.reject", "Reject", "Rejected"),
    ("governance.withdraw", "Withdraw", "Withdrawn"),
    ("governance.retire", "Retire", "Retired"),
    ("governance.restart_decision", "Restart decision", "Edited; decision restarted"),
    (
        "governance.return_to_discussion", "Return to discussion",
        "Returned to discussion; a pending decision or member vote was cancelled",
    ),
    ("governance.request_withdrawal", "Ask to withdraw", "Its authors asked to withdraw it"),
    (
        "governance.record_existing_policy", "Record an existing policy",
        "Recorded as a policy adopted before this register",
    ),
    ("governance.amend", "Amend", "Amended by an adopted proposal"),
    (
        "governance.declare_conflict", "Declare a conflict of interest",
        "A Director declared a conflict of interest and recused",
    ),
]


@hooks.register("register_log_actions")
def register_governance_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        formatter = type(
            "Formatter", (GovernanceLogFormatter,), {"label": label, "message": message}
        )
        actions.register_action(action)(formatter)
