"""The transition: bring the old roster over (new-membership-model.md, "Transition")."""

from django.core.management.base import BaseCommand, CommandError

from membership.csv_import import CsvImportError
from membership.legacy import LEGACY_COLUMNS, import_legacy_roster, parse_legacy_roster

PROGRESS_FROM = 500  # rows; smaller files finish before a bar would help
PROGRESS_WIDTH = 30


class Command(BaseCommand):
    help = (
        f"Import the legacy roster, a CSV with the header {','.join(LEGACY_COLUMNS)}. "
        "Nominated Members become Fellows, Associate Members Supporting, Emeritus Members Basic. "
        "A file with any bad line imports nothing; the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The roster as CSV (UTF-8).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then save nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            # Bytes: read_rows decodes them and says so in one line when they are not UTF-8.
            with open(file, "rb") as roster:
                rows = parse_legacy_roster(roster)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except CsvImportError as error:
            raise CommandError(_refusal(error)) from error
        summary = import_legacy_roster(
            rows, dry_run=dry_run, progress=self._progress if len(rows) >= PROGRESS_FROM else None
        )
        heading = "Dry run, nothing saved" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{heading}: {len(rows)} rows."))
        for outcome, count in sorted(summary.items()):
            self.stdout.write(f"  {outcome}: {count}")

    def _progress(self, done, total):
        if done % max(total // 100, 1) and done != total:
            return
        filled = PROGRESS_WIDTH * done // total
        bar = "#" * filled + "." * (PROGRESS_WIDTH - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total}", ending="\n" if done == total else "")
        self.stderr.flush()


def _refusal(error):
    """One line for a file that cannot be read at all; otherwise every bad line, numbered."""
    if len(error.errors) == 1 and not error.errors[0].startswith("Line "):
        return f"Nothing was imported. {error.errors[0]}"
    return "Nothing was imported. Correct these lines and run again:\n" + str(error)
