from django.urls import path

from bimkemas.monitoring import views

urlpatterns = [
    path("laporan/wajib-lapor/", views.reporting_report_view, name="reporting_report"),
    path("laporan/wajib-lapor.xlsx", views.reporting_report_xlsx, name="reporting_report_xlsx"),
]

# The SIMONAS partner report (Pokmas Lipas activities).
from bimkemas.monitoring import views_partners  # noqa: E402

urlpatterns += [
    path("laporan/mitra/", views_partners.partner_report_view, name="partner_report"),
    path("laporan/mitra.xlsx", views_partners.partner_report_xlsx, name="partner_report_xlsx"),
]
