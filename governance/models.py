"""Governance pages: the index and the five sections a proposal moves through."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class Stage(models.TextChoices):
    """The five sections of the strategic decision-making process."""

    DISCUSSION = "discussion", "Proposals for discussion"
    RESOLUTION = "resolution", "Proposals for resolution"
    ACTIVE = "active", "Active policies"
    RETIRED = "retired", "Retired policies"
    ARCHIVED = "archived", "Archived proposals"


class GovernanceIndexPage(Page):
    """The root of the governance tree: explains the process and lists the sections."""

    introduction = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["governance.SectionPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = SectionPage.objects.child_of(self).live().specific()
        return context


class SectionPage(Page):
    """One stage of the lifecycle; a proposal's stage is the section it sits in."""

    stage = models.CharField(max_length=20, choices=Stage.choices)
    introduction = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    settings_panels = Page.settings_panels + [FieldPanel("stage")]

    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types = []

    def __str__(self):
        return self.title
