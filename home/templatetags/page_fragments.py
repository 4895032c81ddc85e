"""{% public_fragment "name" %}…{% endpublic_fragment %}: cache a part of a public page.

The page cache serves whole pages to anonymous visitors only. Members, and anyone
else the page cache passes by, still get the parts of a page that every visitor
sees alike from the cache; a purge of the page's path makes them stale with it.
Nothing personal (the account links, a form, a member's own stance) goes inside.
"""

from django import template
from django.conf import settings
from django.core.cache import cache

from home.page_cache import fragment_key, fragments_cacheable

register = template.Library()


class PublicFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        request = context.get("request")
        if request is None or not fragments_cacheable(request):
            return self.nodelist.render(context)
        key = fragment_key(request, self.name.resolve(context))
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, timeout=settings.PAGE_CACHE_SECONDS)
        return html


@register.tag
def public_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the fragment's name.")
    nodelist = parser.parse(("endpublic_fragment",))
    parser.delete_first_token()
    return PublicFragmentNode(nodelist, parser.compile_filter(bits[1]))
