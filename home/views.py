"""Site-wide views: health check, error pages, and a member's own data and account."""

import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_http_methods

from home import privacy

logger = logging.getLogger("foundation")
ACCOUNT_CLOSED = "Your account is closed. Thank you for your part in the foundation."


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


@login_required
def my_data(request):
    """Download everything the site holds about you, as JSON."""
    response = JsonResponse(privacy.personal_data(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def close_account(request):
    """Confirm, then close the account and log out."""
    if request.method == "POST":
        if request.POST.get("confirm") != "close":
            messages.error(request, "Tick the box to confirm that you want to close your account.")
            return redirect("close_account")
        privacy.close_account(request.user)
        logout(request)
        messages.success(request, ACCOUNT_CLOSED)
        return redirect("/")
    return render(request, "home/close_account.html")


def bad_request(request, exception=None):
    """Too large or unreadable: the 400 page in the layout."""
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """A missing or stale CSRF token: say what happened and that nothing was saved."""
    return render(request, "403_csrf.html", status=403)
