"""Every change to a member's record: joining, categories, contributions, groups and sponsors."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from wagtail.log_actions import log

from core.roles import DIRECTORS_GROUP, MEMBERS_GROUP, is_director
from membership.anniversaries import one_year_from
from membership.errors import MembershipError
from membership.models import (
    BoardSeat,
    CategoryCode,
    CategoryGrant,
    Certification,
    Contribution,
    DeclaredProject,
    ManagingRecognition,
    Member,
    MembershipCategory,
    NotificationPreferences,
    OpenSourceLicence,
    ProFormaCharter,
    SponsorDelegate,
    SponsorLevel,
    SponsorOrganisation,
    SponsorTerm,
    WorkingGroup,
    WorkingGroupMembership,
    year_bounds,
)
from membership.project_addresses import validate_project_address, validate_public_host

ERROR_CONTRIBUTION_FOR_ORGANISATION = (
    "Only natural persons can be Supporting Members: record an organisation's payment "
    "as a sponsorship instead."
)
ERROR_AMOUNT_NOT_POSITIVE = "The amount must be more than zero."
ERROR_DATE_IN_FUTURE = "The date cannot be in the future."
ERROR_REFERENCE_ALREADY_RECORDED = "A contribution with this reference is already recorded."
ERROR_HOURS_NOT_AFFIRMED = "Affirm that you put in 5 to 10 hours a month."
ERROR_NO_WORKING_GROUP = (
    "Choose at least one working group, or have a pro-forma charter approved for your work "
    "in another community organisation."
)
ERROR_WORKING_GROUP_NOT_ACTIVE = "You can only join an active working group."
ERROR_WORKING_GROUP_DISSOLVED = "This working group is already dissolved."
ERROR_NO_PROJECT = "Name at least one open-source project, with its URL and licence."
ERROR_NO_LICENCE = "Say which OSI-approved licence “{name}” is under, by its SPDX id from the list."
ERROR_NOT_A_FELLOW = "You do not hold the Fellowship, so there is nothing to decline."
ERROR_SPONSOR_NOT_APPLIED = "Only an application that is still waiting can be admitted or refused."
ERROR_SPONSOR_NOT_ADMITTED = "Only an admitted Sponsor Member in its term can name delegates."
ERROR_NO_DELEGATE_SEAT = "All delegate seats of this level are taken: end a delegation first."
ERROR_ALREADY_DELEGATE = "This member is already a delegate of this organisation."
ERROR_DELEGATION_ENDED_TODAY = (
    "This member's delegation for this organisation ended today: name them again from tomorrow."
)
ERROR_SPONSOR_IN_TERM = (
    "{name} is a Sponsor Member until {ends}, so it need not apply again: staff renew its "
    "term when it pays."
)
ERROR_SPONSOR_WAITING = "An application from {name} is already waiting for the member vote."
ERROR_RENEW_REFUSED = (
    "The member vote refused this organisation's application, so it cannot renew. "
    "It may apply again."
)
ERROR_RENEW_WAITING = (
    "This organisation's application is waiting for the member vote: it can renew once admitted."
)
ERROR_ALREADY_RENEWED = (
    "This organisation has already renewed for its next term, {starts} to {ends}."
)
ERROR_NO_PAYMENT = "Enter the payment's reference: a renewal is recorded when it is paid."
ERROR_PAYMENT_ALREADY_RECORDED = "A renewal with this payment reference is already recorded."
ERROR_END_REASON_REQUIRED = "Give the reason the delegation ends early: it is kept in the history."
ERROR_DELEGATION_ALREADY_ENDED = "This delegation has already ended."
ERROR_NOT_STAFF = "Only staff who record sponsorships can do this."
REASON_ACCOUNT_CLOSED = "The delegate closed their account."

PERMISSION_RENEW_SPONSOR = "membership.add_sponsorterm"
PERMISSION_END_DELEGATION = "membership.change_sponsordelegate"
ERROR_NOT_MANAGING_THAT_YEAR = (
    "You were not a Managing Member in {year}, so there is no {year} roll for you to be on."
)
ERROR_PRO_FORMA_WAITING = (
    "Your pro-forma charter for {organisation} is already waiting for the Board's review."
)
ERROR_NOT_A_REVIEWER = "Only a Director may review pro-forma charters."
ERROR_OWN_PRO_FORMA = "You cannot review your own pro-forma charter: another Director must."
ERROR_PRO_FORMA_DECIDED = "This pro-forma charter is already decided."
ERROR_NO_REASON = "Write the reason for the decision: the member reads it."


# Each change writes a Wagtail log entry with its own action (registered in wagtail_hooks.py),
# so an object's history in the admin tells its story.
LOG_JOIN = "membership.join"
LOG_PROFILE = "membership.profile"
LOG_GRANT = "membership.grant"
LOG_GRANT_END = "membership.grant.end"
LOG_CONTRIBUTION = "membership.contribution"
LOG_CERTIFICATION = "membership.certification"
LOG_GROUP_JOIN = "membership.working_group.join"
LOG_GROUP_LEAVE = "membership.working_group.leave"
LOG_GROUP_CHARTER = "membership.working_group.charter"
LOG_GROUP_DISSOLVE = "membership.working_group.dissolve"
LOG_BOARD_SEAT = "membership.board_seat"
LOG_BOARD_SEAT_END = "membership.board_seat.end"
LOG_SPONSOR_APPLY = "membership.sponsor.apply"
LOG_SPONSOR_ADMIT = "membership.sponsor.admit"
LOG_SPONSOR_REFUSE = "membership.sponsor.refuse"
LOG_SPONSOR_RENEW = "membership.sponsor.renew"
LOG_DELEGATE_NAME = "membership.delegate.name"
LOG_DELEGATE_END = "membership.delegate.end"
LOG_DELEGATE_END_EARLY = "membership.delegate.end_early"
LOG_RECOGNITION_LIST = "membership.recognition.list"
LOG_RECOGNITION_WITHDRAW = "membership.recognition.withdraw"
LOG_PRO_FORMA_SUBMIT = "membership.pro_forma_charter.submit"
LOG_PRO_FORMA_APPROVE = "membership.pro_forma_charter.approve"
LOG_PRO_FORMA_REFUSE = "membership.pro_forma_charter.refuse"
LOG_ACTIONS = {
    LOG_JOIN: ("Join", "Joined as a Basic Member"),
    LOG_PROFILE: ("Update profile", "Profile updated"),
    LOG_GRANT: ("Grant category", "Category granted"),
    LOG_GRANT_END: ("End category", "Category ended"),
    LOG_CONTRIBUTION: ("Record contribution", "Contribution recorded"),
    LOG_CERTIFICATION: ("Certify", "Certified for a year"),
    LOG_GROUP_JOIN: ("Join working group", "Joined the working group"),
    LOG_GROUP_LEAVE: ("Leave working group", "Left the working group"),
    LOG_GROUP_CHARTER: ("Charter working group", "Working group chartered"),
    LOG_GROUP_DISSOLVE: ("Dissolve working group", "Working group dissolved"),
    LOG_BOARD_SEAT: ("Record board seat", "Board seat recorded"),
    LOG_BOARD_SEAT_END: ("End board seat", "Board seat ended"),
    LOG_SPONSOR_APPLY: ("Apply for sponsorship", "Applied to be a Sponsor Member"),
    LOG_SPONSOR_ADMIT: ("Admit sponsor", "Admitted as a Sponsor Member"),
    LOG_SPONSOR_REFUSE: ("Refuse sponsor", "Refused by the member vote"),
    LOG_SPONSOR_RENEW: ("Renew sponsorship", "Renewed for another year"),
    LOG_DELEGATE_NAME: ("Name delegate", "Sponsor Delegate named"),
    LOG_DELEGATE_END: ("End delegation", "Delegation ended"),
    LOG_DELEGATE_END_EARLY: ("End delegation early", "Delegation ended early"),
    LOG_RECOGNITION_LIST: ("List on the roll", "Listed on a year's Managing Members roll"),
    LOG_RECOGNITION_WITHDRAW: ("Leave the roll", "Taken off a year's Managing Members roll"),
    LOG_PRO_FORMA_SUBMIT: ("Submit pro-forma charter", "Pro-forma charter submitted"),
    LOG_PRO_FORMA_APPROVE: ("Approve pro-forma charter", "Pro-forma charter approved"),
    LOG_PRO_FORMA_REFUSE: ("Refuse pro-forma charter", "Pro-forma charter refused"),
}


ModelT = TypeVar("ModelT", bound=Model)


def _today(on: datetime.date | None = None) -> datetime.date:
    return on or timezone.localdate()


def _save_and_log(
    instance: ModelT, action: str, *, update_fields: list[str] | None = None, **details: Any
) -> ModelT:
    """Validate and save a record, write the change to the audit log; the record."""
    instance.full_clean()
    instance.save(update_fields=update_fields)
    log(instance=instance, action=action, **details)
    return instance


@transaction.atomic
def join(*, user: User, name: str, country: str, code_of_conduct_version: str) -> Member:
    """Make a user a Basic Member: the Code of Conduct agreement is the only duty."""
    member = Member(
        user=user,
        name=name,
        country=country,
        code_of_conduct_version=code_of_conduct_version,
        code_of_conduct_agreed_at=timezone.now(),
    )
    member.full_clean()
    member.save()
    grant_category(
        member=member, code=CategoryCode.BASIC, starts=timezone.localdate(),
        source=CategoryGrant.Source.SIGNUP,
    )
    user.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    log(instance=member, action=LOG_JOIN, data={"code_of_conduct": code_of_conduct_version})
    return member


@transaction.atomic
def update_profile(
    *,
    member: Member,
    name: str,
    country: str,
    declines_supporter_gifts: bool,
) -> Member:
    """Change the details a member keeps up to date themselves."""
    member.name = name
    member.country = country
    member.declines_supporter_gifts = declines_supporter_gifts
    _save_and_log(
        member, LOG_PROFILE, update_fields=["name", "country", "declines_supporter_gifts"]
    )
    return member


@transaction.atomic
def grant_category(
    *,
    member: Member,
    code: str,
    starts: datetime.date,
    ends: datetime.date | None = None,
    source: str,
    note: str = "",
) -> CategoryGrant:
    """Record that a member holds a category from `starts` to `ends` (None: for life)."""
    grant = CategoryGrant(
        member=member,
        category=MembershipCategory.objects.get(code=code),
        starts=starts,
        ends=ends,
        source=source,
        note=note,
    )
    return _save_and_log(grant, LOG_GRANT, data={"source": source})


@transaction.atomic
def end_grant(*, grant: CategoryGrant, on: datetime.date) -> CategoryGrant:
    """End a grant on a day (its last day held); the row stays as history.

    A day before the grant starts leaves it held on no day at all.
    """
    if grant.ends is not None and grant.ends <= on:
        return grant
    grant.ends = max(on, grant.starts - datetime.timedelta(days=1))
    _save_and_log(
        grant, LOG_GRANT_END, update_fields=["ends"], data={"ends": grant.ends.isoformat()}
    )
    return grant


# Supporting Members: new-membership-model.md, "Supporting Members (Funding)".


def validate_contribution(
    *,
    amount: Decimal,
    received_on: datetime.date,
    reference: str = "",
    organisation: str = "",
) -> None:
    """Refuse a contribution that cannot make a Supporting Member; shared with the CSV import."""
    errors = []
    if organisation:
        errors.append(ERROR_CONTRIBUTION_FOR_ORGANISATION)
    if amount is not None and amount <= 0:
        errors.append(ERROR_AMOUNT_NOT_POSITIVE)
    if received_on is not None and received_on > timezone.localdate():
        errors.append(ERROR_DATE_IN_FUTURE)
    if reference and Contribution.objects.filter(reference=reference).exists():
        errors.append(ERROR_REFERENCE_ALREADY_RECORDED)
    if errors:
        raise MembershipError(errors)


@transaction.atomic
def record_contribution(
    *,
    member: Member,
    amount: Decimal,
    received_on: datetime.date,
    reference: str = "",
    organisation: str = "",
) -> Contribution:
    """Record a member's payment: Supporting for a year from its date, or for life at the fee."""
    validate_contribution(
        amount=amount, received_on=received_on, reference=reference, organisation=organisation
    )
    supporting = MembershipCategory.objects.get(code=CategoryCode.SUPPORTING)
    for_life = supporting.lifetime_fee is not None and amount >= supporting.lifetime_fee
    grant = grant_category(
        member=member,
        code=CategoryCode.SUPPORTING,
        starts=received_on,
        ends=None if for_life else one_year_from(received_on),
        source=CategoryGrant.Source.CONTRIBUTION,
    )
    contribution = Contribution(
        member=member, amount=amount, received_on=received_on, reference=reference, grant=grant
    )
    return _save_and_log(contribution, LOG_CONTRIBUTION)


