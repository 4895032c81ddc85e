"""`{% page_description page site_settings %}`: the words search engines show for a page."""

from django import template

register = template.Library()


@register.simple_tag
def page_description(page, site_settings):
    """The page's own search description, else its summary or title, with the site's name.

    The home page, and a page that is not a Wagtail page, are described by the tagline.
    """
    is_home = getattr(page, "depth", 2) <= 2
    described = (
        getattr(page, "search_description", "")
        or getattr(page, "summary", "")
        or (site_settings.tagline if is_home else page.title)
    )
    return f"{described} · {site_settings.site_name}"
