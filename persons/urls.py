from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.me, name="persons-me"),
    path("me/signup/", views.signup, name="persons-signup"),
    path("me/card-account/", views.me_card_account, name="persons-me-card-account"),
    path("me/subsidies/apply/", views.me_apply, name="persons-me-apply"),
    path("me/subsidies/<int:pk>/", views.me_item, name="persons-me-item"),
    path("me/subsidies/<int:pk>/letter/", views.me_letter, name="persons-me-letter"),
]
