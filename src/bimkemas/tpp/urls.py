from django.urls import path

from bimkemas.tpp import views

urlpatterns = [
    path("tpp/", views.tpp_list, name="tpp_list"),
    path("tpp/baru/", views.tpp_new, name="tpp_new"),
    path("tpp/<int:tpp_id>/", views.tpp_detail, name="tpp_detail"),
    path("tpp/<int:tpp_id>/ubah/", views.tpp_edit, name="tpp_edit"),
    path("tpp/<int:tpp_id>/agenda/", views.tpp_item_add, name="tpp_item_add"),
    path("tpp/<int:tpp_id>/anggota/", views.tpp_member_add, name="tpp_member_add"),
    path("tpp/<int:tpp_id>/kehadiran/", views.tpp_attendance, name="tpp_attendance"),
    path("tpp/<int:tpp_id>/final/", views.tpp_finalise, name="tpp_finalise"),
    path("tpp/<int:tpp_id>/batal/", views.tpp_cancel, name="tpp_cancel"),
    path("tpp/<int:tpp_id>/berita-acara.pdf", views.tpp_minutes_pdf, name="tpp_minutes_pdf"),
    path("tpp/agenda/<int:tpp_item_id>/", views.tpp_item_edit, name="tpp_item_edit"),
    path("tpp/agenda/<int:tpp_item_id>/hapus/", views.tpp_item_remove, name="tpp_item_remove"),
    path("tpp/agenda/<int:tpp_item_id>/pindah/", views.tpp_item_move, name="tpp_item_move"),
    path("tpp/anggota/<int:tpp_member_id>/hapus/", views.tpp_member_remove, name="tpp_member_remove"),
    path("kasus/<int:case_id>/tpp/", views.case_tpp, name="case_tpp"),
]
