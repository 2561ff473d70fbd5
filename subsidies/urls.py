from django.urls import path

from subsidies import views

app_name = "subsidies"

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("notices/<int:pk>/objection-received/", views.objection_thanks, name="objection_thanks"),
    path("enterprise/subsidies/", views.portal, name="portal"),
    path("enterprise/subsidies/bank-account/", views.portal_bank_account, name="portal_bank_account"),
    path("enterprise/subsidies/apply/<int:round_id>/", views.portal_apply, name="portal_apply"),
    path("enterprise/subsidies/<int:pk>/", views.portal_item, name="portal_item"),
    path("enterprise/subsidies/<int:pk>/letter.pdf", views.portal_letter, name="portal_letter"),
    path("staff/subsidies/", views.staff_home, name="staff_home"),
    path("staff/subsidies/items/<int:pk>/", views.staff_item, name="staff_item"),
    path("staff/subsidies/items/<int:pk>/action/", views.staff_item_action, name="staff_item_action"),
    path("staff/subsidies/items/<int:pk>/letter.pdf", views.staff_letter, name="staff_letter"),
    path("staff/subsidies/rounds/<int:pk>/", views.staff_round, name="staff_round"),
    path("staff/subsidies/rounds/<int:pk>/screen/", views.staff_round_screen, name="staff_round_screen"),
    path("staff/subsidies/rounds/<int:pk>/publish/", views.staff_round_publish, name="staff_round_publish"),
    path("staff/subsidies/objections/", views.staff_objections, name="staff_objections"),
    path("staff/subsidies/objections/<int:pk>/resolve/", views.staff_objection_resolve, name="staff_objection_resolve"),
    path("staff/subsidies/batches/", views.staff_batches, name="staff_batches"),
    path("staff/subsidies/batches/<int:pk>/", views.staff_batch, name="staff_batch"),
    path("staff/subsidies/batches/<int:pk>/bank-file.xlsx", views.staff_batch_export, name="staff_batch_export"),
]
