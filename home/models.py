"""The home page and the site-wide settings editors change without a deploy."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.routing import DirectRoutingMixin
from core.sites import CachedWithSite
from core.view_restrictions import ViewRestrictionsMixin


class HomePage(DirectRoutingMixin, ViewRestrictionsMixin, Page):
    """The site's front page: what the foundation is and where to start."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])
    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]


@register_setting(icon="site")
class SiteSettings(CachedWithSite, BaseSiteSetting):
    """The foundation's name and footer, as shown on every page."""

    site_name = models.CharField(max_length=120, default="Python Software Foundation")
    tagline = models.CharField(max_length=200, blank=True, default="Governance and membership")
    footer_text = models.TextField(
        blank=True,
        default="The Python Software Foundation is a membership organisation. "
        "Proposals, policies and ballots on this site follow its published documents.",
    )

    panels = [FieldPanel("site_name"), FieldPanel("tagline"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = "site settings"
