from django.urls import path

from bimkemas.linkage import views

urlpatterns = [
    path("pencocokan/", views.candidate_list, name="candidate_list"),
    path("pencocokan/impor/", views.outside_import, name="outside_import"),
    path("pencocokan/<int:candidate_id>/", views.candidate_detail, name="candidate_detail"),
]
