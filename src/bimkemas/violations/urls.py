from django.urls import path

from bimkemas.violations import views

urlpatterns = [
    path("pelanggaran/", views.violation_list, name="violation_list"),
    path("pelanggaran/statistik/", views.violation_statistics_page, name="violation_statistics"),
    path("kasus/<int:case_id>/pelanggaran/", views.case_violations, name="case_violations"),
    path("kasus/<int:case_id>/pencabutan/baru/", views.revocation_new, name="revocation_new"),
    path("pencabutan/", views.revocation_list, name="revocation_list"),
    path("pencabutan/<int:revocation_id>/", views.revocation_detail, name="revocation_detail"),
    path("pencabutan/<int:revocation_id>/usulan.pdf", views.revocation_pdf, name="revocation_pdf"),
]
