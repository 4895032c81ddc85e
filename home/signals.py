"""Purge the page cache when a page is published, unpublished, moved or deleted, and
forget the cached routes, sites and view restrictions when what they answer changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.page_cache import purge_all, purge_area, purge_paths
from core.routing import forget_routes
from core.sites import forget_sites_if_root
from core.view_restrictions import forget_view_restrictions
from governance.models import GovernanceRules
from home.models import SiteSettings
from membership import models as membership_models

MEMBERSHIP_AREA = "/membership/"
# Everything the public /membership/ pages show.
MEMBERSHIP_MODELS = [
    membership_models.CodeOfConduct,
    membership_models.MembershipCategory,
    membership_models.Member,
    membership_models.CategoryGrant,
    membership_models.SponsorLevel,
    membership_models.SponsorOrganisation,
    membership_models.SponsorTerm,
    membership_models.SponsorDelegate,
    membership_models.WorkingGroup,
    membership_models.WorkingGroupMembership,
    membership_models.Affiliate,
]


def _relative_path(url_path):
    for site_root in Site.get_site_root_paths():
        if url_path.startswith(site_root.root_path):
            return "/" + url_path[len(site_root.root_path) :]
    return None


def _with_cached_paths(page, base_path):
    if base_path is None:
        return []
    return [base_path] + [base_path + extra.lstrip("/") for extra in page.get_cached_paths()]


def paths_showing(page, url_path=None, parent=None):
    """The page itself, its parent's listing and feeds, and any page it says shows it."""
    page = page.specific
    paths = _with_cached_paths(page, _relative_path(url_path or page.url_path))
    parent = parent or page.get_parent()
    if parent is not None and parent.depth > 1:
        parent = parent.specific
        paths += _with_cached_paths(parent, _relative_path(parent.url_path))
    paths += getattr(page, "cache_dependent_paths", list)()
    return paths


def _purge_on_commit(paths):
    transaction.on_commit(lambda: purge_paths(paths))


def on_page_changed(sender, instance, **kwargs):
    _purge_on_commit(paths_showing(instance))


def on_page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    old_parent_url_path = url_path_before.rstrip("/").rsplit("/", 1)[0] + "/"
    old_parent = Page.objects.filter(url_path=old_parent_url_path).first()
    old_paths = paths_showing(instance, url_path=url_path_before, parent=old_parent)
    _purge_on_commit(old_paths + paths_showing(instance, url_path=url_path_after))


def on_page_deleted(sender, instance, **kwargs):
    relative = _relative_path(instance.url_path)
    if relative:
        _purge_on_commit([relative])


def on_site_wide_change(sender, instance, **kwargs):
    """A Site or its settings show on every page, and come with every cached site."""
    transaction.on_commit(purge_all)


def on_view_restriction_changed(sender, instance, **kwargs):
    """A restriction added, changed or removed: every cached page goes."""
    # It hides a page and everything under it from every listing, feed and page that
    # names them, and closes their own cached copies; which pages those are is not
    # known here, and restrictions change rarely.
    transaction.on_commit(purge_all)


def on_membership_changed(sender, **kwargs):
    transaction.on_commit(lambda: purge_area(MEMBERSHIP_AREA))


def connect():
    page_published.connect(on_page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="pagecache-moved")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="pagecache-deleted")
    post_save.connect(on_site_wide_change, sender=SiteSettings, dispatch_uid="pagecache-settings")
    post_save.connect(on_site_wide_change, sender=Site, dispatch_uid="pagecache-site-saved")
    # Every proposal in discussion shows its earliest decision, which the rules set.
    post_save.connect(
        on_site_wide_change, sender=GovernanceRules, dispatch_uid="pagecache-governance-rules"
    )
    post_delete.connect(on_site_wide_change, sender=Site, dispatch_uid="pagecache-site-deleted")
    post_save.connect(forget_sites_if_root, dispatch_uid="sites-root-page-saved")
    post_save.connect(forget_routes, dispatch_uid="routes-page-saved")
    post_delete.connect(forget_routes, dispatch_uid="routes-page-deleted")
    post_page_move.connect(forget_routes, dispatch_uid="routes-page-moved")
    post_save.connect(
        forget_view_restrictions, sender=PageViewRestriction, dispatch_uid="restrictions-saved"
    )
    post_delete.connect(
        forget_view_restrictions, sender=PageViewRestriction, dispatch_uid="restrictions-deleted"
    )
    post_save.connect(
        on_view_restriction_changed, sender=PageViewRestriction,
        dispatch_uid="pagecache-restrictions-saved",
    )
    post_delete.connect(
        on_view_restriction_changed, sender=PageViewRestriction,
        dispatch_uid="pagecache-restrictions-deleted",
    )
    for model in MEMBERSHIP_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(
                on_membership_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}"
            )
