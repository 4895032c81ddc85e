"""Which reads a page view makes of the cache, counted as Redis would see them."""

from django.core.cache import cache


def record_cache_reads(monkeypatch):
    """A list that fills with (name, keys) for every get and get_many the cache is asked.

    The test's in-memory cache answers get_many with one get per key; Redis does not,
    so a read made inside another is not counted.
    """
    reads, nested = [], []

    def recording(name, call):
        def recorded(keys, *args, **kwargs):
            if not nested:
                reads.append((name, [keys] if isinstance(keys, str) else list(keys)))
            nested.append(name)
            try:
                return call(keys, *args, **kwargs)
            finally:
                nested.pop()

        return recorded

    for name in ("get", "get_many"):
        monkeypatch.setattr(cache, name, recording(name, getattr(cache, name)))
    return reads
