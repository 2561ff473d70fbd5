from django.urls import include, path, re_path

from . import views

app_patterns = [
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/done/", views.complaint_done, name="complaint-done"),
    path("complaints/track/", views.complaint_track, name="complaint-track"),
    path("staff/wage-arrears/", views.staff_queue, name="staff-queue"),
    path("staff/wage-arrears/intake/", views.staff_intake, name="staff-intake"),
    path("staff/wage-arrears/export.xlsx", views.staff_export, name="staff-export"),
    path("staff/wage-arrears/board/", views.staff_board, name="staff-board"),
    path("staff/wage-arrears/posters/", views.staff_posters, name="staff-posters"),
    path("staff/wage-arrears/sessions/", views.staff_sessions, name="staff-sessions"),
    path("staff/wage-arrears/sessions/<int:pk>/", views.staff_session, name="staff-session"),
    path("staff/wage-arrears/posters/region/<str:code>/", views.poster_region, name="poster-region"),
    path("staff/wage-arrears/posters/site/<str:token>/", views.poster_site, name="poster-site"),
    path("staff/wage-arrears/cases/<int:pk>/", views.staff_case, name="staff-case"),
    path("staff/wage-arrears/cases/<int:pk>/merge/", views.staff_group_merge, name="staff-merge"),
    path("staff/wage-arrears/cases/<int:pk>/<str:action>/", views.staff_case_action, name="staff-case-action"),
    path("staff/wage-arrears/evidence/<int:pk>/", views.staff_evidence, name="staff-evidence"),
]

urlpatterns = [
    path("", include((app_patterns, "wage_arrears"))),
    # django-simple-captcha's JSON "new picture" view, counted under the captcha refresh limit
    re_path(r"^captcha/refresh/$", views.captcha_refresh, name="captcha-refresh-limited"),
    # django-simple-captcha reverses its own un-namespaced URL names
    path("captcha/", include("captcha.urls")),
]