# Managing and Contributing Members: "Managing Members (Coordinating)", "Contributing Members".


def _certify(
    *, member: Member, code: str, affirms_hours: bool, on: datetime.date
) -> Certification:
    grant = grant_category(
        member=member, code=code, starts=on, ends=one_year_from(on),
        source=CategoryGrant.Source.CERTIFICATION,
    )
    certification = Certification(
        member=member, category=grant.category, certified_on=on,
        affirms_hours=affirms_hours, grant=grant,
    )
    return _save_and_log(certification, LOG_CERTIFICATION)


@transaction.atomic
def certify_managing(
    *,
    member: Member,
    working_groups: Iterable[WorkingGroup],
    affirms_hours: bool,
    on: datetime.date | None = None,
) -> Certification:
    """Declare (or recertify) Managing membership: the groups listed are the member's groups."""
    on = _today(on)
    working_groups = list(working_groups)
    if not affirms_hours:
        raise MembershipError(ERROR_HOURS_NOT_AFFIRMED)
    listed = {group.pk for group in working_groups}
    for membership in member.working_group_memberships.current().select_related("working_group"):
        if membership.working_group_id not in listed:
            _leave(membership, on)
    for working_group in working_groups:
        join_working_group(member=member, working_group=working_group, on=on)
    if not qualifies_for_managing(member, on=on):
        raise MembershipError(ERROR_NO_WORKING_GROUP)
    certification = _certify(
        member=member, code=CategoryCode.MANAGING, affirms_hours=affirms_hours, on=on
    )
    certification.working_groups.set(working_groups)
    return certification


