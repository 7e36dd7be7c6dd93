from django.urls import path

from bimkemas.monitoring import views

urlpatterns = [
    path("laporan/wajib-lapor/", views.reporting_report_view, name="reporting_report"),
    path("laporan/wajib-lapor.xlsx", views.reporting_report_xlsx, name="reporting_report_xlsx"),
]
