"""`{% fixed_url %}`, the links every page shows, and `{% site_root %}` for e-mails.

The governance pages the menu links are found by type (governance/templatetags/
governance_addresses.py, through core/page_addresses.py).
"""

from django import template
from django.conf import settings
from django.template.base import Parser, Token
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from core.addresses import site_root_url

register = template.Library()


# Where a page's render keeps the script prefix and URLconf its fixed addresses are for.
ADDRESSES_FOR = "fixed_url: script prefix and URLconf"


class FixedUrlNode(template.Node):
    """`{% url %}` for the links every page shows, reversed once per process.

    The menu and footer link the same few views from every page; reversing them
    each time cost an eighth of /membership/'s time (bench/page_time.py), and even a
    simple tag's own work was a tenth of it. Arguments are literal, so the address
    is kept on the node for each script prefix and URLconf.
    """

    def __init__(self, view_name: str, args: list[str]) -> None:
        self.view_name = view_name
        self.args = args
        self.addresses: dict[tuple[str, str], SafeString] = {}

    def render(self, context: template.Context) -> str:
        # The prefix and URLconf are read once for the whole page, not once per link.
        key = context.render_context.get(ADDRESSES_FOR)
        if key is None:
            key = context.render_context[ADDRESSES_FOR] = (
                get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
            )
        if key not in self.addresses:
            address = reverse(self.view_name, args=self.args, urlconf=key[1])
            self.addresses[key] = conditional_escape(address)
        return self.addresses[key]


@register.tag
def fixed_url(parser: Parser, token: Token) -> FixedUrlNode:
    """{% fixed_url "view_name" "literal argument" ... %}"""
    bits = token.split_contents()[1:]
    if not bits or any(bit[0] not in "\"'" or bit[0] != bit[-1] for bit in bits):
        raise template.TemplateSyntaxError("fixed_url takes a quoted view name and arguments.")
    view_name, *args = (bit[1:-1] for bit in bits)
    return FixedUrlNode(view_name, args)


@register.simple_tag
def site_root() -> str:
    """`{% site_root as root %}`: the root URL every address read away from the site starts
    with (core/addresses.py), for e-mails rendered from templates."""
    return site_root_url()
