from django.contrib.auth import views as auth_views
from django.urls import path

from bimkemas.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("ringkasan/", views.overview, name="overview"),
    path("healthz", views.healthz, name="healthz"),
]