@transaction.atomic
def certify_contributing(
    *,
    member: Member,
    projects: Iterable[tuple[str, str, str]],
    affirms_hours: bool,
    on: datetime.date | None = None,
) -> Certification:
    """Declare (or recertify) Contributing membership; projects are (name, url, licence).

    Each project must be public open source: an OSI-approved licence and a public
    address (`membership.project_addresses`), looked up before anything is saved.
    """
    on = _today(on)
    projects = list(projects)
    if not affirms_hours:
        raise MembershipError(ERROR_HOURS_NOT_AFFIRMED)
    if not projects:
        raise MembershipError(ERROR_NO_PROJECT)
    for name, url, licence in projects:
        _check_open_source(name, url, licence)
    certification = _certify(
        member=member, code=CategoryCode.CONTRIBUTING, affirms_hours=affirms_hours, on=on
    )
    for name, url, licence in projects:
        project = DeclaredProject(
            certification=certification, name=name, url=url, licence=licence
        )
        project.full_clean()
        project.save()
    return certification


def _check_open_source(name: str, url: str, licence: str) -> None:
    """Refuse a project without an OSI-approved licence or whose address is not public."""
    if not licence or licence not in OpenSourceLicence.values:
        raise MembershipError(ERROR_NO_LICENCE.format(name=name))
    validate_project_address(url)
    validate_public_host(url)


