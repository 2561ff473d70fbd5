"""URL map. Each policy app owns its public paths (``<app>/urls.py``) and its API paths
(``<app>/api_urls.py`` under ``/api/v1/``)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from xingtai_jobs.core.api import DepartmentViewSet, RegionViewSet
from xingtai_jobs.core.workbench_views import PortalLoginView

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("departments", DepartmentViewSet, basename="department")

api_v1 = [
    path("", include(router.urls)),
    path("enterprises/", include("enterprises.api_urls")),
    path("persons/", include("persons.api_urls")),
    path("subsidies/", include("subsidies.api_urls")),
    path("recruitment/", include("recruitment.api_urls")),
    path("wage-arrears/", include("wage_arrears.api_urls")),
    path("rankings/", include("rankings.api_urls")),
    path("measures/", include("measures.api_urls")),
]

urlpatterns = [
    path("", include("xingtai_jobs.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # the split view serves its init script from a URL: no inline script (production CSP)
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("", include("enterprises.urls")),
    path("", include("persons.urls")),
    path("", include("subsidies.urls")),
    path("", include("recruitment.urls")),
    path("", include("wage_arrears.urls")),
    path("", include("rankings.urls")),
    path("", include("measures.urls")),
    path("", include("entitlements.urls")),
]

# The site's own error pages (templates/403.html …), in the portal's layout and language.
handler400 = "xingtai_jobs.core.pages.bad_request"
handler403 = "xingtai_jobs.core.pages.permission_denied"
handler404 = "xingtai_jobs.core.pages.page_not_found"
handler500 = "xingtai_jobs.core.pages.server_error"
