"""The baseline for the sealed-ballot rows of `make bench`: the same casts and counts with
the choices kept in plaintext, as the site kept them before ballots were sealed (issue 18).

Only the cryptography is taken out: `seal` writes the padded choices as they are and
`opener` reads them back without a key, so a baseline run writes and reads the same rows
as a sealed one and the ratio of the two is the price of sealing. The product never
imports this module; the benchmark patches it in for its baseline runs only.
"""

import contextlib
import json
from unittest import mock

from voting import sealing


def seal(public_key, choices, length):
    return sealing.canonical(choices).ljust(length)


def opener(private_key):
    return lambda sealed: [tuple(pair) for pair in json.loads(bytes(sealed))]


def patches():
    return [mock.patch.object(sealing, "seal", seal), mock.patch.object(sealing, "opener", opener)]


@contextlib.contextmanager
def plaintext_sealing():
    """Within the block, ballots are "sealed" and opened as plaintext."""
    with contextlib.ExitStack() as stack:
        for patch in patches():
            stack.enter_context(patch)
        yield
