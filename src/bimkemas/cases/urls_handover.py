from django.urls import path

from bimkemas.cases import views_handover

urlpatterns = [
    path("serah-terima/impor/", views_handover.handover_import_view, name="handover_import"),
    path("serah-terima/impor/contoh.csv", views_handover.handover_sample_view, name="handover_sample"),
]
