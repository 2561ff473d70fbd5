from django.urls import path
from django.views.i18n import JavaScriptCatalog

from xingtai_jobs.core import policy_views, views, workbench_views

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("staff/", workbench_views.workbench_page, name="workbench"),
    path("staff/tasks/<int:pk>/progress/", views.taskrun_progress, name="taskrun-progress"),
    path("staff/policy/", policy_views.policy_list, name="policy-list"),
    path("staff/policy/<int:pk>/edit/", policy_views.policy_edit, name="policy-edit"),
    path("staff/policy/new/<str:key>/", policy_views.policy_new_period, name="policy-new-period"),
    path("staff/policy/sets/<str:set_name>/<int:owner_id>/together/", policy_views.policy_set_together_edit,
         name="policy-set-together-edit"),
    path("staff/policy/sets/<str:set_name>/<int:owner_id>/<str:name>/", policy_views.policy_set_edit, name="policy-set-edit"),
    path("bench/trivial/", views.trivial, name="bench-trivial"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
