"""Forms for casting, verifying a receipt and enrolling; each view hands the result to a service."""

from django import forms
from django.core.validators import URLValidator

from membership.models import Member
from voting.models import Ballot, Criterion, Question
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
        if question.kind == Question.Kind.APPROVAL:
            return forms.TypedMultipleChoiceField(
                label=question.text, choices=choices, coerce=int, required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=f"{poll}Mark up to {question.seats}; you may mark fewer or none.",
            )
        required = question.kind == Question.Kind.YES_NO_ABSTAIN
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
            if question.kind == Question.Kind.APPROVAL and marks and len(marks) > question.seats:
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
        queryset=Ballot.objects.filter(status__in=[
            Ballot.Status.OPEN, Ballot.Status.AWAITING_TELLERS, Ballot.Status.COUNTING,
            Ballot.Status.CLOSED,
        ]),
        empty_label="Choose the ballot",
    )
    code = forms.CharField(
        label="Receipt code", max_length=64, strip=True,
        help_text="The code shown after you voted.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ShareForm(forms.Form):
    """A teller's share of a ballot's key, typed back from where they wrote it down."""

    words = forms.CharField(
        label="Your share's words", max_length=1000, strip=True,
        help_text="The words you were shown when you collected your share, in order, separated "
        "by spaces. Capital letters and line breaks do not matter.",
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false",
                                     "autocapitalize": "none"}),
    )


NO_SUCH_MEMBER = (
    "No member matches “{text}”. Only members can be nominated: check the spelling, or use "
    "the e-mail address they joined with."
)
SEVERAL_MEMBERS = "Several members are called “{text}”: use their e-mail address instead."


class MemberField(forms.CharField):
    """A member named by their e-mail address or full name; anyone else is refused."""

    def clean(self, value):
        text = super().clean(value)
        lookup = {"user__email__iexact": text} if "@" in text else {"name__iexact": text}
        found = list(Member.objects.filter(**lookup)[:2])
        if not found:
            raise forms.ValidationError(NO_SUCH_MEMBER.format(text=text))
        if len(found) > 1:
            raise forms.ValidationError(SEVERAL_MEMBERS.format(text=text))
        return found[0]


class FellowNominationForm(forms.Form):
    """The web form of "Fellowship Nomination and Voting Procedure"; it asks nothing of you."""

    nominee = MemberField(
        label="Nominee", max_length=254,
        help_text="Their full name as a member, or the e-mail address they joined with.",
    )
    criterion = forms.ChoiceField(
        choices=Criterion.choices, widget=forms.RadioSelect,
        help_text="The criterion the nominee meets; the Fellows vote on exactly this.",
    )
    description = forms.CharField(
        label="Their contributions", widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text="A brief description of what they did. Do not mention yourself: a "
        "nomination that identifies its nominator is refused.",
    )
    urls = forms.CharField(
        label="Links", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="As many URLs as you need, one per line.",
    )

    def clean_urls(self):
        urls = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for url in urls:
            try:
                validate(url)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"“{url}” is not a web address (http or https)."
                ) from None
        return urls


class BoardNominationForm(forms.Form):
    nominee = MemberField(
        label="Nominee", max_length=254,
        help_text="A member's full name or e-mail address; you may nominate yourself.",
    )


class AcceptNominationForm(forms.Form):
    statement = forms.CharField(
        label="Your statement to the voters", widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000, help_text="Shown with your name on the ballot.",
    )
