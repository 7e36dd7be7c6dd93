from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LitmasConfig(AppConfig):
    name = "bimkemas.litmas"
    verbose_name = _("Litmas")
