from django.urls import path

from recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/t/<str:token>/", views.ticket, name="ticket"),
    path("events/ticket/find/", views.ticket_lookup, name="ticket-lookup"),
    path("jobs/", views.job_search, name="job-search"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/apply/", views.job_apply, name="job-apply"),
    path("enterprise/recruitment/", views.enterprise_home, name="enterprise-home"),
    path("enterprise/recruitment/applications/<int:pk>/", views.enterprise_application, name="enterprise-application"),
    path("enterprise/recruitment/events/<int:pk>/signup/", views.enterprise_event_signup, name="enterprise-event-signup"),
    path("enterprise/recruitment/postings/new/", views.enterprise_posting_edit, name="enterprise-posting-new"),
    path("enterprise/recruitment/postings/<int:pk>/", views.enterprise_posting_edit, name="enterprise-posting-edit"),
    path("enterprise/recruitment/internships/new/", views.enterprise_internship_new, name="enterprise-internship-new"),
    path("enterprise/recruitment/officers/new/", views.enterprise_officer_new, name="enterprise-officer-new"),
    path("staff/recruitment/results/", views.staff_results, name="staff-results"),
    path("staff/recruitment/events/<int:pk>/checkin/", views.staff_checkin_station, name="staff-checkin-station"),
    path("staff/recruitment/events/<int:pk>/livestream/", views.staff_livestream, name="staff-livestream"),
    path("staff/recruitment/ledger/", views.staff_ledger, name="staff-ledger"),
    path("staff/recruitment/ledger/import/", views.staff_ledger_import, name="staff-ledger-import"),
    path("staff/recruitment/officers/compliance/", views.staff_officer_compliance, name="staff-officer-compliance"),
]
