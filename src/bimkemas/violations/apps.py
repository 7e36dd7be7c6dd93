from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ViolationsConfig(AppConfig):
    name = "bimkemas.violations"
    verbose_name = _("Pelanggaran dan pencabutan")
