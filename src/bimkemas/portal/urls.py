from django.urls import path

from bimkemas.portal import views

urlpatterns = [
    path("p/", views.home, name="portal_home"),
    path("p/masuk/", views.login_view, name="portal_login"),
    path("p/keluar/", views.logout_view, name="portal_logout"),
    path("p/lapor/", views.checkin, name="portal_checkin"),
    path("p/manifest.webmanifest", views.manifest, name="portal_manifest"),
    path("p/sw.js", views.service_worker, name="portal_sw"),
    path("kasus/<int:case_id>/pin/", views.client_pin, name="client_pin"),
]
