"""URL routes. Wagtail's page tree serves everything not named here."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.second_factor import ActivateAuthenticatorApp, RecoveryCodes
from governance.api import api_router
from home import dev_mailbox
from home import views as home_views
from voting.nomination_views import nominate_fellow

handler400 = "home.views.bad_request"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"

urlpatterns = [
    path("healthz/", home_views.healthz, name="healthz"),
    path("dev/mail/", dev_mailbox.mailbox, name="dev_mailbox"),
    path("admin/", include(wagtailadmin_urls)),
    # allauth's own views answer these two addresses too; ours come first and keep `next`.
    path("accounts/2fa/totp/activate/", ActivateAuthenticatorApp.as_view()),
    path("accounts/2fa/recovery-codes/", RecoveryCodes.as_view()),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("members/data.json", home_views.my_data, name="my_data"),
    path("members/close/", home_views.close_account, name="close_account"),
    path("", include("governance.urls")),
    path("", include("membership.urls")),
    path("vote/", include("voting.urls")),
    path("fellows/nominate/", nominate_fellow, name="fellows_nominate"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
