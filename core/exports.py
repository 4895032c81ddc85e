"""Neutralise spreadsheet formulas in every CSV export the admin makes.

Wagtail's XLSX export already stores formulas as text; its CSV export writes cells
as they are, so a member named "=HYPERLINK(...)" would run in a spreadsheet. Every
admin export (reports, modeladmin listings, the audit log) goes through
`SpreadsheetExportMixin.write_csv_row`, so that is the one place to fix it.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet would read as a formula, made plain text with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv_row(self, writer, row_dict):
    return writer.writerow({
        field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
        for field, value in row_dict.items()
    })


def install():
    SpreadsheetExportMixin.write_csv_row = _write_csv_row
