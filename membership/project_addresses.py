"""A Contributing Member's project must be public open source, so its address must be public.

"Proprietary code ... is not available to the community and therefore isn't a
contribution" (new-membership-model.md, "Contributing Members"). The rule for an
address: https; no user name or password in it; a page beyond the site's home
(on a known code forge, an owner and a repository); and a host name whose every
address is public, never private, loopback, link-local or reserved.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

KNOWN_FORGES = {"github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "git.sr.ht"}

ERROR_NOT_AN_ADDRESS = "“{url}” is not a web address: give the project's https:// address."
ERROR_NOT_HTTPS = "Give the project's https:// address; “{url}” is not one."
ERROR_CREDENTIALS = "Leave the user name and password out of the project's address."
ERROR_HOME_PAGE_ONLY = (
    "Give the address of the project's repository or page, such as "
    "https://github.com/psf/requests, not a site's home page."
)
ERROR_FORGE_OWNER_ONLY = (
    "On {host}, give the repository's address, with its owner and name, such as "
    "https://github.com/psf/requests."
)
ERROR_HOST_NOT_FOUND = "We could not find the host “{host}”: check the project's address."
ERROR_HOST_NOT_PUBLIC = (
    "“{host}” is at {address}, a private, local or reserved address that the public cannot "
    "reach. A Contributing Member's project must be public open source: give its public address."
)
PROJECT_ADDRESS_HELP = (
    "An https:// address of the project's repository or page, which anyone can open: "
    "on GitHub, GitLab, Codeberg, Bitbucket or SourceHut its owner and repository "
    "(https://github.com/psf/requests), elsewhere a page beyond the site's home page."
)


def validate_project_address(url):
    """Refuse an address that cannot name a public project page, without looking it up."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise ValidationError(ERROR_NOT_AN_ADDRESS.format(url=url)) from None
    if parts.scheme != "https":
        raise ValidationError(ERROR_NOT_HTTPS.format(url=url))
    if parts.username is not None or parts.password is not None:
        raise ValidationError(ERROR_CREDENTIALS)
    segments = [segment for segment in parts.path.split("/") if segment]
    host = (parts.hostname or "").removeprefix("www.")
    if host in KNOWN_FORGES and len(segments) < 2:
        raise ValidationError(ERROR_FORGE_OWNER_ONLY.format(host=host))
    if not segments:
        raise ValidationError(ERROR_HOME_PAGE_ONLY)


def host_addresses(host):
    """Every address a host name resolves to (a DNS look-up; tests replace this)."""
    return {info[4][0] for info in socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)}


def validate_public_host(url):
    """Refuse an address whose host is unknown or resolves to any address that is not public."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = host_addresses(host)
    except (OSError, UnicodeError):
        raise ValidationError(ERROR_HOST_NOT_FOUND.format(host=host)) from None
    for address in sorted(addresses):
        if not _is_public(address):
            raise ValidationError(ERROR_HOST_NOT_PUBLIC.format(host=host, address=address))


def _is_public(address):
    ip = ipaddress.ip_address(address.split("%")[0])  # an IPv6 zone ("%eth0") is local anyway
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
