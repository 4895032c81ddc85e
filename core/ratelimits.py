"""Named rate limits for the state-changing views, kept in the cache (Redis in production).

Each limit's rate is read from `settings.RATE_LIMITS` at request time, so a
deployment (or a test) can change it without code. A request over its limit gets
the 429 page (`home.views.rate_limited`). When the cache is unreachable the
limits lapse rather than lock members out of voting (RATELIMIT_FAIL_OPEN).
Visitors are told apart by `client_address`, the same address allauth counts
failed log-ins by (TRUSTED_PROXY_COUNT in config/settings/base.py).
"""

from collections.abc import Callable
from typing import Any

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.decorators import ratelimit

CAST = "cast"
VERIFY = "verify"
NOMINATE = "nominate"
POLL = "poll"
COMMENT = "comment"


def client_address(request: HttpRequest) -> str:
    """The visitor's address, read behind our proxies exactly as allauth reads it."""
    return get_adapter(request).get_client_ip(request)


def _rate(group: str, request: HttpRequest) -> str:
    return settings.RATE_LIMITS[group]


def limit(group: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Limit POSTs to a view per user (or per address, for visitors) under `group`'s rate."""
    return ratelimit(group=group, key="user_or_ip", rate=_rate, method="POST", block=True)
