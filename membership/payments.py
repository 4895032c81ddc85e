"""Importing a payment export as Supporting Member contributions, all rows or none."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from membership.csv_import import CsvImportError, line_error, read_rows
from membership.models import Member
from membership.services import record_contribution, validate_contribution

PAYMENT_COLUMNS = ("email", "amount", "date")
ERROR_NO_SUCH_MEMBER = "no member has the e-mail address {email}."
ERROR_BAD_AMOUNT = "the amount {value!r} is not a number."
ERROR_BAD_DATE = "the date {value!r} is not a date written as YYYY-MM-DD."
ERROR_REFERENCE_TWICE = "the reference {reference} appears twice in the file."


@dataclass(frozen=True)
class PaymentRow:
    """One checked line of a payment export."""

    line: int
    member: Member
    amount: Decimal
    received_on: datetime.date
    reference: str


def parse_payments(file):
    """Check every line of a payment export; raise CsvImportError listing every bad line."""
    rows = read_rows(file, PAYMENT_COLUMNS)
    emails = {row["email"].lower() for _line, row in rows}
    members = {
        member.email_lower: member
        for member in Member.objects.annotate(email_lower=Lower("user__email")).filter(
            email_lower__in=emails
        )
    }
    errors, payments, references = [], [], set()
    for line, row in rows:
        problems = _row_problems(row, members, references)
        if problems:
            errors.extend(line_error(line, problem) for problem in problems)
            continue
        payments.append(PaymentRow(
            line=line, member=members[row["email"].lower()], amount=_amount(row["amount"]),
            received_on=_date(row["date"]), reference=row.get("reference", ""),
        ))
    if errors:
        raise CsvImportError(errors)
    return payments


def _row_problems(row, members, references):
    problems = []
    if row["email"].lower() not in members:
        problems.append(ERROR_NO_SUCH_MEMBER.format(email=row["email"] or "(empty)"))
    amount, received_on = _amount(row["amount"]), _date(row["date"])
    if amount is None:
        problems.append(ERROR_BAD_AMOUNT.format(value=row["amount"]))
    if received_on is None:
        problems.append(ERROR_BAD_DATE.format(value=row["date"]))
    reference = row.get("reference", "")
    if reference and reference in references:
        problems.append(ERROR_REFERENCE_TWICE.format(reference=reference))
    references.add(reference)
    try:
        validate_contribution(
            amount=amount, received_on=received_on, reference=reference,
            organisation=row.get("organisation", ""),
        )
    except ValidationError as error:
        problems.extend(error.messages)
    return problems


def _amount(value):
    try:
        amount = Decimal(value.replace("$", "").replace(",", ""))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@transaction.atomic
def import_payments(file):
    """Record every payment in the file as a contribution, or none when any line is bad."""
    return [
        record_contribution(
            member=payment.member, amount=payment.amount, received_on=payment.received_on,
            reference=payment.reference,
        )
        for payment in parse_payments(file)
    ]