@transaction.atomic
def charter_working_group(
    *,
    name: str,
    slug: str,
    purpose: str = "",
    charter_url: str = "",
    chartered_on: datetime.date | None = None,
    is_local_user_group: bool = False,
) -> WorkingGroup:
    """Create an active working group once its charter has passed the member vote."""
    working_group = WorkingGroup(
        name=name, slug=slug, purpose=purpose, charter_url=charter_url,
        chartered_on=_today(chartered_on), is_local_user_group=is_local_user_group,
        status=WorkingGroup.Status.ACTIVE,
    )
    return _save_and_log(working_group, LOG_GROUP_CHARTER)


@transaction.atomic
def dissolve_working_group(
    *,
    working_group: WorkingGroup,
    on: datetime.date | None = None,
) -> WorkingGroup:
    """Dissolve a group (the yearly evaluation did not recertify it); its members leave it."""
    on = _today(on)
    if working_group.status == WorkingGroup.Status.DISSOLVED:
        raise MembershipError(ERROR_WORKING_GROUP_DISSOLVED)
    working_group.status = WorkingGroup.Status.DISSOLVED
    working_group.dissolved_on = on
    working_group.full_clean()
    working_group.save(update_fields=["status", "dissolved_on"])
    for membership in working_group.memberships.current().select_related("member"):
        leave_working_group(member=membership.member, working_group=working_group, on=on)
    log(instance=working_group, action=LOG_GROUP_DISSOLVE)
    return working_group


@transaction.atomic
def join_working_group(
    *,
    member: Member,
    working_group: WorkingGroup,
    on: datetime.date | None = None,
) -> WorkingGroupMembership:
    """Add a member to an active working group (nothing changes if they are already in it)."""
    if not working_group.is_active:
        raise MembershipError(ERROR_WORKING_GROUP_NOT_ACTIVE)
    membership = member.working_group_memberships.current().filter(working_group=working_group)
    if membership.exists():
        return membership.get()
    membership = WorkingGroupMembership(
        working_group=working_group, member=member, joined_on=_today(on)
    )
    return _save_and_log(membership, LOG_GROUP_JOIN)


@transaction.atomic
def leave_working_group(
    *,
    member: Member,
    working_group: WorkingGroup,
    on: datetime.date | None = None,
) -> None:
    """Take a member out of a working group; with nothing left to qualify them, Managing ends."""
    on = _today(on)
    for membership in member.working_group_memberships.current().filter(
        working_group=working_group
    ):
        _leave(membership, on)
    end_managing_if_unqualified(member=member, on=on)


@transaction.atomic
def leave_dissolved_group(membership: WorkingGroupMembership, *, on: datetime.date) -> None:
    """A place in a dissolved group ends on the day the group was dissolved, or `on` if earlier;
    with nothing left to qualify the member, Managing ends."""
    left_on = max(min(membership.working_group.dissolved_on or on, on), membership.joined_on)
    _leave(membership, left_on)
    end_managing_if_unqualified(member=membership.member, on=left_on)


