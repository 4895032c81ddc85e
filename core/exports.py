"""Neutralise spreadsheet formulas in every CSV export the admin makes.

Wagtail's XLSX export already stores formulas as text; its CSV export writes cells
as they are, so a member named "=HYPERLINK(...)" would run in a spreadsheet. Every
admin export (reports, listings, the audit log) writes its rows through one method
of Wagtail's, which `core.internals.transform_csv_cells` wraps.
"""

from typing import Any

from core.internals import transform_csv_cells

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell a spreadsheet would read as a formula, made plain text with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def install() -> None:
    transform_csv_cells(neutralise)
