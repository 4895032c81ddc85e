"""Absolute addresses for what is read away from the site: e-mails, feeds, the calendar, ballots.

They all start with the default Wagtail Site's root URL, the one a page's `full_url`
starts with, so a link in a message and a link on a page agree. `setup_site` sets that
Site from `SITE_ROOT_URL` on every deploy; Wagtail's own e-mails and API links read
the same setting (`WAGTAILADMIN_BASE_URL`, `WAGTAILAPI_BASE_URL`).
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

ROOT_URL_NOT_SERVABLE = (
    "SITE_ROOT_URL must be http://host[:port] or https://host (a Wagtail Site serves https "
    "on port 443 only, and no path): {url!r}"
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def site_root_url() -> str:
    """The default Site's root URL, such as "https://example.org"; SITE_ROOT_URL before setup."""
    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    return site.root_url if site is not None else settings.SITE_ROOT_URL


def absolute_url(path: str, *, root_url: str | None = None) -> str:
    """`path` (from `reverse`, starting with "/") as an address readable away from the site.

    A caller writing many messages reads `site_root_url()` once and passes it in.
    """
    return (root_url or site_root_url()) + path


def host_and_port(root_url: str) -> tuple[str | None, int]:
    """The (hostname, port) of the Wagtail Site whose `root_url` is `root_url`."""
    parts = urlsplit(root_url)
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except (KeyError, ValueError):
        raise ValueError(ROOT_URL_NOT_SERVABLE.format(url=root_url)) from None
    servable = (
        parts.hostname
        and parts.path in ("", "/")
        and not (parts.query or parts.fragment or parts.username)
        and (parts.scheme == "https") == (port == 443)
    )
    if not servable:
        raise ValueError(ROOT_URL_NOT_SERVABLE.format(url=root_url))
    return parts.hostname, port
