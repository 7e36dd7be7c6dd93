from django.urls import include, path

from bimkemas.cases import views

urlpatterns = [
    path("klien/", views.caseload, name="caseload"),
    path("kasus/<int:case_id>/", views.case_detail, name="case_detail"),
    path("kasus/<int:case_id>/ubah/", views.case_edit, name="case_edit"),
    path("kasus/<int:case_id>/akhiri/", views.case_end_view, name="case_end"),
    path("kasus/<int:case_id>/batasi/", views.case_restrict_view, name="case_restrict"),
    path("penerimaan/", views.case_receive_view, name="case_receive"),
    path("penerimaan/cek-duplikat/", views.duplicate_check, name="duplicate_check"),
    path("penugasan/", views.assignments, name="assignments"),
    path("penugasan/tugaskan/", views.assign, name="assign"),
    path("", include("bimkemas.cases.urls_handover")),
    path("", include("bimkemas.cases.urls_documents")),
]
