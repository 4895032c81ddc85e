"""An Atom feed and a JSON Feed per governance section, newest first.

Every address in them starts with the default Site's root URL (core/addresses.py), as a
page's `full_url` does, never with whatever host a request named.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from core.addresses import absolute_url
from governance.models import specific_in_order

FEED_LENGTH = 30


class SectionFeed(Feed):
    """The latest proposals or policies published in one section."""

    feed_type = Atom1Feed

    def get_object(self, request, section):
        self.request = request
        return section

    def title(self, section):
        return section.title

    def link(self, section):
        return section.get_full_url(self.request)

    def feed_url(self, section):
        return absolute_url(self.request.path)

    def subtitle(self, section):
        return f"The latest in “{section.title}”."

    def items(self, section):
        return specific_in_order(section.proposals()[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


def json_feed(request, section):
    """A JSON Feed 1.1 document of the section's latest proposals (https://jsonfeed.org)."""
    items = specific_in_order(section.proposals()[:FEED_LENGTH])
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": section.title,
        "home_page_url": section.get_full_url(request),
        "feed_url": absolute_url(request.path),
        "description": f"The latest in “{section.title}”.",
        "language": "en",
        "items": [_json_feed_item(request, item) for item in items],
    }


def _json_feed_item(request, item):
    url = item.get_full_url(request)
    entry = {
        "id": url,
        "url": url,
        "title": item.title,
        "summary": item.summary,
        "content_text": item.summary,
    }
    # A page placed live without being published through a revision (an import, say)
    # has no publication dates; JSON Feed lets an item leave them out.
    dates = {
        "date_published": item.first_published_at,
        "date_modified": item.last_published_at or item.first_published_at,
    }
    entry.update({name: date.isoformat() for name, date in dates.items() if date})
    return entry
