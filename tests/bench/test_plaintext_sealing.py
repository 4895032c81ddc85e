"""The bench's baseline (plaintext sealing) reads back what it wrote, and only inside its block."""

from bench.plaintext_sealing import plaintext_sealing
from voting import sealing

CHOICES = [(3, 11), (4, 20), (4, 21)]


def test_the_baseline_opens_what_it_sealed_and_leaves_sealing_alone_outside_its_block():
    public_key, private_key = sealing.new_ballot_keys()
    length = sealing.sealed_length(3, 4, 21)
    with plaintext_sealing():
        sealed = sealing.seal(public_key, CHOICES, length)
        assert sorted(sealing.opener(private_key)(sealed)) == CHOICES
        assert sealed.strip() == sealing.canonical(CHOICES)
    really_sealed = sealing.seal(public_key, CHOICES, length)
    assert sealing.canonical(CHOICES) not in really_sealed
    assert sorted(sealing.open_sealed(private_key, really_sealed)) == CHOICES
