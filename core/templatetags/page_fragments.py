"""{% public_fragment "name" %}…{% endpublic_fragment %}: cache a part of a public page.

The page cache serves whole pages to anonymous visitors only. Members, and anyone
else the page cache passes by, still get the parts of a page that every visitor
sees alike from the cache; a purge of the page's path makes them stale with it.
Nothing personal (the account links, a form, a member's own stance) goes inside.

Every fragment of a template is read at the first one, in one round trip.
"""

from django import template
from django.http import HttpRequest
from django.template.base import NodeList, Parser, Token

from core.page_cache import fragments_cacheable, read_fragments, store_fragment

register = template.Library()


class PublicFragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, name: str, template_names: list[str]) -> None:
        self.nodelist = nodelist
        self.name = name
        # Every fragment name in the same template, shared by its nodes.
        self.template_names = template_names

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        if request is None or not fragments_cacheable(request):
            return self.nodelist.render(context)
        stamp, stored = self._read(request)
        html = stored.get(self.name)
        if html is None:
            html = self.nodelist.render(context)
            store_fragment(request, self.name, stamp, html)
        return html

    def _read(self, request: HttpRequest) -> tuple[str, dict[str, str]]:
        names = tuple(self.template_names)
        read = request.__dict__.setdefault("_public_fragments", {})
        if names not in read:
            read[names] = read_fragments(request, names)
        return read[names]


@register.tag
def public_fragment(parser: Parser, token: Token) -> PublicFragmentNode:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted name.")
    name = bits[1][1:-1]
    template_names = parser.extra_data.setdefault("public_fragment_names", [])
    template_names.append(name)
    nodelist = parser.parse(("endpublic_fragment",))
    parser.delete_first_token()
    return PublicFragmentNode(nodelist, name, template_names)
