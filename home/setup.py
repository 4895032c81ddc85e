"""Idempotent set-up of the site root, the home page and the role groups."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from core.addresses import host_and_port
from core.roles import ROLE_GROUPS
from home.models import HomePage

HOME_INTRODUCTION = (
    "<p>The foundation's members propose, discuss and decide its policies here, "
    "in the open. Anyone may join as a Basic Member by agreeing to the Code of Conduct.</p>"
)


def ensure_home_page():
    """Return the HomePage, creating it and pointing the default Site at it, at SITE_ROOT_URL."""
    hostname, port = host_and_port(settings.SITE_ROOT_URL)
    home = HomePage.objects.first()
    if home is None:
        root = _ensure_root_page()
        _remove_wagtail_welcome_page(root)
        home = root.add_child(
            instance=HomePage(title="Home", slug="home", introduction=HOME_INTRODUCTION)
        )
    _ensure_default_site(home, hostname, port)
    return home


def _ensure_default_site(home, hostname, port):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True,
            site_name="Python Software Foundation",
        )
    elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
        site.root_page, site.hostname, site.port = home, hostname, port
        site.save(update_fields=["root_page", "hostname", "port"])


def _ensure_root_page():
    # Wagtail's migrations make the locale and the tree's root; a flushed database has neither.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def _remove_wagtail_welcome_page(root):
    # Wagtail's first migration makes a plain "Welcome" page; it holds nothing.
    for page in root.get_children().filter(content_type__model="page", numchild=0):
        Site.objects.filter(root_page=page).update(root_page=root)
        page.delete()


def ensure_role_groups():
    """Create the role groups, each allowed into the Wagtail admin."""
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    groups = {}
    for name in ROLE_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        groups[name] = group
    return groups