@transaction.atomic
def end_membership(member: Member, *, on: datetime.date) -> None:
    """End everything a member holds, as of `on`, when they close their account."""
    # A grant's end is its last day held: the day before closing, or its first day.
    yesterday = on - datetime.timedelta(days=1)
    for grant in CategoryGrant.objects.active_on(on).filter(member=member):
        end_grant(grant=grant, on=max(yesterday, grant.starts))
    for membership in member.working_group_memberships.current():
        leave_working_group(member=member, working_group=membership.working_group, on=on)
    for seat in member.board_seats.filter(ends__gte=on):
        end_board_seat(seat=seat, on=on)
    end_delegations_of_closed_account(member=member, on=on)


def _leave(membership: WorkingGroupMembership, on: datetime.date) -> None:
    membership.left_on = max(on, membership.joined_on)
    _save_and_log(membership, LOG_GROUP_LEAVE, update_fields=["left_on"])


def qualifies_for_managing(member: Member, *, on: datetime.date) -> bool:
    """Whether a working group or a pro-forma charter qualifies a member as Managing on a day."""
    return Member.objects.qualified_for_managing(on).filter(pk=member.pk).exists()


def end_managing_if_unqualified(*, member: Member, on: datetime.date) -> None:
    """End self-certified Managing status on a day when nothing qualifies the member any more."""
    if not qualifies_for_managing(member, on=on):
        end_certified_grants(member=member, code=CategoryCode.MANAGING, on=on)


@transaction.atomic
def end_certified_grants(*, member: Member, code: str, on: datetime.date) -> None:
    """End the self-certified grants of a category that are still in force on a day."""
    grants = CategoryGrant.objects.active_on(on).of(code).filter(
        member=member, source=CategoryGrant.Source.CERTIFICATION
    )
    for grant in grants:
        end_grant(grant=grant, on=on)


# Recognition: "Managing Members would receive some sort of recognition each year".


@transaction.atomic
def set_managing_recognition(
    *,
    member: Member,
    year: int,
    listed: bool,
    on: datetime.date | None = None,
) -> None:
    """Put a member on a year's public roll of Managing Members, or take them off, as they
    choose; only a year in which they held Managing status, up to this one, has a roll."""
    on = _today(on)
    managing = CategoryGrant.objects.of(CategoryCode.MANAGING).filter(member=member)
    if not (datetime.MINYEAR <= year <= on.year) or not (
        managing.held_during(*year_bounds(year)).filter(starts__lte=on).exists()
    ):
        raise MembershipError(ERROR_NOT_MANAGING_THAT_YEAR.format(year=year))
    current = member.managing_recognitions.filter(year=year)
    if listed and not current.exists():
        ManagingRecognition.objects.create(member=member, year=year)
        log(instance=member, action=LOG_RECOGNITION_LIST, data={"year": year})
    elif not listed and current.exists():
        current.delete()
        log(instance=member, action=LOG_RECOGNITION_WITHDRAW, data={"year": year})


# Pro-forma charters: "participation in other community-focused groups (for example, the Plone
# Foundation or NumFOCUS) may make a person eligible for Managing Member status", through "a
# pro-forma charter". It recognises one member's outside work rather than creating a group, so
# the Board decides it, as it reviews other charters before the members vote on new groups.


@transaction.atomic
def submit_pro_forma_charter(
    *,
    member: Member,
    organisation: str,
    role: str,
    link: str,
    affirms_hours: bool,
    on: datetime.date | None = None,
) -> ProFormaCharter:
    """A member asks for their work in another community organisation to count as Managing."""
    if not affirms_hours:
        raise MembershipError(ERROR_HOURS_NOT_AFFIRMED)
    organisation = organisation.strip()
    if member.pro_forma_charters.waiting().filter(organisation__iexact=organisation).exists():
        raise MembershipError(ERROR_PRO_FORMA_WAITING.format(organisation=organisation))
    charter = ProFormaCharter(
        member=member, organisation=organisation, role=role.strip(), link=link,
        submitted_on=_today(on),
    )
    return _save_and_log(charter, LOG_PRO_FORMA_SUBMIT)


def may_review_pro_forma_charters(user: User) -> bool:
    """Directors (and superusers) review pro-forma charters."""
    return is_director(user)


@transaction.atomic
def decide_pro_forma_charter(
    *,
    charter: ProFormaCharter,
    reviewer: User,
    approved: bool,
    reason: str,
    on: datetime.date | None = None,
) -> ProFormaCharter:
    """The Board approves or refuses a pro-forma charter, giving its reason; approved, the
    charter is in force for a year and makes the member Managing for that year."""
    if not may_review_pro_forma_charters(reviewer):
        raise PermissionDenied(ERROR_NOT_A_REVIEWER)
    charter = ProFormaCharter.objects.select_for_update().select_related("member").get(
        pk=charter.pk
    )
    if charter.member.user_id == reviewer.pk:
        raise PermissionDenied(ERROR_OWN_PRO_FORMA)
    if charter.status != ProFormaCharter.Status.SUBMITTED:
        raise MembershipError(ERROR_PRO_FORMA_DECIDED)
    if not reason.strip():
        raise MembershipError(ERROR_NO_REASON)
    on = _today(on)
    charter.status = ProFormaCharter.Status.APPROVED if approved else ProFormaCharter.Status.REFUSED
    charter.decided_on, charter.decided_by, charter.reason = on, reviewer, reason.strip()
    charter.ends = one_year_from(on) if approved else None
    _save_and_log(
        charter, LOG_PRO_FORMA_APPROVE if approved else LOG_PRO_FORMA_REFUSE,
        user=reviewer, data={"reason": charter.reason},
    )
    if approved:
        _certify(member=charter.member, code=CategoryCode.MANAGING, affirms_hours=True, on=on)
    return charter


