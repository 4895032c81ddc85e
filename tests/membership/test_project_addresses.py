"""A Contributing Member's project must be public open source: a public address and licence."""

import pytest
from django.core.exceptions import ValidationError

from membership import project_addresses, services
from membership.models import Certification, DeclaredProject, OpenSourceLicence
from tests.membership.factories import MemberFactory

looked_up = project_addresses.host_addresses  # the real look-up, before the tests replace it

pytestmark = pytest.mark.django_db

INTRANET = "https://intranet.example.com/secret"


def declare(url, licence="MIT", name="A project"):
    return services.certify_contributing(
        member=MemberFactory(), affirms_hours=True, projects=[(name, url, licence)]
    )


def refusal(url, licence="MIT"):
    with pytest.raises(ValidationError) as refused:
        declare(url, licence)
    assert not Certification.objects.exists()
    assert not DeclaredProject.objects.exists()
    return " ".join(refused.value.messages)


def test_an_intranet_address_is_refused_and_the_message_says_why(host_names):
    host_names["intranet.example.com"] = {"10.1.2.3"}
    assert refusal(INTRANET) == project_addresses.ERROR_HOST_NOT_PUBLIC.format(
        host="intranet.example.com", address="10.1.2.3"
    )


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.0.0.8", "172.16.4.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "240.0.0.1", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1",
])
def test_a_host_at_any_address_that_is_not_public_is_refused(host_names, address):
    host_names["code.example.org"] = {address}
    assert address in refusal("https://code.example.org/project")


def test_one_private_address_among_public_ones_is_enough_to_refuse(host_names):
    host_names["code.example.org"] = {"151.101.0.223", "10.0.0.8"}
    assert "10.0.0.8" in refusal("https://code.example.org/project")


def test_a_host_that_does_not_exist_is_refused(host_names):
    host_names["nowhere.example"] = OSError("Name or service not known")
    assert refusal("https://nowhere.example/project") == (
        project_addresses.ERROR_HOST_NOT_FOUND.format(host="nowhere.example")
    )


@pytest.mark.parametrize(("url", "error"), [
    ("http://github.com/psf/requests", project_addresses.ERROR_NOT_HTTPS),
    ("https://user:secret@github.com/psf/requests", project_addresses.ERROR_CREDENTIALS),
    ("https://example.org/", project_addresses.ERROR_HOME_PAGE_ONLY),
    ("https://example.org", project_addresses.ERROR_HOME_PAGE_ONLY),
    ("https://github.com/psf", project_addresses.ERROR_FORGE_OWNER_ONLY),
    ("https://www.github.com/psf/", project_addresses.ERROR_FORGE_OWNER_ONLY),
])
def test_an_address_that_names_no_public_project_page_is_refused(url, error):
    message = refusal(url)
    assert message.startswith(error.split("{")[0])


@pytest.mark.parametrize("url", [
    "https://github.com/psf/requests",
    "https://gitlab.com/group/subgroup/project",
    "https://www.djangoproject.com/download/",
    "https://pypi.org/project/wagtail/",
])
def test_a_public_repository_or_project_page_is_accepted(url):
    assert declare(url).projects.get().url == url


def test_a_declaration_must_say_which_licence():
    assert refusal("https://github.com/psf/requests", licence="") == (
        services.ERROR_NO_LICENCE.format(name="A project")
    )


def test_a_licence_off_the_osi_list_is_refused():
    assert refusal("https://github.com/psf/requests", licence="Proprietary") == (
        services.ERROR_NO_LICENCE.format(name="A project")
    )


def test_the_licence_list_is_spdx_ids_of_osi_approved_licences():
    ids = set(OpenSourceLicence.values) - {""}
    assert {"MIT", "Apache-2.0", "BSD-3-Clause", "GPL-3.0-only", "MPL-2.0", "Python-2.0"} <= ids
    # SPDX marks PSF-2.0 and the bare GPL-3.0 as not OSI-approved and deprecated.
    assert not ids & {"PSF-2.0", "GPL-3.0", "LGPL-2.1", "AGPL-3.0", "CC0-1.0"}


def test_the_real_look_up_asks_the_resolver_for_every_address(monkeypatch):
    answers = [(2, 1, 6, "", ("151.101.0.223", 443)), (10, 1, 6, "", ("2a04:4e42::223", 443))]
    monkeypatch.setattr(project_addresses.socket, "getaddrinfo", lambda *args, **kw: answers)
    assert looked_up("pypi.org") == {
        "151.101.0.223", "2a04:4e42::223",
    }


@pytest.mark.parametrize(("url", "address"), [
    ("https://10.0.0.1/project", "10.0.0.1"),
    ("https://127.0.0.1:8443/project", "127.0.0.1"),
    ("https://[::1]/project", "::1"),
])
def test_an_address_written_as_a_private_ip_is_refused(monkeypatch, url, address):
    # The real look-up: a numeric host needs no network to resolve.
    monkeypatch.setattr("membership.project_addresses.host_addresses", looked_up)
    assert address in refusal(url)
