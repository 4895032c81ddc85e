"""What a voter chose is sealed at the cast, opened only at the count, then forgotten."""

import pytest
from django.test import TestCase, override_settings
from nacl.exceptions import CryptoError

from tests.voting.factories import answer, approval, enrolled_voter, open_ballot, yes_no
from voting import sealing, services
from voting.models import BallotKey, CastBallot, Mark


class SealedCastingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.voters = [enrolled_voter() for _ in range(3)]
        cls.ballot = open_ballot(yes_no(), approval(2, ["Ada", "Brett", "Chen"]))
        cls.choices = [(["Yes"], ["Ada", "Brett"]), (["No"], []), ([], ["Chen"])]
        cls.codes = [
            services.cast(cls.ballot, user=voter.user, answers=answer(cls.ballot, *choices))
            for voter, choices in zip(cls.voters, cls.choices, strict=True)
        ]

    def test_opening_gives_the_ballot_a_key_whose_private_half_is_only_wrapped(self):
        key = BallotKey.objects.get(ballot=self.ballot)
        private_key = sealing.unwrap_private_key(key.wrapped_private_key)
        assert private_key not in bytes(key.wrapped_private_key)
        with override_settings(BALLOT_SEALING_KEY="another key"), pytest.raises(CryptoError):
            sealing.unwrap_private_key(key.wrapped_private_key)

    def test_a_cast_writes_no_mark_and_no_plain_choice(self):
        assert not Mark.objects.filter(ballot=self.ballot).exists()
        sealed = [bytes(row) for row in
                  CastBallot.objects.filter(ballot=self.ballot).values_list("sealed", flat=True)]
        key = BallotKey.objects.get(ballot=self.ballot)
        private_key = sealing.unwrap_private_key(key.wrapped_private_key)
        plaintexts = [sealing.canonical(sealing.open_sealed(private_key, row)) for row in sealed]
        assert len(sealed) == 3
        assert not any(plain in row for plain in plaintexts for row in sealed)

    def test_every_sealed_ballot_has_the_same_length_however_much_it_marks(self):
        lengths = {len(row) for row in CastBallot.objects.values_list("sealed", flat=True)}
        assert len(lengths) == 1

    def test_the_key_opens_what_was_sealed(self):
        key = BallotKey.objects.get(ballot=self.ballot)
        private_key = sealing.unwrap_private_key(key.wrapped_private_key)
        opened = [sealing.open_sealed(private_key, row)
                  for row in CastBallot.objects.values_list("sealed", flat=True)]
        assert sorted(len(pairs) for pairs in opened) == [1, 1, 3]

    def test_close_counts_the_sealed_ballots_then_forgets_them_and_the_key(self):
        outcome = services.close_ballot(self.ballot)
        yes_no_outcome, election = outcome.questions
        assert yes_no_outcome.counts == {"Yes": 1, "No": 1, "Abstain": 0}
        assert election.counts == {"Ada": 1, "Brett": 1, "Chen": 1}
        assert (yes_no_outcome.took_part, election.took_part) == (2, 2)
        assert Mark.objects.filter(ballot=self.ballot).count() == 5
        assert not CastBallot.objects.filter(ballot=self.ballot, sealed__isnull=False).exists()
        assert not BallotKey.objects.filter(ballot=self.ballot).exists()
        assert all(services.verify_receipt(self.ballot, code=code) for code in self.codes)

    def test_the_results_page_lists_every_receipt_hash_after_close(self):
        services.close_ballot(self.ballot)
        page = self.client.get(f"/vote/{self.ballot.pk}/results/").content.decode()
        assert all(services.hash_receipt(code) in page for code in self.codes)

    def test_cancelling_forgets_the_sealed_ballots_and_the_key_and_counts_nothing(self):
        services.cancel_ballot(self.ballot, reason="The question was withdrawn.")
        assert not CastBallot.objects.filter(ballot=self.ballot, sealed__isnull=False).exists()
        assert not BallotKey.objects.filter(ballot=self.ballot).exists()
        assert not Mark.objects.filter(ballot=self.ballot).exists()


def test_sealing_refuses_choices_longer_than_the_ballot_allows():
    public_key, _private_key = sealing.new_ballot_keys()
    with pytest.raises(ValueError):
        sealing.seal(public_key, [(1, 2), (1, 3)], sealing.sealed_length(1, 1, 3))
