"""Forms for joining, the member dashboard and staff imports; they parse, services decide."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from wagtail.log_actions import LogContext

from membership.models import (
    CodeOfConduct,
    DeclaredProject,
    NotificationPreferences,
    OpenSourceLicence,
    SponsorLevel,
    WorkingGroup,
)
from membership.project_addresses import (
    ERROR_NOT_HTTPS,
    PROJECT_ADDRESS_HELP,
    validate_project_address,
)
from membership.services import (
    ERROR_END_REASON_REQUIRED,
    ERROR_HOURS_NOT_AFFIRMED,
    ERROR_NO_PAYMENT,
    ERROR_NO_PROJECT,
    ERROR_NO_REASON,
    join,
)

ERROR_MUST_AGREE = "You can only join by agreeing to the Code of Conduct."
LICENCES = [licence for licence in OpenSourceLicence if licence.value]
PROJECT_NAME_LENGTH = DeclaredProject._meta.get_field("name").max_length
PROJECT_URL_LENGTH = DeclaredProject._meta.get_field("url").max_length
ERROR_ON_LINE = "Line {line}: {error}"
ERROR_PROJECT_LINE = (
    "write the project's name, its https:// address and its licence, separated by commas."
)
ERROR_NAME_TOO_LONG = "the project's name is longer than {limit} characters; shorten it."
ERROR_URL_TOO_LONG = "the address is longer than {limit} characters; give a shorter one."
ERROR_UNKNOWN_LICENCE = (
    "“{licence}” is not on the list of OSI-approved licences; write one of the SPDX ids "
    "listed under the box."
)
PROJECTS_HELP = (
    "One project a line: its name, its address and the SPDX id of its licence, separated by "
    "commas. For example: Requests, https://github.com/psf/requests, Apache-2.0. "
    f"{PROJECT_ADDRESS_HELP} "
    "The licence must be OSI-approved, one of: "
    + ", ".join(licence.value for licence in LICENCES) + "."
)
ERROR_LINK_NOT_HTTPS = (
    "Give the https address of a public page that shows your role there, "
    "such as https://plone.org/foundation/members."
)
ERROR_ORGANISATION_MISSING = "Write the name of the organisation you work in."
ERROR_ROLE_MISSING = "Write what you do there, for example \"board member\" or \"release manager\"."
ERROR_RECOGNITION_YEAR = "Choose one of the years in which you were a Managing Member."
HOURS_LABEL = "I affirm that I put in 5 to 10 hours a month."


def _code_of_conduct_help():
    return format_html(
        'Read the <a href="{}">Code of Conduct</a> before you agree.',
        reverse_lazy("membership:code_of_conduct"),
    )


class MemberDetailsForm(forms.Form):
    """The details every member gives when joining."""

    name = forms.CharField(max_length=150, label="Your name", help_text="As other members see it.")
    country = forms.CharField(max_length=80, label="Country where you live")


class SignupForm(MemberDetailsForm):
    """allauth's sign-up extra fields: joining is a name, a country and the Code of Conduct."""

    agrees_to_code_of_conduct = forms.BooleanField(
        label="I agree to the Code of Conduct",
        help_text=lazy(_code_of_conduct_help, str)(),
        error_messages={"required": ERROR_MUST_AGREE},
    )

    def signup(self, request, user):
        version = CodeOfConduct.load(request_or_site=request).version
        with LogContext(user=user):
            join(
                user=user, name=self.cleaned_data["name"], country=self.cleaned_data["country"],
                code_of_conduct_version=version,
            )


class ProfileForm(MemberDetailsForm):
    """What a member keeps up to date on their dashboard."""

    declines_supporter_gifts = forms.BooleanField(
        required=False, label="Do not send me the yearly Supporting Member gifts"
    )


class HoursAffirmationForm(forms.Form):
    """The dashboard shows several of these forms at once: each one's ids start with
    its own `ids` name, so no two fields on the page share an id."""

    ids = "hours"
    affirms_hours = forms.BooleanField(
        label=HOURS_LABEL, error_messages={"required": ERROR_HOURS_NOT_AFFIRMED}
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.ids}_%s")
        super().__init__(*args, **kwargs)


class IdChoicesField(forms.ModelMultipleChoiceField):
    """Turns away ids beyond a 64-bit integer, which SQLite's ``IN`` lookup raises on."""

    def clean(self, value):
        for pk in value if isinstance(value, (list, tuple)) else []:
            # ASCII digits only: "²".isdigit() is true, but int("²") raises.
            if re.fullmatch(r"-?[0-9]+", str(pk)) and abs(int(pk)) >= 2**63:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class ManagingForm(HoursAffirmationForm):
    """Declare or recertify Managing membership by listing one's working groups."""

    ids = "managing"

    # Optional: an approved pro-forma charter qualifies on its own; the service decides.
    working_groups = IdChoicesField(
        queryset=WorkingGroup.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        label="Your working groups",
        required=False,
    )
    field_order = ["working_groups", "affirms_hours"]


class ContributingForm(HoursAffirmationForm):
    """Declare or recertify Contributing membership by listing one's open-source projects."""

    ids = "contributing"

    projects = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Your open-source projects",
        help_text=PROJECTS_HELP,
    )
    field_order = ["projects", "affirms_hours"]

    def clean_projects(self):
        projects, errors = [], []
        for line, text in enumerate(self.cleaned_data["projects"].splitlines(), start=1):
            if not text.strip():
                continue
            try:
                projects.append(_project_on_line(text))
            except ValidationError as error:
                errors += [ERROR_ON_LINE.format(line=line, error=message)
                           for message in error.messages]
        if errors:
            raise ValidationError(errors)
        if not projects:
            raise ValidationError(ERROR_NO_PROJECT)
        return projects


