"""Site-wide views: health check and error pages."""

import logging

from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger("foundation")


def healthz(request):
    """Answer load balancers without touching the database or a template."""
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    """Render the 404 page inside the site layout."""
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    """Render the 500 page in the layout, falling back to plain text if that fails too."""
    try:
        body = loader.render_to_string("500.html", request=request)
    except Exception:
        logger.exception("The 500 page itself failed to render")
        body = "<h1>Something went wrong on our side</h1><p>Please try again in a few minutes.</p>"
    return HttpResponseServerError(body)


def rate_limited(request, exception=None):
    """Too many requests of one kind: say so and when to try again; nothing was saved."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
