from django.urls import path
from django.views.i18n import JavaScriptCatalog

from xingtai_jobs.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("staff/tasks/<int:pk>/progress/", views.taskrun_progress, name="taskrun-progress"),
    path("bench/trivial/", views.trivial, name="bench-trivial"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
