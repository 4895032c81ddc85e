"""An Atom feed per governance section, newest first."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

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
        return section.url

    def subtitle(self, section):
        return f"The latest in “{section.title}”."

    def items(self, section):
        return specific_in_order(section.proposals()[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
