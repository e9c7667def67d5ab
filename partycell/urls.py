from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("partycell.signin.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("partycell.paperwork.api_urls")),
    path("api/v1/", include("workflows.api.urls")),
    path("targets/", include("partycell.targets.urls")),
    path("notifications/", include("partycell.notifications.urls")),
    path("privacy/", include("partycell.privacy.urls")),
    path("", include("partycell.paperwork.urls")),
    path("", include("partycell.web.urls")),
]
# No route for MEDIA_URL, in development too: scans are served only by the view that scopes their
# candidacy (partycell.web.views.candidacies.document_file), never as files anyone with the URL can fetch.

handler404 = "partycell.web.errors.not_found"
handler500 = "partycell.web.errors.server_error"
