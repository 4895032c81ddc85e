"""Say why Wagtail's own page views refuse a governance page, instead of Wagtail's
"Sorry, you do not have permission to access this area."

The decision stays with the page permission testers (governance.permissions); this
asks them the same question the view is about to ask and, when the answer is no,
redirects with a message that says why and what to do instead. Wagtail's hooks
(`before_move_page` and the like) run only after its own permission check, so they
never see these requests.
"""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail.models import Page

from governance.models import BaseProposalPage, SectionPage, Stage

ONLY_THE_LIFECYCLE_MOVES = (
    "“{title}” moves between sections only through its lifecycle steps (the buttons on "
    "its page in the editor), so that every move is decided, logged and redirected."
)
NO_COPIES = (
    "A proposal is not copied into a governance section: write a new proposal for "
    "discussion instead, or an amendment of the policy."
)
NEVER_TAKEN_DOWN = (
    "“{title}” has been published, so it stays readable: a Director or Officer "
    "withdraws, rejects or retires it, and it moves to its section with a redirect."
)
ADD_IN_DISCUSSION = (
    "New proposals start in Proposals for discussion. A policy adopted before this site "
    "is written there and placed with “Record an existing policy”."
)
SECTIONS_STAY = "The five governance sections are part of the process and stay where they are."
# Wagtail's page views whose refusal this explains.
EXPLAINED = {"add", "add_subpage", "move", "move_confirm", "copy", "delete", "unpublish"}


def _page(page_id):
    page = Page.objects.filter(pk=page_id).first()
    return page.specific if page is not None else None


def _refusal(url_name, user, kwargs):
    """(message, page to show instead) for a refused request, or None when it may go on."""
    if url_name in ("add", "add_subpage"):
        parent = _page(kwargs.get("parent_page_id"))
        refused = isinstance(parent, SectionPage) and parent.stage != Stage.DISCUSSION
        return (ADD_IN_DISCUSSION, parent) if refused and not user.is_superuser else None
    page = _page(kwargs.get("page_id") or kwargs.get("page_to_move_id"))
    if not isinstance(page, BaseProposalPage | SectionPage):
        return None
    message = _refused_on(page, url_name, page.permissions_for_user(user))
    return (message, page.get_parent()) if message else None


def _refused_on(page, url_name, permissions):
    checks = {
        "move": (permissions.can_move, ONLY_THE_LIFECYCLE_MOVES),
        "move_confirm": (permissions.can_move, ONLY_THE_LIFECYCLE_MOVES),
        "copy": (permissions.can_copy, NO_COPIES),
        "delete": (permissions.can_delete, NEVER_TAKEN_DOWN),
        "unpublish": (permissions.can_unpublish, NEVER_TAKEN_DOWN),
    }
    if url_name not in checks:
        return None
    allowed, message = checks[url_name]
    if allowed():
        return None
    return SECTIONS_STAY if isinstance(page, SectionPage) else message.format(title=page.title)


class ExplainRefusalsMiddleware:
    """Answers a refused Wagtail page action on a governance page with its reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "wagtailadmin_pages":
            return None
        if match.url_name not in EXPLAINED:
            return None
        if not request.user.is_authenticated:
            return None
        refusal = _refusal(match.url_name, request.user, view_kwargs)
        if refusal is None:
            return None
        message, shown_instead = refusal
        messages.error(request, message)
        return redirect("wagtailadmin_explore", shown_instead.pk)
