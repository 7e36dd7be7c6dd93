from django.urls import path

from bimkemas.activities import views

urlpatterns = [
    path("kegiatan/", views.activity_list, name="activity_list"),
    path("kegiatan/baru/", views.activity_create, name="activity_create"),
    path("kegiatan/<int:activity_id>/", views.activity_detail, name="activity_detail"),
    path("kegiatan/<int:activity_id>/ubah/", views.activity_edit, name="activity_edit"),
    path("kegiatan/<int:activity_id>/batalkan/", views.activity_cancel, name="activity_cancel"),
    path(
        "kegiatan/<int:activity_id>/identitas-anak/",
        views.activity_identity_grant,
        name="activity_identity_grant",
    ),
    path(
        "kegiatan/<int:activity_id>/identitas-anak/cabut/",
        views.activity_identity_revoke,
        name="activity_identity_revoke",
    ),
    path("kegiatan/<int:activity_id>/peserta/", views.activity_enrol, name="activity_enrol"),
    path("kegiatan/<int:activity_id>/absensi/", views.activity_rollcall, name="activity_rollcall"),
    path("kegiatan/<int:activity_id>/daftar-hadir.pdf", views.activity_sheet, name="activity_sheet"),
]
