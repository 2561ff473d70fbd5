from django.urls import path

from . import views

urlpatterns = [
    path("enterprise/", views.portal_home, name="enterprise-home"),
    path("enterprise/reports/submit/", views.report_submit, name="enterprise-report-submit"),
    path("staff/enterprises/reports/", views.staff_report_status, name="enterprises-staff-report-status"),
]
