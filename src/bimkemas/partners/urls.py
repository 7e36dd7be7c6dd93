from django.urls import path

from bimkemas.partners import views, views_portal, views_sites

urlpatterns = [
    path("mitra/", views.partner_list, name="partner_list"),
    path("mitra/baru/", views.partner_create_view, name="partner_create"),
    path("mitra/<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("mitra/<int:partner_id>/ubah/", views.partner_edit, name="partner_edit"),
    path("mitra/<int:partner_id>/perjanjian/baru/", views.agreement_create_view, name="agreement_create"),
    path("mitra/<int:partner_id>/akun/baru/", views.partner_user_create_view, name="partner_user_create"),
    path(
        "mitra/perjanjian/akan-berakhir/", views.agreements_expiring_view, name="partner_agreements_expiring"
    ),
    path("mitra/perjanjian/<int:agreement_id>/dokumen/", views.agreement_document, name="agreement_document"),
    path("mitra/bimbingan-keliling/", views_sites.site_planner, name="site_planner"),
    path("mitra/bimbingan-keliling/undang/", views_sites.site_invite, name="site_invite"),
    path(
        "mitra/bimbingan-keliling/undangan/<str:batch_key>/",
        views_sites.site_invitations,
        name="site_invitations",
    ),
    path("mitra/bimbingan-keliling/klien/", views_sites.site_planner_clients, name="site_planner_clients"),
    path("pokmas/", views_portal.partner_home, name="partner_home"),
]
