"""The home page and the site-wide settings editors change without a deploy."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.routing import DirectRoutingMixin
from home.view_restrictions import ViewRestrictionsMixin


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
class SiteSettings(BaseSiteSetting):
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

    @classmethod
    def for_site(cls, site):
        # The request's site comes from the cache with its settings (home/sites.py).
        cached = getattr(site, "cached_site_settings", None)
        return cached if cached is not None else super().for_site(site)


class OutgoingEmail(models.Model):
    """An e-mail the site must send; kept until it is sent, so a mail outage loses nothing.

    Notifications never carry a ballot choice or a nominator, so nothing secret waits here.
    """

    subject = models.CharField(max_length=255)
    body = models.TextField()
    from_email = models.CharField(max_length=255, blank=True)
    to = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "attempts"])]

    def __str__(self):
        return self.subject