# Board seats: "Nominations to the Board": a Board Member qualifies as a Managing Member.


@transaction.atomic
def record_board_seat(*, member: Member, starts: datetime.date, ends: datetime.date) -> BoardSeat:
    """Seat a member on the Board: Managing for the term and the Directors group while seated."""
    grant = grant_category(
        member=member, code=CategoryCode.MANAGING, starts=starts, ends=ends,
        source=CategoryGrant.Source.BOARD_SEAT,
    )
    seat = BoardSeat(member=member, starts=starts, ends=ends, grant=grant)
    _save_and_log(seat, LOG_BOARD_SEAT)
    if starts <= timezone.localdate() <= ends:
        member.user.groups.add(Group.objects.get(name=DIRECTORS_GROUP))
    return seat


@transaction.atomic
def end_board_seat(*, seat: BoardSeat, on: datetime.date) -> BoardSeat:
    """End a Board term early (resignation); the Managing grant ends with it."""
    seat.ends = max(on, seat.starts)
    seat.full_clean()
    seat.save(update_fields=["ends"])
    end_grant(grant=seat.grant, on=seat.ends)
    log(instance=seat, action=LOG_BOARD_SEAT_END)
    return seat


# Fellows: "Fellows" and "Transition".


@transaction.atomic
def grant_fellowship(
    *,
    member: Member,
    on: datetime.date | None = None,
    source: str = CategoryGrant.Source.FELLOWSHIP_VOTE,
    note: str = "",
) -> CategoryGrant:
    """Make a member a Fellow for life (after the Fellows' vote, or by the transition)."""
    on = _today(on)
    held = CategoryGrant.objects.active_on(on).of(CategoryCode.FELLOW).filter(
        member=member, ends__isnull=True
    ).first()
    if held:  # a second vote or import for a sitting Fellow changes nothing
        return held
    return grant_category(
        member=member, code=CategoryCode.FELLOW, starts=on, source=source, note=note
    )


@transaction.atomic
def decline_fellowship(*, member: Member, on: datetime.date | None = None) -> None:
    """A Fellow declines the Fellowship, which ends at once: the last day held is the day before.

    A Fellowship declined on the day it was granted is held on no day at all.
    """
    on = _today(on)
    grants = list(
        CategoryGrant.objects.active_on(on).of(CategoryCode.FELLOW).filter(member=member)
    )
    if not grants:
        raise MembershipError(ERROR_NOT_A_FELLOW)
    for grant in grants:
        end_grant(grant=grant, on=on - datetime.timedelta(days=1))


# Sponsor Members: "Sponsor Members (Funding)"; admission is decided by a member vote, and
# "Sponsor Membership would be active for a full year", so each year is a SponsorTerm row.


def _locked(organisation: SponsorOrganisation) -> SponsorOrganisation:
    return SponsorOrganisation.objects.select_for_update().select_related("level").get(
        pk=organisation.pk
    )


@transaction.atomic
def apply_for_sponsorship(
    *,
    name: str,
    level: SponsorLevel,
    website: str = "",
    contact_email: str = "",
) -> SponsorOrganisation:
    """An organisation applies to be a Sponsor Member, or applies again after its term lapsed."""
    existing = SponsorOrganisation.objects.filter(name__iexact=name.strip()).first()
    if existing is not None:
        return _apply_again(
            _locked(existing), level=level, website=website, contact_email=contact_email
        )
    organisation = SponsorOrganisation(
        name=name, level=level, website=website, contact_email=contact_email,
        status=SponsorOrganisation.Status.APPLIED,
    )
    return _save_and_log(organisation, LOG_SPONSOR_APPLY)


def _apply_again(
    organisation: SponsorOrganisation, *, level: SponsorLevel, website: str, contact_email: str
) -> SponsorOrganisation:
    # The same organisation keeps its name, terms and delegates; the new application replaces
    # the details of the old one and waits for a member vote like any other.
    today = timezone.localdate()
    current = organisation.terms.covering(today).first()
    if current is not None:
        raise MembershipError(
            ERROR_SPONSOR_IN_TERM.format(name=organisation.name, ends=f"{current.ends_on:%d %B %Y}")
        )
    if organisation.status == SponsorOrganisation.Status.APPLIED:
        raise MembershipError(ERROR_SPONSOR_WAITING.format(name=organisation.name))
    organisation.level, organisation.website = level, website
    organisation.contact_email = contact_email
    organisation.status = SponsorOrganisation.Status.APPLIED
    organisation.applied_at = timezone.now()
    return _save_and_log(organisation, LOG_SPONSOR_APPLY, data={"again": True})


