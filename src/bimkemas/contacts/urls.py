from django.urls import path

from bimkemas.contacts import views

urlpatterns = [
    path("hari-ini/", views.today, name="today"),
    path("kasus/<int:case_id>/kontak/", views.contact_record, name="contact_record"),
    path("kasus/<int:case_id>/wajib-lapor/", views.case_reporting, name="case_reporting"),
    path("kasus/<int:case_id>/wajib-lapor/jadwal/", views.schedule_override, name="schedule_override"),
    path("wajib-lapor/<int:obligation_id>/maafkan/", views.obligation_excuse, name="obligation_excuse"),
    path("tugas/<int:task_id>/tutup/", views.task_close, name="task_close"),
    path("lapor-mandiri/<int:checkin_id>/", views.checkin_review, name="checkin_review"),
    path("aturan-wajib-lapor/", views.reporting_rules, name="reporting_rules"),
]
