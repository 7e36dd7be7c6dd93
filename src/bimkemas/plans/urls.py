from django.urls import path

from bimkemas.plans import views

urlpatterns = [
    path("kasus/<int:case_id>/program/", views.case_plans, name="case_plans"),
    path("kasus/<int:case_id>/program/<str:phase>/buat/", views.plan_start, name="plan_start"),
    path("program/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("program/<int:plan_id>/ubah/", views.plan_edit, name="plan_edit"),
    path("program/<int:plan_id>/buka-kembali/", views.plan_reopen, name="plan_reopen"),
    path("kasus/<int:case_id>/evaluasi/<str:phase>/mulai/", views.evaluation_start, name="evaluation_start"),
    path("evaluasi/<int:evaluation_id>/", views.evaluation_form, name="evaluation_form"),
    path("laporan/program-bimbingan/", views.plans_coverage, name="plans_coverage"),
    path("laporan/program-bimbingan.xlsx", views.plans_coverage_xlsx, name="plans_coverage_xlsx"),
]
