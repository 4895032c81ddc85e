"""A Redis cache that degrades to 'no cache' when Redis is unreachable, instead of failing."""

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from core.internals import build_cache_client_with, redis_client_for_pool

logger = logging.getLogger("foundation.cache")

_warned = False


def _warn_once(error: Exception) -> None:
    global _warned
    if not _warned:
        _warned = True
        logger.warning("Redis cache unreachable, serving without a cache: %s", error)


def _guarded(method: Callable[..., Any], fallback: Any) -> Callable[..., Any]:
    def call(self: RedisCacheClient, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            _warn_once(error)
            return fallback(*args) if callable(fallback) else fallback

    return call


class ResilientRedisCacheClient(RedisCacheClient):
    """Every call answers as a cache miss or a no-op while Redis is down.

    Each answer is built from the arguments of Django's own client method; their
    names are checked in tests/core/test_internals.py.
    """

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        return redis_client_for_pool(self, write=write)

    get = _guarded(RedisCacheClient.get, lambda key, default: default)
    get_many = _guarded(RedisCacheClient.get_many, {})
    add = _guarded(RedisCacheClient.add, False)
    set = _guarded(RedisCacheClient.set, None)
    set_many = _guarded(RedisCacheClient.set_many, lambda data, timeout: list(data))
    touch = _guarded(RedisCacheClient.touch, False)
    delete = _guarded(RedisCacheClient.delete, False)
    delete_many = _guarded(RedisCacheClient.delete_many, None)
    has_key = _guarded(RedisCacheClient.has_key, False)
    incr = _guarded(RedisCacheClient.incr, None)
    clear = _guarded(RedisCacheClient.clear, False)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, with the resilient client underneath."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        build_cache_client_with(self, ResilientRedisCacheClient)
