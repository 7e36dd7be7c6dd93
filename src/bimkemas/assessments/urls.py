from django.urls import path

from bimkemas.assessments import views

urlpatterns = [
    path("kasus/<int:case_id>/asesmen/", views.case_assessments, name="case_assessments"),
    path("kasus/<int:case_id>/asesmen/baru/", views.assessment_start_view, name="assessment_start"),
    path("asesmen/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("asesmen/<int:assessment_id>/isi/", views.assessment_fill, name="assessment_fill"),
    path("asesmen/instrumen/", views.instrument_list, name="instrument_list"),
    path("asesmen/instrumen/<int:instrument_id>/", views.instrument_detail, name="instrument_detail"),
]
