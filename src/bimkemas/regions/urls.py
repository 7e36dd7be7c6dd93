from django.urls import path

from bimkemas.regions import views

urlpatterns = [path("wilayah/cari/", views.region_search_view, name="region_search")]
