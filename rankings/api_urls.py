from django.urls import path

from rankings import api

urlpatterns = [
    path("", api.RankingList.as_view(), name="rankings-api-list"),
    path("<int:year>/entries/", api.EntryList.as_view(), name="rankings-api-entries"),
]
