"""Forms for casting, verifying a receipt and enrolling; each view hands the result to a service."""

from django import forms

from voting.models import Ballot, Question
from voting.services import TOO_MANY_MARKS


class CastForm(forms.Form):
    """One field per question of a ballot; yes/no/abstain and one-of-several take one mark."""

    def __init__(self, *args, ballot, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(ballot.questions.all())
        for question in self.questions:
            self.fields[self.field_name(question)] = self._field_for(question)

    @staticmethod
    def field_name(question):
        return f"question_{question.pk}"

    @staticmethod
    def _field_for(question):
        choices = [(option.pk, option.label) for option in question.options.all()]
        poll = "" if question.binding else "Non-binding poll. "
        if question.kind == Question.KIND_APPROVAL:
            return forms.TypedMultipleChoiceField(
                label=question.text, choices=choices, coerce=int, required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=f"{poll}Mark up to {question.seats}; you may mark fewer or none.",
            )
        required = question.kind == Question.KIND_YES_NO_ABSTAIN
        return forms.TypedChoiceField(
            label=question.text, choices=choices, coerce=int, required=required,
            widget=forms.RadioSelect,
            help_text=poll + ("Choose Abstain to take part without a yes or no." if required
                              else "You may leave this question blank."),
        )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            marks = cleaned.get(self.field_name(question))
            if question.kind == Question.KIND_APPROVAL and marks and len(marks) > question.seats:
                self.add_error(self.field_name(question), TOO_MANY_MARKS.format(
                    question=question, seats=question.seats, marks=len(marks)))
        return cleaned

    def answers(self):
        """Answers as `services.cast` takes them: question id to a list of option ids."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if value in (None, ""):
                value = []
            answers[question.pk] = value if isinstance(value, list) else [value]
        return answers


class VerifyReceiptForm(forms.Form):
    """A ballot and a receipt code to check."""

    ballot = forms.ModelChoiceField(
        queryset=Ballot.objects.filter(status__in=[Ballot.STATUS_OPEN, Ballot.STATUS_CLOSED]),
        empty_label="Choose the ballot",
    )
    code = forms.CharField(
        label="Receipt code", max_length=64, strip=True,
        help_text="The code shown once after you voted.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
