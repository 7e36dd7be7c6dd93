from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "bimkemas.plans"
    verbose_name = _("Program bimbingan dan evaluasi")
