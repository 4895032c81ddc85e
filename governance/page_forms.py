"""The Wagtail editor's form for proposals and charters.

Moderators open other members' submissions in the editor to approve or reject
them (the "Publish for discussion" workflow); they may not change them
(strategic decision-making, "Access Control": members write their own
proposals). Imported by governance.models, so it imports no governance module
at load time.
"""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

NOT_YOURS_TO_CHANGE = (
    "You can approve or reject this submission, but only its authors, a Director or an "
    "Officer can change it. Say what should change in your review comment instead."
)


class ProposalPageForm(WagtailAdminPageForm):
    """Refuses changes to a saved proposal from anyone but its authors and the Board."""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and self.changed_data and not self._may_change():
            raise ValidationError(NOT_YOURS_TO_CHANGE)
        return cleaned_data

    def _may_change(self):
        from governance.roles import is_author, is_board_officer

        user = self.for_user
        return is_board_officer(user) or is_author(self.instance, user)
