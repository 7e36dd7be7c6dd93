from django.urls import path

from bimkemas.clients import views

urlpatterns = [
    path("kasus/<int:case_id>/klien/ubah/", views.person_edit, name="person_edit"),
    path("klien/cek-nik/", views.nik_feedback, name="nik_feedback"),
    path("klien/foto/<int:person_id>/", views.person_photo, name="person_photo"),
]
