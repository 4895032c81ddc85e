"""Forms for the Board's confirmations of lifecycle transitions, stances and the discussion."""

from django import forms

from governance.lifecycle import RECORD_REQUIRED
from governance.models import (
    COMMENT_MAX_LENGTH,
    HIDING_REASON_MAX_LENGTH,
    REPORT_REASON_MAX_LENGTH,
    Position,
)
from governance.services import COMMENT_TOO_LONG, EMPTY_COMMENT, HIDING_NEEDS_REASON


class ConfirmForm(forms.Form):
    """A transition that needs nothing but a confirmation."""


class ReasonForm(forms.Form):
    """A transition recorded with its reason (reject, withdraw, retire)."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Recorded in the proposal's history and sent to its authors.",
    )


class AdoptForm(forms.Form):
    """Adoption by Board resolution, with the minutes that record it."""

    minutes_url = forms.URLField(
        required=False, assume_scheme="https", label="Minutes link",
        help_text="The Board minutes that record the vote."
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text="Needed if there is no minutes link yet; shown on the policy page.",
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("minutes_url") or cleaned.get("notes", "").strip()):
            raise forms.ValidationError(RECORD_REQUIRED)
        return cleaned


class ExistingPolicyForm(forms.Form):
    """A policy adopted before this site: when, and the minutes that record it."""

    adopted_on = forms.DateField(
        label="Adopted on", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The date of the Board meeting that adopted it.",
    )
    minutes_url = forms.URLField(
        assume_scheme="https", label="Minutes link",
        help_text="The Board minutes that record the adoption.",
    )


class StanceForm(forms.Form):
    """A member's sense of the room on a proposal in discussion."""

    position = forms.ChoiceField(
        choices=Position.choices, widget=forms.RadioSelect, label="Your stance",
        error_messages={"required": "Choose agree, abstain, disagree or block."},
    )
    reason = forms.CharField(
        max_length=280, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional, up to 280 characters; needed for a block. Members can read it.",
    )


class CommentForm(forms.Form):
    """A comment on a proposal in discussion, or a reply to one."""

    text = forms.CharField(
        label="Your comment", max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Plain text, up to {COMMENT_MAX_LENGTH:,} characters. "
        "Members read it with your name.",
        error_messages={
            "required": EMPTY_COMMENT,
            "max_length": COMMENT_TOO_LONG,
        },
    )


class HideCommentForm(forms.Form):
    """A moderator's reason for hiding a comment, shown in its place."""

    reason = forms.CharField(
        max_length=HIDING_REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in place of the comment: “Hidden by a moderator: …”.",
        error_messages={"required": HIDING_NEEDS_REASON},
    )


class ReportCommentForm(forms.Form):
    """A member's report of a comment under the Code of Conduct."""

    reason = forms.CharField(
        max_length=REPORT_REASON_MAX_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: what in it breaks the Code of Conduct. Only the moderators read it.",
    )
