from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TppConfig(AppConfig):
    name = "bimkemas.tpp"
    verbose_name = _("Sidang TPP")
