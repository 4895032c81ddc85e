"""Forms for joining, the member dashboard and staff imports; they parse, services decide."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from wagtail.log_actions import LogContext

from membership.models import CodeOfConduct, DeclaredProject, SponsorLevel, WorkingGroup
from membership.services import ERROR_HOURS_NOT_AFFIRMED, ERROR_NO_PROJECT, join

ERROR_MUST_AGREE = "You can only join by agreeing to the Code of Conduct."
ERROR_PROJECT_LINE = "Line {line}: write the name of the project, a comma, then its URL."
ERROR_PROJECT_TOO_LONG = (
    "Line {line}: shorten it; a project's name can have at most {name} characters "
    "and its URL at most {url}."
)
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
    affirms_hours = forms.BooleanField(
        label=HOURS_LABEL, error_messages={"required": ERROR_HOURS_NOT_AFFIRMED}
    )


class IdChoicesField(forms.ModelMultipleChoiceField):
    """Turns away ids beyond a 64-bit integer, which SQLite's ``IN`` lookup raises on."""

    def _check_values(self, value):
        for pk in value:
            # ASCII digits only: "²".isdigit() is true, but int("²") raises.
            if re.fullmatch(r"-?[0-9]+", str(pk)) and abs(int(pk)) >= 2**63:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class ManagingForm(HoursAffirmationForm):
    """Declare or recertify Managing membership by listing one's working groups."""

    working_groups = IdChoicesField(
        queryset=WorkingGroup.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        label="Your working groups",
    )
    field_order = ["working_groups", "affirms_hours"]


class ContributingForm(HoursAffirmationForm):
    """Declare or recertify Contributing membership by listing one's open-source projects."""

    projects = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Your open-source projects",
        help_text="One a line: the project's name, a comma, its URL. "
        "For example: Requests, https://github.com/psf/requests",
    )
    field_order = ["projects", "affirms_hours"]

    def clean_projects(self):
        projects, validate_url = [], URLValidator(schemes=["http", "https"])
        for line, text in enumerate(self.cleaned_data["projects"].splitlines(), start=1):
            if not text.strip():
                continue
            name, _comma, url = text.rpartition(",")
            try:
                validate_url(url.strip())
            except ValidationError as error:
                raise ValidationError(ERROR_PROJECT_LINE.format(line=line)) from error
            if not name.strip():
                raise ValidationError(ERROR_PROJECT_LINE.format(line=line))
            projects.append(_fitting_project(line, name.strip(), url.strip()))
        if not projects:
            raise ValidationError(ERROR_NO_PROJECT)
        return projects


def _fitting_project(line, name, url):
    """The (name, url) pair of a project line, refused when it would not fit its columns."""
    name_limit = DeclaredProject._meta.get_field("name").max_length
    url_limit = DeclaredProject._meta.get_field("url").max_length
    if len(name) > name_limit or len(url) > url_limit:
        raise ValidationError(
            ERROR_PROJECT_TOO_LONG.format(line=line, name=name_limit, url=url_limit)
        )
    return name, url


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
