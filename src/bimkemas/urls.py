from django.conf.urls.i18n import i18n_patterns  # noqa: F401
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("bimkemas.api.urls")),  # first: the check-in API is the hottest path
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("bimkemas.core.urls")),
    path("", include("bimkemas.cases.urls")),
    path("", include("bimkemas.clients.urls")),
    path("", include("bimkemas.regions.urls")),
    path("", include("bimkemas.contacts.urls")),
    path("", include("bimkemas.notify.urls")),
    path("", include("bimkemas.linkage.urls")),
    path("", include("bimkemas.assessments.urls")),
    path("", include("bimkemas.partners.urls")),
    path("", include("bimkemas.portal.urls")),
    path("", include("bimkemas.monitoring.urls")),
    path("", include("bimkemas.activities.urls")),
    path("", include("bimkemas.violations.urls")),
    path("", include("bimkemas.litmas.urls")),
    path("", include("bimkemas.plans.urls")),
    path("", include("bimkemas.tpp.urls")),
]
