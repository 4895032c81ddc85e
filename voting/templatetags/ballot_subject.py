"""{% ballot_subject ballot %}: what the ballot is about, as its owning app presents it."""

from django import template
from django.utils.safestring import mark_safe

from voting.presenters import render_subject

register = template.Library()


@register.simple_tag
def ballot_subject(ballot):
    # The presenter's template escapes its own content.
    return mark_safe(render_subject(ballot))  # noqa: S308
