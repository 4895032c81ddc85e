"""The Wagtail editor's form for proposals and charters.

Moderators open other members' submissions in the editor to approve or reject
them (the "Publish for discussion" workflow); they may not change them
(strategic decision-making, "Access Control": members write their own
proposals). GovernanceConfig.ready makes it the proposals' `base_form_class`.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import strip_tags
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.base import BlockWidget

from core.internals import place_new_page_under
from core.posted_data import with_form_counts_capped, with_formset_ids
from core.roles import is_board_officer
from governance.roles import is_author
from governance.selectors import co_author_candidates, live_active_policies

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

TEXT_REQUIRED = (
    "Write the text of the proposal before you submit it; a draft may be saved without it."
)
# A new proposal's text starts as the outline of a good proposal, for its author to fill in.
STARTING_TEXT = [
    ("heading", "Problem"),
    ("paragraph", "<p>What is wrong today, and whom does it affect?</p>"),
    ("heading", "Proposal"),
    ("paragraph", "<p>What should the foundation do, and how will we know it worked?</p>"),
    ("heading", "Alternatives considered"),
    ("paragraph", "<p>What else could be done, and why is this proposal better?</p>"),
]

PROMPT_LEFT = (
    "Replace the outline's question “{prompt}” with your own words, or delete it, before you "
    "submit; a draft may be saved with it."
)
PROMPTS = {strip_tags(value) for kind, value in STARTING_TEXT if kind == "paragraph"}

UNREADABLE = "This could not be read, so nothing was saved. Enter it again."
# The editor's comment threads, as many as a post may ask for: Django would build up to
# 2,000 comment forms, each with up to 2,000 reply forms, for any member's hand-made post.
COMMENT_FORM_COUNTS = {"comments": 200, "replies": 50}

# What Django and Wagtail widgets raise on posted data no editor would send.
UNREADABLE_ERRORS = (KeyError, ValueError, TypeError, AttributeError, ValidationError)


class ProposalPageForm(WagtailAdminPageForm):
    """Refuses changes to a saved proposal from anyone but its authors and the Board, and
    offers only members as co-authors and only live active policies to amend or supersede."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = with_formset_ids(with_form_counts_capped(data, COMMENT_FORM_COUNTS))
        super().__init__(data, *args, **kwargs)
        page = self.instance
        self._narrow("co_authors", co_author_candidates(), NOT_A_CO_AUTHOR)
        self._narrow("supersedes", live_active_policies(excluding=page), NOT_A_POLICY_TO_SUPERSEDE)
        self._narrow(
            "amends", live_active_policies(excluding=page, of_type=type(page)),
            NOT_A_POLICY_TO_AMEND,
        )
        if not page.pk and "slug" not in self.fields and self.parent_page:
            # A member's form has no address: the page makes it from the title when it is
            # checked, as it would on saving, so a taken address is a form error then.
            place_new_page_under(page, self.parent_page)
        self.unreadable = []
        if self.is_bound:
            self.data = self._readable(self.data)
        elif "body" in self.fields and not page.pk:
            self.initial["body"] = self._starting_text()

    def _starting_text(self):
        block = self.fields["body"].block
        return block.to_python([{"type": kind, "value": value} for kind, value in STARTING_TEXT])

    def _narrow(self, name, queryset, refusal):
        # The choices are also what the form accepts, so a hand-made post is held to them.
        field = self.fields.get(name)
        if field is not None:
            field.queryset = queryset
            field.error_messages.update(invalid_choice=refusal, invalid_pk_value=refusal)

    def _readable(self, data):
        """The posted data with each field the form cannot read emptied, so that the editor
        shows the form again with an error instead of failing (hand-made posts)."""
        data = data.copy()
        for name, field in self.fields.items():
            prefix = self.add_prefix(name)
            try:
                _read(field, data, self.files, prefix)
            except UNREADABLE_ERRORS:
                self.unreadable.append(name)
                _empty(field, data, prefix)
        return data

    def clean(self):
        cleaned_data = super().clean()
        for name in self.unreadable:
            self.add_error(name, UNREADABLE)
        if self._text_missing(cleaned_data):
            self.add_error("body", TEXT_REQUIRED)
        elif prompt := self._prompt_left(cleaned_data):
            self.add_error("body", PROMPT_LEFT.format(prompt=prompt))
        if self.instance.pk and self.changed_data and not self._may_change():
            raise ValidationError(NOT_YOURS_TO_CHANGE)
        return cleaned_data

    def _text_missing(self, cleaned_data):
        # Saving a draft defers required fields (Wagtail); submitting or publishing does not.
        if "body" not in self.fields or "body" in self._errors or self.is_deferred_validation:
            return False
        return not cleaned_data.get("body")

    def _prompt_left(self, cleaned_data):
        """The first of the outline's questions still in the text, when it is submitted."""
        if "body" not in self.fields or "body" in self._errors or self.is_deferred_validation:
            return None
        for block in cleaned_data.get("body") or []:
            if block.block_type == "paragraph":
                text = strip_tags(block.value.source).strip()
                if text in PROMPTS:
                    return text
        return None

    def add_error(self, field, error):
        # The page's own checks may name a field this user's form leaves out (a member's
        # has no slug): say it above the form rather than fail.
        if field is None and hasattr(error, "error_dict"):
            hidden = [name for name in error.error_dict
                      if name != NON_FIELD_ERRORS and name not in self.fields]
            for name in hidden:
                error.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(
                    error.error_dict.pop(name)
                )
        super().add_error(field, error)

    def _may_change(self):
        user = self.for_user
        return is_board_officer(user) or is_author(self.instance, user)


def _read(field, data, files, prefix):
    """Read the field as the form will; a chooser's id must also be one its model could have."""
    value = field.widget.value_from_datadict(data, files, prefix)
    if isinstance(field, forms.ModelChoiceField):
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item not in (None, ""):
                pk = field.queryset.model._meta.pk.to_python(item)
                if isinstance(pk, int) and abs(pk) >= 2**63:
                    # No id is this large, and SQLite's IN lookup raises on it.
                    raise ValueError(f"{item} is beyond any id")


def _empty(field, data, prefix):
    for key in [key for key in data if key == prefix or key.startswith(f"{prefix}-")]:
        del data[key]
    if isinstance(field.widget, BlockWidget):
        data[f"{prefix}-count"] = "0"
