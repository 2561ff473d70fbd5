from django.urls import path

from rankings import views

app_name = "rankings"

urlpatterns = [
    path("rankings/", views.public_index, name="public-index"),
    path("rankings/<int:year>/", views.public_detail, name="public-detail"),
    path("rankings/<int:year>/pdf/", views.public_pdf, name="public-pdf"),
    path("rankings/<int:year>/xlsx/", views.public_xlsx, name="public-xlsx"),
    path("job-demand/", views.public_job_demand, name="public-job-demand"),
    path("enterprise/ranking/", views.enterprise_ranking, name="enterprise-ranking"),
    path("enterprise/ranking/corrections/<int:pk>/evidence/", views.correction_evidence, name="correction-evidence"),
    path("enterprise/job-demand/", views.enterprise_job_demand, name="enterprise-job-demand"),
    path("staff/rankings/", views.staff_index, name="staff-index"),
    path("staff/rankings/corrections/", views.staff_corrections, name="staff-corrections"),
    path("staff/rankings/key-enterprises/", views.staff_key_enterprises, name="staff-key-enterprises"),
    path("staff/rankings/job-demand/", views.staff_job_demand, name="staff-job-demand"),
    path("staff/rankings/<int:year>/", views.staff_detail, name="staff-detail"),
    path("staff/rankings/<int:year>/parameters/", views.staff_parameters, name="staff-parameters"),
    path("staff/rankings/<int:year>/compute/", views.staff_compute, name="staff-compute"),
    path("staff/rankings/<int:year>/publish/", views.staff_publish, name="staff-publish"),
    path("staff/rankings/<int:year>/withdraw/", views.staff_withdraw, name="staff-withdraw"),
    path("staff/rankings/<int:year>/reopen/", views.staff_reopen, name="staff-reopen"),
]
