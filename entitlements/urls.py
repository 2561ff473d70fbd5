from django.urls import path

from entitlements import views

app_name = "entitlements"

urlpatterns = [
    path("staff/entitlements/", views.staff_list, name="staff_list"),
    path("staff/entitlements/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/entitlements/<int:pk>/action/", views.staff_action, name="staff_action"),
    path("staff/entitlements/adjustments/", views.staff_adjustments, name="staff_adjustments"),
    path("staff/entitlements/adjustments/<int:pk>/", views.staff_adjustment, name="staff_adjustment"),
    path("enterprise/entitlements/", views.enterprise_schedules, name="enterprise_schedules"),
]
