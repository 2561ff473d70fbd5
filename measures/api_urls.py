from django.urls import path

from measures import api

urlpatterns = [
    path("", api.MeasureList.as_view(), name="measures-api-list"),
]
