"""What Wagtail's own page views may do to governance pages (strategic decision-making,
"Access Control"; docs/architecture.md section 3).

Wagtail asks a page's permission tester before every move, copy, delete,
unpublish, publish, privacy setting and add, in its views, its bulk actions and
its listing menus. These testers answer for the governance tree so that pages
reach a section only through the lifecycle: no one but a superuser moves or
copies a proposal, unpublishes or deletes one that was ever published (it is
archived instead), publishes outside discussion (the lifecycle publishes the
decided text), restricts who may read a governance page (every section is
public, and hiding a page unpublishes it for the public) or adds a page to any
section but discussion. A Director who declared a conflict of interest cannot
open the proposal in the editor at all, and only the lifecycle ends the Board's
workflow (`may_end_workflow`, asked by a hook in governance.wagtail_hooks).
"""

from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.roles import is_board_officer
from governance.models import BaseProposalPage, Stage
from governance.roles import is_conflicted
from governance.selectors import pages_open_to

BOARDS_WORKFLOW = (
    "“{title}” is before the Board: its workflow ends when the Board decides, returns it "
    "to discussion or withdraws it, with the buttons above."
)


def may_end_workflow(page, user):
    """Whether `user` may cancel or restart the workflow on `page` from the editor."""
    if user.is_superuser or not isinstance(page, BaseProposalPage):
        return True
    # Outside discussion the workflow is the Board's decision; ending it by hand would
    # take the proposal off the Board's list while the decision stays pending.
    return not page.text_is_frozen()


class ProposalPermissionTester(PagePermissionTester):
    """Wagtail's page permissions for a proposal or charter, narrowed to the lifecycle."""

    def can_edit(self):
        if self.user.is_superuser:
            return super().can_edit()
        return super().can_edit() and not is_conflicted(self.page, self.user)

    def can_move(self):
        return self.user.is_superuser and super().can_move()

    def can_move_to(self, destination):
        return self.user.is_superuser and super().can_move_to(destination)

    def can_copy(self):
        return self.user.is_superuser and super().can_copy()

    def can_copy_to(self, destination, recursive=False):
        return self.user.is_superuser and super().can_copy_to(destination, recursive)

    def can_delete(self, ignore_bulk=False):
        ever_published = self.page.live or self.page.first_published_at is not None
        if ever_published and not self.user.is_superuser:
            return False
        return super().can_delete(ignore_bulk)

    def can_unpublish(self):
        return self.user.is_superuser and super().can_unpublish()

    def can_set_view_restrictions(self):
        return self.user.is_superuser and super().can_set_view_restrictions()

    def can_publish(self):
        if self.user.is_superuser:
            return super().can_publish()
        # Moderators approve through the workflow; only the Board publishes directly, and
        # only in discussion: elsewhere the lifecycle publishes the decided text.
        return (
            super().can_publish()
            and self.page.stage == Stage.DISCUSSION
            and is_board_officer(self.user)
        )


class SectionPermissionTester(PagePermissionTester):
    """Wagtail's page permissions for a section: it stays where setup_site put it."""

    def can_add_subpage(self):
        if self.user.is_superuser or self.page.stage == Stage.DISCUSSION:
            return super().can_add_subpage()
        return False

    def can_publish_subpage(self):
        if self.user.is_superuser or self.page.stage == Stage.DISCUSSION:
            return super().can_publish_subpage()
        return False

    def can_move(self):
        return self.user.is_superuser and super().can_move()

    def can_copy(self):
        return self.user.is_superuser and super().can_copy()

    def can_delete(self, ignore_bulk=False):
        return self.user.is_superuser and super().can_delete(ignore_bulk)

    def can_unpublish(self):
        return self.user.is_superuser and super().can_unpublish()

    def can_set_view_restrictions(self):
        return self.user.is_superuser and super().can_set_view_restrictions()


class AdminPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, with what a member may explore narrowed to what they may see.

    Wagtail's explorer, admin page search, admin API (which the page chooser and the
    sidebar explorer use) and the site-history and page-history reports all list the
    "explorable" pages. Wagtail makes every page under a section one may add to
    explorable, so every member would find other members' unpublished drafts there.
    """

    def explorable_instances(self, user):
        return pages_open_to(user, pages=super().explorable_instances(user))
