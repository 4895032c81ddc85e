"""Public membership pages and the member dashboard; each parses, calls, renders."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.log_actions import LogContext

from membership import selectors, services
from membership.forms import (
    ERROR_RECOGNITION_YEAR,
    ContributingForm,
    ManagingForm,
    ManagingRecognitionForm,
    ProfileForm,
    ProFormaCharterForm,
    SignupForm,
    SponsorApplicationForm,
)
from membership.models import (
    Affiliate,
    CategoryCode,
    CodeOfConduct,
    Member,
    MembershipCategory,
    SponsorLevel,
    WorkingGroup,
)

MESSAGE_PROFILE_SAVED = "Your profile is saved."
MESSAGE_MANAGING_CERTIFIED = "You are a Managing Member for the next year. Thank you."
MESSAGE_CONTRIBUTING_CERTIFIED = "You are a Contributing Member for the next year. Thank you."
MESSAGE_FELLOWSHIP_DECLINED = "You have declined the Fellowship. It is recorded in your history."
MESSAGE_LEFT_GROUP = "You have left {group}."
MESSAGE_JOINED = "Welcome: you are a Basic Member of the foundation."
MESSAGE_PRO_FORMA_SUBMITTED = (
    "Thank you. Your pro-forma charter waits for the Board's review; its decision will show here."
)
MESSAGE_LISTED = "You are on the Managing Members {year} roll. Thank you."
MESSAGE_UNLISTED = "You are no longer on the Managing Members {year} roll."
MESSAGE_APPLICATION_RECEIVED = (
    "Thank you. Your application waits for a vote of the voting members; we will write to you."
)


def membership_index(request):
    """The categories of membership, in the words staff keep in the snippets."""
    return render(request, "membership/membership_index.html", {
        "categories": MembershipCategory.objects.all(),
        "sponsor_levels": SponsorLevel.objects.all(),
        "affiliates": Affiliate.objects.all(),
        "codes": CategoryCode,
    })


def code_of_conduct(request):
    return render(request, "membership/code_of_conduct.html", {
        "code_of_conduct": CodeOfConduct.load(request_or_site=request),
    })


def fellows_roll(request):
    return render(request, "membership/fellows_roll.html", {"fellows": selectors.fellows()})


def managing_members(request):
    """The years with a public roll of Managing Members."""
    return render(request, "membership/managing_members.html", {
        "years": selectors.managing_roll_years(),
    })


def managing_members_roll(request, year):
    """One year's roll: "Managing Members would receive some sort of recognition each year"."""
    first_year = selectors.first_managing_year()
    if first_year is None or not first_year <= year <= timezone.localdate().year:
        raise Http404("There is no roll of Managing Members for that year.")
    return render(request, "membership/managing_members_roll.html", {
        "year": year, "roll": selectors.managing_roll(year),
    })


def sponsors(request):
    sponsors_by_level = {level: [] for level in SponsorLevel.objects.order_by("-yearly_fee")}
    for organisation in selectors.sponsors_in_term():
        sponsors_by_level.setdefault(organisation.level, []).append(organisation)
    return render(request, "membership/sponsors.html", {
        "sponsors_by_level": sponsors_by_level,
        "any_sponsor": any(sponsors_by_level.values()),
    })


def sponsor_application(request):
    form = SponsorApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_for_sponsorship(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, MESSAGE_APPLICATION_RECEIVED)
            return redirect("membership:sponsors")
    return render(request, "membership/sponsor_application.html", {"form": form})


def working_groups(request):
    return render(request, "membership/working_groups.html", {
        "working_groups": selectors.working_groups_with_members(),
    })


def working_group(request, slug):
    group = get_object_or_404(selectors.working_groups_with_members(), slug=slug)
    return render(request, "membership/working_group.html", {"working_group": group})


# The dashboard at /members/: new-membership-model.md asks members to recertify yearly,
# and pythondotorg #398 showed members must see their own categories.


def member_view(view):
    """A logged-in member's own change: required POST, and their name on the log entries."""

    @functools.wraps(view)
    @login_required
    @require_POST
    def wrapper(request, *args, **kwargs):
        with LogContext(user=request.user):
            return view(request, *args, **kwargs)

    return wrapper