@transaction.atomic
def admit_sponsor(
    *,
    organisation: SponsorOrganisation,
    admitted: bool,
    on: datetime.date | None = None,
) -> SponsorOrganisation:
    """Apply the member vote's outcome: admitted for a one-year term from the day, or refused."""
    organisation = _locked(organisation)
    if organisation.status != SponsorOrganisation.Status.APPLIED:
        raise MembershipError(ERROR_SPONSOR_NOT_APPLIED)
    organisation.status = (
        SponsorOrganisation.Status.ADMITTED if admitted else SponsorOrganisation.Status.REFUSED
    )
    organisation.full_clean()
    organisation.save()
    if admitted:
        _add_term(organisation, starts_on=_today(on))
    log(instance=organisation, action=LOG_SPONSOR_ADMIT if admitted else LOG_SPONSOR_REFUSE)
    return organisation


@transaction.atomic
def renew_sponsorship(
    *,
    organisation: SponsorOrganisation,
    payment_reference: str,
    user: User,
    on: datetime.date | None = None,
) -> SponsorTerm:
    """Staff record a paid renewal: another year at the organisation's level, delegates kept.

    Renewed in its term, the new year follows the old one's last day; after a lapse it
    starts on the day of the renewal.
    """
    if not user.has_perm(PERMISSION_RENEW_SPONSOR):
        raise PermissionDenied(ERROR_NOT_STAFF)
    on = _today(on)
    organisation = _locked(organisation)
    _check_renewable(organisation, payment_reference.strip(), on)
    latest = organisation.terms.order_by("-ends_on").first()
    if latest is not None and latest.ends_on >= on:  # renewed in its term
        starts_on = latest.ends_on + datetime.timedelta(days=1)
    else:
        starts_on = on
    term = _add_term(
        organisation, starts_on=starts_on, recorded_by=user,
        payment_reference=payment_reference.strip(),
    )
    log(instance=organisation, action=LOG_SPONSOR_RENEW, user=user, data={
        "starts_on": term.starts_on.isoformat(), "ends_on": term.ends_on.isoformat(),
    })
    return term


def _check_renewable(
    organisation: SponsorOrganisation, payment_reference: str, on: datetime.date
) -> None:
    if organisation.status == SponsorOrganisation.Status.REFUSED:
        raise MembershipError(ERROR_RENEW_REFUSED)
    if organisation.status != SponsorOrganisation.Status.ADMITTED:
        raise MembershipError(ERROR_RENEW_WAITING)
    renewed = organisation.terms.filter(starts_on__gt=on).first()
    if renewed is not None:
        raise MembershipError(ERROR_ALREADY_RENEWED.format(
            starts=f"{renewed.starts_on:%d %B %Y}", ends=f"{renewed.ends_on:%d %B %Y}"
        ))
    if not payment_reference:
        raise MembershipError({"payment_reference": ERROR_NO_PAYMENT})
    if SponsorTerm.objects.filter(payment_reference=payment_reference).exists():
        raise MembershipError({"payment_reference": ERROR_PAYMENT_ALREADY_RECORDED})


def _add_term(
    organisation: SponsorOrganisation, *, starts_on: datetime.date, **recorded: Any
) -> SponsorTerm:
    previous = organisation.terms.order_by("-ends_on").first()
    term = SponsorTerm(
        organisation=organisation, level=organisation.level, starts_on=starts_on,
        ends_on=one_year_from(starts_on), **recorded,
    )
    term.full_clean()
    term.save()
    if previous is not None:
        _keep_delegates(organisation, previous, term)
    return term


def _keep_delegates(
    organisation: SponsorOrganisation, previous: SponsorTerm, term: SponsorTerm
) -> None:
    # Delegates in force on the previous term's last day, not ended early, stay the
    # organisation's delegates: with no gap their delegation runs on; after a lapse they
    # are named again from the new term's first day.
    kept = organisation.delegates.filter(
        ends=previous.ends_on, end_reason="", member__user__is_active=True
    ).select_related("grant", "member").order_by("starts", "pk")
    if term.starts_on == previous.ends_on + datetime.timedelta(days=1):
        for delegation in kept:
            _extend_delegation(delegation, term.ends_on)
        return
    for delegation in kept[: organisation.level.delegate_seats]:
        _create_delegation(organisation, delegation.member, starts=term.starts_on)


