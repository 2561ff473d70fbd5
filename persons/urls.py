from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.me, name="persons-me"),
    path("me/signup/", views.signup, name="persons-signup"),
]
