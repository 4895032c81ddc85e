"""The transition from the old roster: new-membership-model.md, "Transition"."""

from collections import Counter
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from membership.csv_import import CsvImportError, line_error, read_rows
from membership.models import CategoryCode, CategoryGrant, Member
from membership.services import grant_category, grant_fellowship, join, one_year_from

LEGACY_COLUMNS = ("email", "name", "legacy_class")
# Nominated Members may be Fellows, Associate Members become Supporting, Emeritus become Basic.
LEGACY_CLASSES = {
    "nominated": CategoryCode.FELLOW,
    "associate": CategoryCode.SUPPORTING,
    "emeritus": CategoryCode.BASIC,
}
# Legacy members agreed to the old membership terms, not to a version of this Code of Conduct.
LEGACY_CODE_OF_CONDUCT_VERSION = "legacy"
OUTCOME_FELLOW = "recognised as Fellows"
OUTCOME_SUPPORTING = "made Supporting Members"
OUTCOME_BASIC = "joined as Basic Members"
OUTCOME_UNCHANGED = "unchanged"
ERROR_BAD_EMAIL = "{value!r} is not an e-mail address."
ERROR_NO_NAME = "the name is empty."
ERROR_UNKNOWN_CLASS = "unknown legacy_class {value!r}; use nominated, associate or emeritus."
ERROR_EMAIL_TWICE = "{email} already appears on line {first}."


@dataclass(frozen=True)
class LegacyRow:
    """One checked line of the legacy roster."""

    line: int
    email: str
    name: str
    code: str


def parse_legacy_roster(file):
    """Check every line of the roster; raise CsvImportError listing every bad line."""
    errors, rows, first_line = [], [], {}
    for line, row in read_rows(file, LEGACY_COLUMNS):
        email, legacy_class = row["email"].lower(), row["legacy_class"].lower()
        problems = []
        try:
            validate_email(email)
        except ValidationError:
            problems.append(ERROR_BAD_EMAIL.format(value=row["email"]))
        if not row["name"]:
            problems.append(ERROR_NO_NAME)
        if legacy_class not in LEGACY_CLASSES:
            problems.append(ERROR_UNKNOWN_CLASS.format(value=row["legacy_class"]))
        if email in first_line:
            problems.append(ERROR_EMAIL_TWICE.format(email=email, first=first_line[email]))
        first_line.setdefault(email, line)
        if problems:
            errors.extend(line_error(line, problem) for problem in problems)
        else:
            rows.append(LegacyRow(line, email, row["name"], LEGACY_CLASSES[legacy_class]))
    if errors:
        raise CsvImportError(errors)
    return rows


@transaction.atomic
def import_legacy_roster(rows, *, on=None, dry_run=False, progress=None):
    """Bring each legacy member over; a second run of the same rows changes nothing."""
    on = on or timezone.localdate()
    summary = Counter()
    for done, row in enumerate(rows, start=1):
        summary[_import_one(row, on)] += 1
        if progress:
            progress(done, len(rows))
    if dry_run:
        transaction.set_rollback(True)
    return summary


def _import_one(row, on):
    member = Member.objects.filter(user__email__iexact=row.email).first()
    created = member is None
    if created:
        member = join(
            user=_user_for(row.email), name=row.name, country="",
            code_of_conduct_version=LEGACY_CODE_OF_CONDUCT_VERSION,
        )
    # Any earlier transition grant counts, even an ended one: a declined Fellowship stays declined.
    transitioned = member.grants.filter(
        source=CategoryGrant.Source.LEGACY_IMPORT, category__code=row.code
    ).exists()
    if row.code == CategoryCode.BASIC or transitioned:
        return OUTCOME_BASIC if created else OUTCOME_UNCHANGED
    if row.code == CategoryCode.FELLOW:
        grant_fellowship(member=member, on=on, source=CategoryGrant.Source.LEGACY_IMPORT,
                         note="Nominated Member under the old model")
    else:
        grant_category(
            member=member, code=row.code, starts=on, ends=one_year_from(on),
            source=CategoryGrant.Source.LEGACY_IMPORT, note="Associate Member under the old model",
        )
    return OUTCOME_FELLOW if row.code == CategoryCode.FELLOW else OUTCOME_SUPPORTING


def _user_for(email):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email[:150], email=email)
        user.set_unusable_password()
        user.save()
        # The foundation's own roster vouches for the address; the member sets a password by reset.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user
