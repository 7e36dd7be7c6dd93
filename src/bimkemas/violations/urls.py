from django.urls import path

from bimkemas.violations import views

urlpatterns = [
    path("pelanggaran/", views.violation_list, name="violation_list"),
    path("kasus/<int:case_id>/pelanggaran/", views.case_violations, name="case_violations"),
]
