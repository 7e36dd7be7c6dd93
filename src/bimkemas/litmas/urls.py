from django.urls import path

from bimkemas.litmas import views

urlpatterns = [
    path("kasus/<int:case_id>/litmas/", views.case_litmas, name="case_litmas"),
    path("kasus/<int:case_id>/litmas/baru/", views.litmas_create, name="litmas_create"),
    path("litmas/", views.litmas_list, name="litmas_list"),
    path("litmas/penyetuju/", views.litmas_approvers, name="litmas_approvers"),
    path("litmas/<int:litmas_id>/", views.litmas_detail, name="litmas_detail"),
    path("litmas/<int:litmas_id>/tulis/", views.litmas_edit, name="litmas_edit"),
    path("litmas/<int:litmas_id>/simpan-otomatis/", views.litmas_autosave, name="litmas_autosave"),
    path("litmas/<int:litmas_id>/ajukan/", views.litmas_submit, name="litmas_submit"),
    path("litmas/<int:litmas_id>/kembalikan/", views.litmas_return, name="litmas_return"),
    path("litmas/<int:litmas_id>/setujui/", views.litmas_approve, name="litmas_approve"),
    path("litmas/<int:litmas_id>/versi/<int:version_number>/", views.litmas_version, name="litmas_version"),
    path("litmas/<int:litmas_id>/pdf/", views.litmas_pdf, name="litmas_pdf"),
]
