"""Payment exports and the legacy roster: every line checked, all or nothing, once only."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from membership import services
from membership.csv_import import (
    ERROR_FIELD_COUNT,
    ERROR_MISSING_COLUMNS,
    ERROR_NOT_UTF8,
    CsvImportError,
)
from membership.legacy import ERROR_UNKNOWN_CLASS
from membership.models import CategoryCode, CategoryGrant, Contribution, Member
from membership.payments import ERROR_BAD_DATE, ERROR_NO_SUCH_MEMBER, import_payments
from membership.selectors import categories_held
from tests.membership.factories import MemberFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def csv_file(text):
    return io.BytesIO(text.encode("utf-8"))


class TestPaymentImport:
    def test_payment_export_records_contributions_for_each_line(self):
        ada = MemberFactory(user__email="ada@example.org")
        bob = MemberFactory(user__email="bob@example.org")
        contributions = import_payments(csv_file(
            "Email,Amount,Date,Reference\n"
            f"ADA@example.org,$100.00,{TODAY:%Y-%m-%d},ch_1\n"
            f"bob@example.org,\"2,500\",{TODAY:%Y-%m-%d},ch_2\n"
        ))
        assert len(contributions) == 2
        assert ada.grants.of(CategoryCode.SUPPORTING).get().ends is not None
        assert bob.grants.of(CategoryCode.SUPPORTING).get().ends is None  # lifetime

    def test_a_bad_line_saves_nothing_and_every_error_names_its_line(self):
        MemberFactory(user__email="ada@example.org")
        tomorrow = TODAY + datetime.timedelta(days=1)
        with pytest.raises(CsvImportError) as raised:
            import_payments(csv_file(
                "email,amount,date,organisation\n"
                f"ada@example.org,100,{TODAY},\n"
                f"nobody@example.org,100,{TODAY},\n"
                f"ada@example.org,-5,{TODAY},\n"
                f"ada@example.org,100,{tomorrow},\n"
                f"ada@example.org,100,{TODAY},Acme Corp\n"
                "ada@example.org,100,yesterday,\n"
            ))
        assert raised.value.errors == [
            "Line 3: " + ERROR_NO_SUCH_MEMBER.format(email="nobody@example.org"),
            "Line 4: " + services.ERROR_AMOUNT_NOT_POSITIVE,
            "Line 5: " + services.ERROR_DATE_IN_FUTURE,
            "Line 6: " + services.ERROR_CONTRIBUTION_FOR_ORGANISATION,
            "Line 7: " + ERROR_BAD_DATE.format(value="yesterday"),
        ]
        assert not Contribution.objects.exists()
        assert not CategoryGrant.objects.filter(source=CategoryGrant.Source.CONTRIBUTION).exists()

    def test_an_unquoted_comma_refuses_the_file_and_names_the_line(self):
        MemberFactory(user__email="ada@example.org")
        with pytest.raises(CsvImportError) as raised:
            import_payments(csv_file(
                f"email,amount,date\nada@example.org,100,{TODAY}\nada@example.org,2,500,{TODAY}\n"
            ))
        assert raised.value.errors == [
            "Line 3: " + ERROR_FIELD_COUNT.format(found=4, expected=3)
        ]
        assert not Contribution.objects.exists()

    def test_a_missing_column_is_refused(self):
        with pytest.raises(CsvImportError) as raised:
            import_payments(csv_file("email,amount\nada@example.org,100\n"))
        assert raised.value.errors == [
            ERROR_MISSING_COLUMNS.format(expected="email,amount,date", missing="date")
        ]


def roster(tmp_path, text):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


ROSTER = (
    "email,name,legacy_class\n"
    "tim@example.org,Tim Nominated,Nominated\n"
    "anna@example.org,Anna Associate,associate\n"
    "emil@example.org,Emil Emeritus,EMERITUS\n"
)


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_legacy_members", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def held(email):
    member = Member.objects.get(user__email=email)
    return set(categories_held(member).values_list("code", flat=True))


class TestLegacyImport:
    def test_nominated_become_fellows_associates_supporting_emeritus_basic(self, tmp_path):
        out, _err = run_import(roster(tmp_path, ROSTER))
        assert held("tim@example.org") == {"basic", "fellow"}
        assert held("anna@example.org") == {"basic", "supporting"}
        assert held("emil@example.org") == {"basic"}
        assert "recognised as Fellows: 1" in out
        assert "made Supporting Members: 1" in out
        assert "joined as Basic Members: 1" in out

    def test_running_the_same_file_twice_changes_nothing_the_second_time(self, tmp_path):
        path = roster(tmp_path, ROSTER)
        run_import(path)
        grants = list(CategoryGrant.objects.order_by("pk").values_list("pk", "ends"))
        out, _err = run_import(path)
        assert list(CategoryGrant.objects.order_by("pk").values_list("pk", "ends")) == grants
        assert "unchanged: 3" in out

    def test_a_declined_fellowship_is_not_granted_again_by_a_rerun(self, tmp_path):
        path = roster(tmp_path, ROSTER)
        run_import(path)
        tim = Member.objects.get(user__email="tim@example.org")
        services.decline_fellowship(member=tim, on=TODAY + datetime.timedelta(days=1))
        run_import(path)
        assert tim.grants.of(CategoryCode.FELLOW).count() == 1

    def test_dry_run_reports_and_saves_nothing(self, tmp_path):
        out, _err = run_import(roster(tmp_path, ROSTER), "--dry-run")
        assert "Dry run, nothing saved: 3 rows." in out
        assert not Member.objects.filter(user__email="tim@example.org").exists()

    def test_an_unknown_class_imports_nothing_and_names_the_line(self, tmp_path):
        path = roster(tmp_path, ROSTER + "zed@example.org,Zed,honorary\n")
        with pytest.raises(CommandError) as raised:
            run_import(path)
        assert "Line 5: " + ERROR_UNKNOWN_CLASS.format(value="honorary") in str(raised.value)
        assert not Member.objects.filter(user__email="tim@example.org").exists()

    def test_a_missing_column_imports_nothing(self, tmp_path):
        with pytest.raises(CommandError, match="missing: legacy_class"):
            run_import(roster(tmp_path, "email,name\ntim@example.org,Tim\n"))

    def test_bad_email_and_duplicate_lines_are_reported_together(self, tmp_path):
        path = roster(tmp_path, ROSTER + "not-an-email,X,emeritus\nTIM@example.org,Tim,emeritus\n")
        with pytest.raises(CommandError) as raised:
            run_import(path)
        assert "Line 5: 'not-an-email' is not an e-mail address." in str(raised.value)
        assert "Line 6: tim@example.org already appears on line 2." in str(raised.value)

    def test_existing_member_keeps_their_record_and_gains_the_category(self, tmp_path):
        member = MemberFactory(user__email="anna@example.org", name="Anna A.")
        run_import(roster(tmp_path, ROSTER))
        member.refresh_from_db()
        assert member.name == "Anna A."
        assert held("anna@example.org") >= {"supporting"}

    def test_a_latin_1_roster_gets_the_one_line_not_utf8_message(self, tmp_path):
        path = tmp_path / "roster.csv"
        path.write_bytes((ROSTER + "jose@example.org,José Núñez,associate\n").encode("latin-1"))
        with pytest.raises(CommandError) as raised:
            run_import(str(path))
        assert str(raised.value) == "Nothing was imported. " + ERROR_NOT_UTF8
        assert not Member.objects.exists()

    def test_a_line_with_a_fourth_field_imports_nothing_and_names_the_line(self, tmp_path):
        path = roster(tmp_path, ROSTER + "zed@example.org,Zed,Zedson,emeritus\n")
        with pytest.raises(CommandError) as raised:
            run_import(path)
        assert "Line 5: " + ERROR_FIELD_COUNT.format(found=4, expected=3) in str(raised.value)
        assert not Member.objects.exists()

    def test_a_line_with_a_missing_field_imports_nothing_and_names_the_line(self, tmp_path):
        header, rows = ROSTER.split("\n", 1)
        path = roster(tmp_path, f"{header}\nzed@example.org,emeritus\n{rows}")
        with pytest.raises(CommandError) as raised:
            run_import(path)
        assert "Line 2: " + ERROR_FIELD_COUNT.format(found=2, expected=3) in str(raised.value)
        assert not Member.objects.exists()

    def test_large_file_shows_a_progress_bar(self, tmp_path):
        lines = "".join(f"p{n}@example.org,Person {n},emeritus\n" for n in range(500))
        _out, err = run_import(roster(tmp_path, "email,name,legacy_class\n" + lines))
        assert "500/500" in err and "[" in err
        assert Member.objects.count() >= 500


@pytest.mark.parametrize("content, message", [
    (b"email,amount,date\n\n\r0", "Line 4: it has 1 fields where the first line names 3"),
    ("email,amount,date\nzoë@example.org,5,2026-01-01\n".encode("latin-1"), "not UTF-8 text"),
    (b"email,amount,date\n" + b"x" * 200_000, "not valid CSV"),
    (b"email,amount,date\n\x00", "not UTF-8 text"),
])
def test_a_malformed_payment_file_is_refused_with_a_message(content, message):
    with pytest.raises(CsvImportError, match=message):
        import_payments(SimpleUploadedFile("payments.csv", content))
