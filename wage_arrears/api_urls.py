from django.urls import path

from . import api

urlpatterns = [
    path("complaints/", api.ComplaintCreateView.as_view(), name="wage-arrears-complaint-create"),
    path("complaints/status/", api.ComplaintStatusView.as_view(), name="wage-arrears-complaint-status"),
]