def _dashboard(request, member, **forms):
    overview = selectors.membership_overview(member)
    held = {row.code for row in overview}
    # Held through a board seat only, Managing is declared rather than recertified.
    certified = {row.code for row in overview if "certification" in row.sources}
    context = {
        "member": member,
        "overview": overview,
        "held": held,
        "certified": certified,
        "delegations": selectors.delegated_organisations(member),
        "working_groups": selectors.current_working_groups(member),
        "profile_form": ProfileForm(initial={
            "name": member.name, "country": member.country,
            "declines_supporter_gifts": member.declines_supporter_gifts,
        }),
        "managing_form": ManagingForm(initial={
            "working_groups": selectors.current_working_groups(member),
        }),
        "contributing_form": ContributingForm(),
        "declared_projects": selectors.declared_projects(member),
        "pro_forma_form": ProFormaCharterForm(),
        "pro_forma_charters": selectors.pro_forma_charters_of(member),
        "managing_years": selectors.managing_years(member),
        "recognised_years": selectors.recognised_years(member),
        "supporting": MembershipCategory.objects.get(code=CategoryCode.SUPPORTING),
        "codes": CategoryCode,
    }
    context.update(forms)
    return render(request, "membership/dashboard.html", context)


@login_required
def dashboard(request):
    member = getattr(request.user, "member", None)
    if member is None:
        return _join(request)
    return _dashboard(request, member)


def _join(request):
    """An account made before it had a membership (staff, say) joins with the same form."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.signup(request, request.user)
        messages.success(request, MESSAGE_JOINED)
        return redirect("membership:dashboard")
    return render(request, "membership/join.html", {"form": form})


def _member_action(form_class, form_name, service, success_message):
    """A dashboard POST: validate the form, call the service, or show the dashboard again."""

    @member_view
    def view(request):
        member = get_object_or_404(Member, user=request.user)
        form = form_class(request.POST)
        if form.is_valid():
            try:
                service(member=member, **form.cleaned_data)
            except ValidationError as error:
                # Its messages only: a model's field errors name fields this form has not.
                form.add_error(None, error.messages)
            else:
                messages.success(request, success_message)
                return redirect("membership:dashboard")
        return _dashboard(request, member, **{form_name: form})

    return view


update_profile = _member_action(
    ProfileForm, "profile_form", services.update_profile, MESSAGE_PROFILE_SAVED
)
certify_managing = _member_action(
    ManagingForm, "managing_form", services.certify_managing, MESSAGE_MANAGING_CERTIFIED
)
certify_contributing = _member_action(
    ContributingForm, "contributing_form", services.certify_contributing,
    MESSAGE_CONTRIBUTING_CERTIFIED,
)
submit_pro_forma_charter = _member_action(
    ProFormaCharterForm, "pro_forma_form", services.submit_pro_forma_charter,
    MESSAGE_PRO_FORMA_SUBMITTED,
)


@member_view
def managing_recognition(request):
    """List oneself on a year's roll of Managing Members, or come off it."""
    member = get_object_or_404(Member, user=request.user)
    form = ManagingRecognitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, ERROR_RECOGNITION_YEAR)
        return redirect("membership:dashboard")
    year, listed = form.cleaned_data["year"], form.cleaned_data["listed"]
    try:
        services.set_managing_recognition(member=member, year=year, listed=listed)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = MESSAGE_LISTED if listed else MESSAGE_UNLISTED
        messages.success(request, message.format(year=year))
    return redirect("membership:dashboard")


@member_view
def leave_working_group(request, slug):
    member = get_object_or_404(Member, user=request.user)
    group = get_object_or_404(WorkingGroup, slug=slug)
    services.leave_working_group(member=member, working_group=group)
    messages.success(request, MESSAGE_LEFT_GROUP.format(group=group.name))
    return redirect("membership:dashboard")


@member_view
def decline_fellowship(request):
    member = get_object_or_404(Member, user=request.user)
    try:
        services.decline_fellowship(member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, MESSAGE_FELLOWSHIP_DECLINED)
    return redirect("membership:dashboard")
