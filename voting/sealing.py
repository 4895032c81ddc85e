"""Each ballot's key pair: what a voter chose is sealed at the cast and opened only at the count.

Server key mode: the private key is kept only wrapped by `settings.BALLOT_SEALING_KEY`,
which lives in the environment, never in the database, so a reader of the database
alone opens nothing (docs/architecture.md section 4).

Tellers mode: the private key is never kept at all. It is split into SLIP-39 shares,
k of n (`shamir-mnemonic`), one for each teller; the key exists again only in memory,
at the count, once k tellers have entered theirs. All key handling stays in this module.
"""

import json

import shamir_mnemonic
from django.conf import settings
from nacl.encoding import RawEncoder
from nacl.hash import blake2b
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from shamir_mnemonic.share import Share

# Tells this derivation apart from any other use of the same setting.
KEY_PERSONAL = b"ballot-sealing"


def new_ballot_keys():
    """A new (public key, private key) pair for one ballot, as raw bytes."""
    private_key = PrivateKey.generate()
    return bytes(private_key.public_key), bytes(private_key)


def _wrapping_box():
    secret = settings.BALLOT_SEALING_KEY.encode()
    key = blake2b(secret, digest_size=SecretBox.KEY_SIZE, person=KEY_PERSONAL,
                  encoder=RawEncoder)
    return SecretBox(key)


def wrap_private_key(private_key):
    """A ballot's private key encrypted with the key derived from BALLOT_SEALING_KEY."""
    return bytes(_wrapping_box().encrypt(private_key))


def unwrap_private_key(wrapped):
    """The private key that `wrap_private_key` wrapped."""
    return _wrapping_box().decrypt(bytes(wrapped))


def wrap_share(words):
    """A teller's share (its words) encrypted with the key derived from BALLOT_SEALING_KEY.

    Shares wait in the database only until collected, or from entry until the count;
    wrapped, a database reader alone cannot read even those.
    """
    return bytes(_wrapping_box().encrypt(words.encode()))


def unwrap_share(wrapped):
    """The share's words that `wrap_share` wrapped."""
    return _wrapping_box().decrypt(bytes(wrapped)).decode()


class ShareError(ValueError):
    """Words that are not a valid share: a typo, a missing word, or the wrong words."""


def split_private_key(private_key, needed, count):
    """A private key as `count` SLIP-39 shares, any `needed` of which rebuild it.

    Returns (the shares' common identifier, the shares' words).
    """
    groups = shamir_mnemonic.generate_mnemonics(
        group_threshold=1, groups=[(needed, count)], master_secret=bytes(private_key),
        iteration_exponent=0,
    )
    shares = groups[0]
    return read_share(shares[0]).identifier, shares


def read_share(words):
    """The parsed share in `words`, which may be typed with any spacing or case."""
    try:
        return Share.from_mnemonic(" ".join(words.lower().split()))
    except shamir_mnemonic.MnemonicError as error:
        raise ShareError(str(error)) from None


def combine_shares(shares_words):
    """The private key rebuilt from enough shares' words."""
    try:
        return shamir_mnemonic.combine_mnemonics(
            [" ".join(words.lower().split()) for words in shares_words]
        )
    except shamir_mnemonic.MnemonicError as error:
        raise ShareError(str(error)) from None


def public_key_of(private_key):
    """The public key of a private key, to check that shares rebuilt the right one."""
    return bytes(PrivateKey(bytes(private_key)).public_key)


def canonical(choices):
    """Choices, (question id, option id) pairs, as compact JSON in one fixed order."""
    return json.dumps(sorted([list(pair) for pair in choices]), separators=(",", ":")).encode()


def seal(public_key, choices, length):
    """Choices sealed with a ballot's public key, padded to `length` bytes first.

    Every ballot sealed for one ballot has the same length, so the size of a sealed
    row does not tell how many options a voter marked, or which.
    """
    plaintext = canonical(choices)
    if len(plaintext) > length:
        raise ValueError("The choices are longer than the ballot's sealed length.")
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(plaintext.ljust(length)))


def opener(private_key):
    """A function that opens sealed ballots with one private key, derived once.

    Deriving the key again for each of 100,000 ballots cost a quarter of the count.
    """
    box = SealedBox(PrivateKey(bytes(private_key)))
    return lambda sealed: [tuple(pair) for pair in json.loads(box.decrypt(bytes(sealed)))]


def open_sealed(private_key, sealed):
    """The (question id, option id) pairs sealed in one cast ballot."""
    return opener(private_key)(sealed)


def sealed_length(slots, largest_question_id, largest_option_id):
    """The length every plaintext on a ballot is padded to: its longest possible choices.

    No real choice is longer: it marks at most `slots` options in all, and no id has
    more digits than the largest.
    """
    return len(canonical([(largest_question_id, largest_option_id)] * slots))