def _project_on_line(text):
    """(name, url, licence) from "name, url, licence"; a ValidationError says what is wrong."""
    parts = [part.strip() for part in text.rsplit(",", 2)]
    if len(parts) != 3 or not all(parts):
        raise ValidationError(ERROR_PROJECT_LINE)
    name, url, licence = parts
    if len(name) > PROJECT_NAME_LENGTH:
        raise ValidationError(ERROR_NAME_TOO_LONG.format(limit=PROJECT_NAME_LENGTH))
    if len(url) > PROJECT_URL_LENGTH:
        raise ValidationError(ERROR_URL_TOO_LONG.format(limit=PROJECT_URL_LENGTH))
    try:
        URLValidator(schemes=["https"])(url)
    except ValidationError:
        raise ValidationError(ERROR_NOT_HTTPS.format(url=url)) from None
    validate_project_address(url)
    return name, url, _licence(licence)


def _licence(text):
    for licence in LICENCES:
        if licence.value.lower() == text.lower():
            return licence.value
    raise ValidationError(ERROR_UNKNOWN_LICENCE.format(licence=text))


class ProFormaCharterForm(HoursAffirmationForm):
    """A short charter asking for one's work in another community organisation to count
    towards Managing status."""

    ids = "pro_forma"

    organisation = forms.CharField(
        max_length=150, label="Organisation",
        help_text="For example the Plone Foundation or NumFOCUS.",
        error_messages={"required": ERROR_ORGANISATION_MISSING},
    )
    role = forms.CharField(
        max_length=150, label="Your role there",
        error_messages={"required": ERROR_ROLE_MISSING},
    )
    link = forms.URLField(
        max_length=500, assume_scheme="https", label="A link that shows your role",
        validators=[URLValidator(schemes=["https"], message=ERROR_LINK_NOT_HTTPS)],
        error_messages={"invalid": ERROR_LINK_NOT_HTTPS, "required": ERROR_LINK_NOT_HTTPS},
    )
    field_order = ["organisation", "role", "link", "affirms_hours"]


class ManagingRecognitionForm(forms.Form):
    """A member's choice to be named, or not, on one year's roll of Managing Members."""

    year = forms.IntegerField(
        min_value=1, max_value=9999, error_messages={
            "required": ERROR_RECOGNITION_YEAR, "invalid": ERROR_RECOGNITION_YEAR,
            "min_value": ERROR_RECOGNITION_YEAR, "max_value": ERROR_RECOGNITION_YEAR,
        },
    )
    listed = forms.BooleanField(required=False)


class ProFormaCharterReviewForm(forms.Form):
    """A Director's decision on one pro-forma charter."""

    APPROVE, REFUSE = "approve", "refuse"

    charter = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    decision = forms.ChoiceField(choices=[(APPROVE, "Approve"), (REFUSE, "Refuse")])
    reason = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": ERROR_NO_REASON},
    )


MAX_CSV_BYTES = 5 * 1024 * 1024


class CsvUploadForm(forms.Form):
    """A CSV file for staff to import."""

    file = forms.FileField(label="CSV file", help_text="Up to 5 MB, UTF-8.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is 5 MB. "
                "Split it into smaller files."
            )
        return upload


class SponsorApplicationForm(forms.Form):
    """An organisation's application to become a Sponsor Member."""

    name = forms.CharField(max_length=150, label="Organisation's name")
    website = forms.URLField(required=False, assume_scheme="https")
    level = forms.ModelChoiceField(queryset=SponsorLevel.objects.all(), empty_label=None)
    contact_email = forms.EmailField(label="Contact e-mail", help_text="Never shown publicly.")


class SponsorRenewalForm(forms.Form):
    """Staff record the payment that renews a Sponsor Member for another year."""

    payment_reference = forms.CharField(
        max_length=100, label="Payment reference",
        help_text="The invoice or payment processor's reference for this year's fee.",
        error_messages={"required": ERROR_NO_PAYMENT},
    )


class DelegationEndForm(forms.Form):
    """Staff end a Sponsor Delegate's delegation before its term does."""

    reason = forms.CharField(
        max_length=255, help_text="Kept in the organisation's history; staff only.",
        error_messages={"required": ERROR_END_REASON_REQUIRED},
    )


class NotificationPreferencesForm(forms.ModelForm):
    """What a member is told and how often; the digest times are in the help text."""

    class Meta:
        model = NotificationPreferences
        fields = NotificationPreferences.CHOSEN
        labels = {
            "stage": "When a proposal I follow changes stage",
            "decision": "When a proposal I follow gets a decision",
            "vote_opened": "When a member vote opens on a proposal I follow",
            "vote_reminder": "Once, 48 hours before a ballot I have not voted in closes",
            "delivery": "How often",
        }
        help_texts = {
            "delivery": "A digest gathers what happened to the proposals you follow: the daily "
                        "one each morning, the weekly one on Mondays. Ballot reminders always "
                        "come at once.",
        }
        widgets = {"delivery": forms.RadioSelect}
