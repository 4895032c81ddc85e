"""The site's own words where a page or an e-mail names it.

`{% page_description page site_settings %}`: the words search engines show for a page.
`{% foundation_name %}`: the name in the site settings, for e-mails rendered without
a request (allauth's would say "Hello from 127.0.0.1:8000!").
"""

from django import template
from wagtail.models import Site

from home.models import SiteSettings

register = template.Library()


@register.simple_tag
def page_description(page, site_settings):
    """The page's own search description, else its summary or title, with the site's name.

    The home page, and a page that is not a Wagtail page, are described by the tagline.
    A request no Site answers (a 404) has no settings: the page's words stand alone.
    """
    is_home = getattr(page, "depth", 2) <= 2
    described = (
        getattr(page, "search_description", "")
        or getattr(page, "summary", "")
        or (getattr(site_settings, "tagline", "") if is_home else page.title)
    )
    name = getattr(site_settings, "site_name", "")
    return f"{described} · {name}" if name else described


@register.simple_tag
def foundation_name():
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).site_name if site else SiteSettings().site_name
