"""Forms for the Board's confirmations of lifecycle transitions."""

from django import forms


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
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
