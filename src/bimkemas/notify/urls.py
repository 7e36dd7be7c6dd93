from django.urls import path

from bimkemas.notify import views

urlpatterns = [
    path("pemberitahuan/", views.message_log, name="message_log"),
]