def _extend_delegation(delegation: SponsorDelegate, ends: datetime.date) -> None:
    delegation.ends = ends
    delegation.save(update_fields=["ends"])
    if delegation.grant:
        delegation.grant.ends = ends
        delegation.grant.full_clean()
        delegation.grant.save(update_fields=["ends"])


def _create_delegation(
    organisation: SponsorOrganisation, member: Member, *, starts: datetime.date
) -> SponsorDelegate:
    # A delegation runs to the last day paid for, which may be a renewal already recorded.
    paid_until = organisation.terms.order_by("-ends_on").values_list("ends_on", flat=True)[0]
    grant = grant_category(
        member=member, code=CategoryCode.SPONSOR, starts=starts, ends=paid_until,
        source=CategoryGrant.Source.SPONSOR, note=organisation.name,
    )
    delegation = SponsorDelegate(
        organisation=organisation, member=member, starts=starts, ends=paid_until, grant=grant
    )
    return _save_and_log(delegation, LOG_DELEGATE_NAME)


@transaction.atomic
def name_delegate(
    *,
    organisation: SponsorOrganisation,
    member: Member,
    on: datetime.date | None = None,
) -> SponsorDelegate:
    """Name a member as a Sponsor Delegate, within the level's seats, for the rest of the term."""
    on = _today(on)
    organisation = _locked(organisation)
    if not organisation.terms.covering(on).exists():
        raise MembershipError(ERROR_SPONSOR_NOT_ADMITTED)
    current = organisation.delegates.in_term(on)
    if current.filter(member=member).exists():
        raise MembershipError(ERROR_ALREADY_DELEGATE)
    if current.count() >= organisation.level.delegate_seats:
        raise MembershipError(ERROR_NO_DELEGATE_SEAT)
    if organisation.delegates.filter(member=member, starts=on).exists():
        raise MembershipError(ERROR_DELEGATION_ENDED_TODAY)
    return _create_delegation(organisation, member, starts=on)


@transaction.atomic
def end_delegation_early(
    *,
    delegation: SponsorDelegate,
    reason: str,
    user: User,
    on: datetime.date | None = None,
) -> SponsorDelegate:
    """Staff end a delegation at once, with the reason; its seat is free the same day."""
    if not user.has_perm(PERMISSION_END_DELEGATION):
        raise PermissionDenied(ERROR_NOT_STAFF)
    if not reason.strip():
        raise MembershipError({"reason": ERROR_END_REASON_REQUIRED})
    return _end_delegation_at_once(delegation, reason=reason.strip(), on=_today(on), user=user)


@transaction.atomic
def end_delegations_of_closed_account(*, member: Member, on: datetime.date) -> None:
    """A delegate who closes their account stops being a delegate at once."""
    for delegation in SponsorDelegate.objects.filter(member=member).exclude(ends__lt=on):
        _end_delegation_at_once(delegation, reason=REASON_ACCOUNT_CLOSED, on=on)


def _end_delegation_at_once(
    delegation: SponsorDelegate, *, reason: str, on: datetime.date, user: User | None = None
) -> SponsorDelegate:
    # Only the delegation row is locked: its grant is on the nullable side of the join.
    delegation = (
        SponsorDelegate.objects.select_for_update(of=("self",))
        .select_related("grant")
        .get(pk=delegation.pk)
    )
    if delegation.ends is not None and delegation.ends < on:
        raise MembershipError(ERROR_DELEGATION_ALREADY_ENDED)
    yesterday = on - datetime.timedelta(days=1)
    delegation.ends, delegation.end_reason = yesterday, reason
    delegation.full_clean()
    delegation.save(update_fields=["ends", "end_reason"])
    if delegation.grant:
        end_grant(grant=delegation.grant, on=yesterday)
    log(instance=delegation, action=LOG_DELEGATE_END_EARLY, user=user, data={"reason": reason})
    return delegation


@transaction.atomic
def end_delegation(*, delegation: SponsorDelegate, on: datetime.date) -> SponsorDelegate:
    """End a Sponsor Delegate's delegation and its grant on a day."""
    delegation.ends = max(on, delegation.starts)
    delegation.full_clean()
    delegation.save(update_fields=["ends"])
    if delegation.grant:
        end_grant(grant=delegation.grant, on=delegation.ends)
    log(instance=delegation, action=LOG_DELEGATE_END)
    return delegation


@transaction.atomic
def save_notification_preferences(user: User, **values: Any) -> NotificationPreferences:
    """Save what an account is told and how (`NotificationPreferences.CHOSEN`); its own,
    always."""
    prefs, _created = NotificationPreferences.objects.get_or_create(user=user)
    for name in NotificationPreferences.CHOSEN:
        setattr(prefs, name, values[name])
    prefs.full_clean()
    prefs.save()
    return prefs


def forget_notification_preferences(user: User) -> None:
    """Delete an account's preferences (closing it)."""
    NotificationPreferences.objects.filter(user=user).delete()
