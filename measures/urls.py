from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("measures/", views.public_index, name="public-index"),
    path("measures/<int:number>/", views.public_detail, name="public-detail"),
    path("measures/craftsmen/", views.public_craftsmen, name="public-craftsmen"),
    path("staff/measures/", views.staff_index, name="staff-index"),
    path("staff/measures/reports/", views.staff_reports, name="staff-reports"),
    path("staff/measures/reports/<int:pk>/", views.staff_report, name="staff-report"),
    path("staff/measures/reports/<int:pk>/evidence/", views.staff_report_evidence, name="staff-report-evidence"),
    path("staff/measures/registries/<slug:name>/", views.staff_registry, name="staff-registry"),
    path("staff/measures/registries/<slug:name>/<int:pk>/approve/", views.staff_registry_approve, name="staff-registry-approve"),
    path("staff/measures/registries/<slug:name>/import/", views.staff_registry_import, name="staff-registry-import"),
]
