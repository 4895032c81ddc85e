"""What a browser gets from a page: its table cells as text, and the CSRF token its forms carry."""

import html
import re

from django.test import Client


def browser_logged_in_as(user):
    """A client that checks CSRF as the site does for a browser."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def csrf_token_in(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def cells_in(page):
    """The text of each cell of the page's listings, tags dropped and white space collapsed."""
    listings = "".join(re.findall(r'<table class="listing".*?</table>', page, re.S))
    cells = re.findall(r"<td[^>]*>(.*?)</td>", listings, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]
