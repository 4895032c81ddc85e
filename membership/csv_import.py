"""Reading staff CSV files: every row is checked before anything is saved."""

import csv
import io

ERROR_MISSING_COLUMNS = (
    "The first line of the file must name the columns {expected}; missing: {missing}."
)
ERROR_NOT_UTF8 = "The file is not UTF-8 text; export it as CSV (UTF-8)."
ERROR_EMPTY_FILE = "The file is empty."
ERROR_FIELD_COUNT = (
    "it has {found} fields where the first line names {expected}; "
    "put double quotes around any value with a comma in it."
)
ERROR_NOT_CSV = "The file is not valid CSV near line {line}: {problem}. Export it again as CSV."


class CsvImportError(Exception):
    """A file that cannot be imported; `errors` lists every problem, each with its line."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = list(errors)


def line_error(line, message):
    return f"Line {line}: {message}"


def read_rows(file, columns):
    """Return (line number, row) pairs with lower-cased headers; refuse a missing column."""
    raw = file.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CsvImportError([ERROR_NOT_UTF8]) from error
    if "\x00" in raw:  # never in a text export, and PostgreSQL refuses it in any string
        raise CsvImportError([ERROR_NOT_UTF8])
    reader = csv.reader(io.StringIO(raw.lstrip("\ufeff"), newline=""))
    try:
        return _rows(reader, columns)
    except csv.Error as error:
        raise CsvImportError([ERROR_NOT_CSV.format(line=reader.line_num, problem=error)]) from None


def _rows(reader, columns):
    names = [name.strip().lower() for name in next(reader, [])]
    if not names:
        raise CsvImportError([ERROR_EMPTY_FILE])
    missing = [column for column in columns if column not in names]
    if missing:
        raise CsvImportError([
            ERROR_MISSING_COLUMNS.format(expected=",".join(columns), missing=", ".join(missing))
        ])
    rows, errors = [], []
    for fields in reader:
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != len(names):
            errors.append(line_error(reader.line_num, ERROR_FIELD_COUNT.format(
                found=len(fields), expected=len(names))))
            continue
        rows.append((reader.line_num, {
            name: field.strip() for name, field in zip(names, fields, strict=True) if name
        }))
    if errors:
        raise CsvImportError(errors)
    return rows
