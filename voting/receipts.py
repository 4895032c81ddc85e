"""Receipt codes: made to be copied by hand, read back however a person types them.

A code is 25 characters from an alphabet without look-alikes (no 0/O, no 1/I/L), in
five groups of five: log2(31) x 25 is about 124 bits from `secrets`. What is stored
and published is the SHA-256 of its canonical form: capitals, no separators.
"""

import hashlib
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS = 5
GROUP_LENGTH = 5
SEPARATOR = "-"


def new_receipt_code():
    """A fresh receipt code, grouped for reading: e.g. `7KQ2M-XH4TB-...`."""
    characters = [secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH)]
    return SEPARATOR.join(
        "".join(characters[start:start + GROUP_LENGTH])
        for start in range(0, len(characters), GROUP_LENGTH)
    )


def canonical_form(code):
    """A code as typed back (any case, with or without dashes or spaces), as it is hashed."""
    return re.sub(r"[^0-9A-Za-z]", "", code).upper()


def _sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def receipt_hash(code):
    """The SHA-256 of a code's canonical form, as stored and published."""
    return _sha256(canonical_form(code))


def hashes_to_look_for(code):
    """Every stored hash a typed code may match.

    Codes issued before grouped codes (`token_urlsafe`, case-sensitive, dashes part of
    the code) were hashed as typed, less surrounding spaces: they must still verify.
    """
    return {receipt_hash(code), _sha256(code.strip())}
