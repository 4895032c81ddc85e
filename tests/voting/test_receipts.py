"""Receipt codes people can keep: readable, typed back any way, shown until kept (issue 18)."""

import hashlib
import logging
import logging.handlers
import math
import re
import secrets
from contextlib import contextmanager

from django.test import TestCase

from tests.factories import PASSWORD
from tests.voting.factories import answer, enrolled_delegate, enrolled_voter, open_ballot, yes_no
from voting import receipts, services
from voting.models import CastBallot
from voting.views import RECEIPT_CODES_SESSION_KEY

GROUPED_CODE = re.compile(r"[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){4}")


@contextmanager
def every_log_line():
    """Every record logged at any level, including by loggers that do not propagate."""
    handler = logging.handlers.BufferingHandler(capacity=10_000)
    loggers = [logging.getLogger(name) for name in ("", "django", "foundation")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield handler.buffer
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def test_a_code_is_five_groups_of_five_without_look_alike_characters():
    codes = {receipts.new_receipt_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(GROUPED_CODE.fullmatch(code) for code in codes)
    assert not set("0O1lI") & set(receipts.ALPHABET)


def test_a_code_carries_at_least_120_bits_of_randomness():
    characters = receipts.GROUPS * receipts.GROUP_LENGTH
    assert characters * math.log2(len(set(receipts.ALPHABET))) >= 120


def test_the_published_hash_is_the_sha256_of_the_code_in_capitals_without_dashes():
    code = receipts.new_receipt_code()
    expected = hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    assert services.hash_receipt(code) == expected


class VerifyingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voter = enrolled_voter()
        cls.ballot = open_ballot(yes_no())
        cls.code = services.cast(
            cls.ballot, user=cls.voter.user, answers=answer(cls.ballot, ["Yes"])
        )

    def test_a_code_verifies_however_it_is_typed_back(self):
        typed = [
            self.code, self.code.lower(), self.code.replace("-", ""),
            self.code.replace("-", " "), f"  {self.code.lower().replace('-', '')}\n",
            " ".join(self.code.replace("-", "")),
        ]
        assert all(services.verify_receipt(self.ballot, code=code) for code in typed)

    def test_a_wrong_code_or_another_ballot_does_not_verify(self):
        assert not services.verify_receipt(self.ballot, code=self.code[:-1])
        assert not services.verify_receipt(self.ballot, code=receipts.new_receipt_code())
        assert not services.verify_receipt(open_ballot(yes_no()), code=self.code)

    def test_a_receipt_issued_before_grouped_codes_still_verifies_case_sensitively(self):
        legacy = secrets.token_urlsafe(16)
        CastBallot.objects.create(
            ballot=self.ballot, receipt_hash=hashlib.sha256(legacy.encode()).hexdigest()
        )
        assert services.verify_receipt(self.ballot, code=legacy)
        assert services.verify_receipt(self.ballot, code=f" {legacy}\n")
        assert not services.verify_receipt(self.ballot, code=legacy.swapcase())

    def test_the_verify_page_accepts_a_code_typed_in_small_letters_without_dashes(self):
        typed = self.code.lower().replace("-", "")
        response = self.client.post("/vote/verify/", {"ballot": self.ballot.pk, "code": typed})
        assert "Your ballot is recorded" in response.content.decode()


class ReceiptPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voter = enrolled_voter()
        cls.organisation = enrolled_delegate(cls.voter)
        cls.other_voter = enrolled_voter()
        cls.ballot = open_ballot(yes_no())
        cls.url = f"/vote/{cls.ballot.pk}/"
        cls.yes = cls.ballot.questions.get().options.get(label="Yes")

    def setUp(self):
        self.client.login(username=self.voter.user.username, password=PASSWORD)

    def cast(self, url=None):
        question = self.ballot.questions.get()
        return self.client.post(url or self.url, {f"question_{question.pk}": self.yes.pk})

    def test_a_cast_redirects_with_303_and_a_refresh_shows_the_receipt_again(self):
        posted = self.cast()
        assert posted.status_code == 303
        assert "no-store" in posted["Cache-Control"]
        first = self.client.get(posted["Location"])
        again = self.client.get(posted["Location"])
        code = first.context["code"]
        assert GROUPED_CODE.fullmatch(code)
        assert code in again.content.decode()
        assert "no-store" in again["Cache-Control"]
        assert services.verify_receipt(self.ballot, code=code)
        assert CastBallot.objects.count() == 1

    def test_the_code_stays_only_in_the_session_never_in_a_table_or_a_log_line(self):
        with every_log_line() as logged:
            code = self.client.get(self.cast()["Location"]).context["code"]
        assert logged and code not in "\n".join(record.getMessage() for record in logged)
        assert self.client.session[RECEIPT_CODES_SESSION_KEY] == {f"{self.ballot.pk}:": code}
        assert list(CastBallot.objects.values_list("receipt_hash", flat=True)) == [
            services.hash_receipt(code)
        ]

    def test_kept_receipt_is_forgotten_and_the_page_says_so_and_links_to_verify(self):
        receipt_url = self.cast()["Location"]
        code = self.client.get(receipt_url).context["code"]
        kept = self.client.post(receipt_url)
        assert kept.status_code == 303 and kept["Location"] == receipt_url
        page = self.client.get(receipt_url)
        html = page.content.decode()
        assert code not in html
        assert "Your receipt code is no longer shown" in html
        assert f"/vote/verify/?ballot={self.ballot.pk}" in html
        assert "no-store" in page["Cache-Control"]
        assert code not in str(dict(self.client.session))

    def test_the_individual_and_the_delegate_receipts_are_kept_apart(self):
        delegate_url = f"{self.url}as/{self.organisation.pk}/"
        own = self.client.get(self.cast()["Location"]).context["code"]
        delegated = self.client.get(self.cast(delegate_url)["Location"]).context["code"]
        assert own != delegated
        self.client.post(f"{delegate_url}receipt/")
        assert self.client.get(f"{self.url}receipt/").context["code"] == own
        assert self.client.get(f"{delegate_url}receipt/").context["code"] is None

    def test_another_voter_never_sees_someone_elses_code(self):
        code = self.client.get(self.cast()["Location"]).context["code"]
        self.client.login(username=self.other_voter.user.username, password=PASSWORD)
        html = self.client.get(f"{self.url}receipt/").content.decode()
        assert code not in html and "no longer shown" in html

    def test_logging_out_forgets_the_code(self):
        code = self.client.get(self.cast()["Location"]).context["code"]
        self.client.logout()
        self.client.login(username=self.voter.user.username, password=PASSWORD)
        assert code not in self.client.get(f"{self.url}receipt/").content.decode()

    def test_the_receipt_page_needs_a_log_in(self):
        self.client.logout()
        assert self.client.get(f"{self.url}receipt/").status_code == 302

    def test_the_code_is_plain_text_and_the_buttons_come_from_a_static_script(self):
        html = self.client.get(self.cast()["Location"]).content.decode()
        assert re.search(r'<script src="/static/js/receipt.js" defer></script>', html)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), "an inline script breaks the CSP"
        assert re.search(r"<button [^>]*data-copy=\"receipt-code\" hidden>", html)
        assert re.search(r"<button [^>]*data-print hidden>", html)
        assert "What the receipt proves" in html
