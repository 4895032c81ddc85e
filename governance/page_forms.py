"""The Wagtail editor's form for proposals and charters.

Moderators open other members' submissions in the editor to approve or reject
them (the "Publish for discussion" workflow); they may not change them
(strategic decision-making, "Access Control": members write their own
proposals). Imported by governance.models, so it imports no governance module
at load time.
"""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

NOT_A_CO_AUTHOR = (
    "Only members can be co-authors: remove that name and add co-authors by searching "
    "for their member name."
)
NOT_A_POLICY_TO_SUPERSEDE = (
    "A proposal can only supersede live active policies: choose them from the list."
)
NOT_A_POLICY_TO_AMEND = (
    "An amendment can only amend a live active policy of its own kind: choose it from the list."
)
NOT_YOURS_TO_CHANGE = (
    "You can approve or reject this submission, but only its authors, a Director or an "
    "Officer can change it. Say what should change in your review comment instead."
)


class ProposalPageForm(WagtailAdminPageForm):
    """Refuses changes to a saved proposal from anyone but its authors and the Board, and
    offers only members as co-authors and only live active policies to amend or supersede."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from governance.selectors import co_author_candidates, live_active_policies

        page = self.instance
        self._narrow("co_authors", co_author_candidates(), NOT_A_CO_AUTHOR)
        self._narrow("supersedes", live_active_policies(excluding=page), NOT_A_POLICY_TO_SUPERSEDE)
        self._narrow(
            "amends", live_active_policies(excluding=page, of_type=type(page)),
            NOT_A_POLICY_TO_AMEND,
        )

    def _narrow(self, name, queryset, refusal):
        # The choices are also what the form accepts, so a hand-made post is held to them.
        field = self.fields.get(name)
        if field is not None:
            field.queryset = queryset
            field.error_messages.update(invalid_choice=refusal, invalid_pk_value=refusal)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and self.changed_data and not self._may_change():
            raise ValidationError(NOT_YOURS_TO_CHANGE)
        return cleaned_data

    def _may_change(self):
        from governance.roles import is_author, is_board_officer

        user = self.for_user
        return is_board_officer(user) or is_author(self.instance, user)
